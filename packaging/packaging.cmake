# packaging.cmake - install rules and the two Debian packages (CPack DEB):
#   junheng-kiosk  the touch kiosk, its systemd service, USB mounting, font
#                  and questionnaires under /usr/share/junheng/
#   junheng        the bureau's command-line tool
# Build them with `bash tools/dev.sh package` (packaging/README.md).
include(GNUInstallDirs)

# Debian's hardening for what the packages ship, in optimised builds:
# fortified libc calls, stack protector, read-only relocations bound at start.
if(NOT JH_SANITIZE AND NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
  foreach(t jh_core jh_ui jh_input jh_speech junheng junheng-kiosk)
    if(TARGET ${t})
      target_compile_options(${t} PRIVATE -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2 -fstack-protector-strong)
    endif()
  endforeach()
  foreach(t junheng junheng-kiosk)
    if(TARGET ${t})
      target_link_options(${t} PRIVATE -Wl,-z,relro,-z,now)
    endif()
  endforeach()
endif()

set(JH_PKG_DIR ${CMAKE_SOURCE_DIR}/packaging)
set(JH_PKG_GEN ${CMAKE_BINARY_DIR}/packaging)
# Version of the .deb files; the upgrade test builds one above it.
set(JH_DEB_VERSION "${PROJECT_VERSION}" CACHE STRING "Debian version of the packages")

# ---- kiosk ------------------------------------------------------------------
if(JH_KIOSK)
  install(TARGETS junheng-kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
  install(FILES ${CMAKE_SOURCE_DIR}/fonts/NotoSansSC-Junheng.otf ${CMAKE_SOURCE_DIR}/fonts/README.md
          DESTINATION ${CMAKE_INSTALL_DATADIR}/junheng/fonts COMPONENT kiosk)
  file(GLOB JH_SURVEY_FILES ${CMAKE_SOURCE_DIR}/data/surveys/*.json)
  install(FILES ${JH_SURVEY_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/junheng/surveys COMPONENT kiosk)
  install(FILES ${CMAKE_SOURCE_DIR}/data/kiosk.conf.example
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/junheng-kiosk/examples COMPONENT kiosk)
  # /etc/junheng/kiosk.conf: the example with every setting commented out, so
  # the admin screen stays in charge until the technician sets something here.
  file(READ ${CMAKE_SOURCE_DIR}/data/kiosk.conf.example JH_CONF)
  string(REGEX REPLACE "\n([a-z_]+ *=)" "\n# \\1" JH_CONF "${JH_CONF}")
  file(READ ${JH_PKG_DIR}/kiosk.conf.head JH_CONF_HEAD)
  file(WRITE ${JH_PKG_GEN}/kiosk.conf "${JH_CONF_HEAD}${JH_CONF}")
  install(FILES ${JH_PKG_GEN}/kiosk.conf DESTINATION /etc/junheng COMPONENT kiosk)
  install(FILES ${JH_PKG_DIR}/junheng-kiosk.service DESTINATION /lib/systemd/system COMPONENT kiosk)
  install(FILES ${JH_PKG_DIR}/junheng-kiosk.pam DESTINATION /etc/pam.d RENAME junheng-kiosk COMPONENT kiosk)
  install(FILES ${JH_PKG_DIR}/90-junheng-usb.rules DESTINATION /lib/udev/rules.d COMPONENT kiosk)
  install(PROGRAMS ${JH_PKG_DIR}/junheng-usb-mount DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/junheng COMPONENT kiosk)
  install(FILES ${JH_PKG_DIR}/50-junheng-kiosk.rules DESTINATION ${CMAKE_INSTALL_DATADIR}/polkit-1/rules.d COMPONENT kiosk)
endif()

# ---- bureau tool --------------------------------------------------------------
install(TARGETS junheng RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT bureau)
# The sample school register and (below) the questionnaires the README's
# commands name: under /usr/share/junheng/examples, not /usr/share/doc, which
# minimal and container images leave out (dpkg path-exclude=/usr/share/doc/*).
install(FILES ${CMAKE_SOURCE_DIR}/data/sample/schools.csv
        DESTINATION ${CMAKE_INSTALL_DATADIR}/junheng/examples COMPONENT bureau)
# The kiosk's font, for `junheng check` to test that every character of a
# questionnaire can be drawn (its own copy: junheng-kiosk owns
# /usr/share/junheng/fonts/, and a bureau machine has no kiosk).
install(FILES ${CMAKE_SOURCE_DIR}/fonts/NotoSansSC-Junheng.otf ${CMAKE_SOURCE_DIR}/fonts/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/junheng/check COMPONENT bureau)
# The official questionnaires, as the kiosks have them, for `junheng surveys`.
file(GLOB JH_SURVEY_FILES_B ${CMAKE_SOURCE_DIR}/data/surveys/*.json)
# (Their own folder: junheng-kiosk owns /usr/share/junheng/surveys.)
install(FILES ${JH_SURVEY_FILES_B} DESTINATION ${CMAKE_INSTALL_DATADIR}/junheng/examples/surveys COMPONENT bureau)

# ---- per-package documentation: man page, changelog, copyright -----------------
find_program(GZIP gzip REQUIRED)
foreach(pair "kiosk;junheng-kiosk" "bureau;junheng")
  list(GET pair 0 comp)
  list(GET pair 1 pkg)
  if(comp STREQUAL "kiosk" AND NOT JH_KIOSK)
    continue()
  endif()
  set(doc ${JH_PKG_GEN}/${pkg})
  file(MAKE_DIRECTORY ${doc})
  add_custom_command(
    OUTPUT ${doc}/${pkg}.1.gz ${doc}/changelog.gz
    COMMAND ${GZIP} -9nc ${JH_PKG_DIR}/${pkg}.1 > ${doc}/${pkg}.1.gz
    COMMAND ${GZIP} -9nc ${JH_PKG_DIR}/changelog > ${doc}/changelog.gz
    DEPENDS ${JH_PKG_DIR}/${pkg}.1 ${JH_PKG_DIR}/changelog
    COMMENT "Compressing the ${pkg} man page and changelog")
  add_custom_target(${pkg}-docs ALL DEPENDS ${doc}/${pkg}.1.gz ${doc}/changelog.gz)
  install(FILES ${doc}/${pkg}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${comp})
  install(FILES ${doc}/changelog.gz ${JH_PKG_DIR}/copyright
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${comp})
endforeach()

# ---- CPack ---------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME junheng)
set(CPACK_PACKAGE_VERSION ${JH_DEB_VERSION})
set(CPACK_PACKAGE_VENDOR "Junheng")
set(CPACK_PACKAGE_CONTACT "Junheng maintainers <maintainers@users.noreply.h-seed-f6345400.example>")
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/deb)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEB_COMPONENT_INSTALL ON)
if(JH_KIOSK)
  set(CPACK_COMPONENTS_ALL kiosk bureau)
else()
  set(CPACK_COMPONENTS_ALL bureau)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_VERSION ${JH_DEB_VERSION})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/junheng/junheng")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME junheng-kiosk)
# espeak-ng-data: the Mandarin voice of read-aloud; rime-data-luna-pinyin and
# tegaki-zinnia-simplified-chinese: the data of the input panel's pinyin and
# handwriting (the libraries come from dpkg-shlibdeps); sqlite3: the program
# the admin screen's 取回损坏数据库里的答卷 runs (app/core/salvage.c);
# libc-l10n: the system's own reasons inside the Chinese messages ("设备上没有
# 空间", not "No space left on device"), from libc's catalog (a Debian 12
# without the locales package has none).
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "adduser, cage, xwayland, libpam-systemd, procps, systemd, udev, kmod, sqlite3, espeak-ng-data, rime-data-luna-pinyin, tegaki-zinnia-simplified-chinese, libc-l10n")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "fonts-noto-cjk, polkitd")
# NTFS sticks: the kernel's ntfs3 (found with kmod's modinfo, above); ntfs-3g
# for a kernel without it (junheng-usb-mount).
set(CPACK_DEBIAN_KIOSK_PACKAGE_SUGGESTS "ntfs-3g")
# The input engines (app/input, through the input panel) are linked into the
# kiosk: dpkg-shlibdeps adds librime and libzinnia by itself, their data
# packages are in the Depends above by hand.  When the speech engine
# (app/speech) is linked too, espeak-ng-data must be added the same way.
set(CPACK_COMPONENT_KIOSK_DESCRIPTION
   "touch-screen kiosk for anonymous school satisfaction questionnaires
Junheng (均衡) helps a county pass the evaluation of balanced compulsory
education.  This package is the kiosk: a full-screen touch program where
pupils, parents, teachers and the public answer an anonymous questionnaire
in Chinese (or English), one large question at a time.  Answers are kept in
a local SQLite database; an administrator exports signed bundles to a USB
stick.
.
It installs a systemd service that runs the kiosk under the cage Wayland
compositor on the first virtual terminal, a udev rule that mounts USB sticks
under /media/junheng/, the bundled font and questionnaires.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    ${JH_PKG_DIR}/kiosk/conffiles ${JH_PKG_DIR}/kiosk/postinst
    ${JH_PKG_DIR}/kiosk/prerm ${JH_PKG_DIR}/kiosk/postrm)
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_BUREAU_PACKAGE_NAME junheng)
# libc-l10n: the system's reasons in Chinese, as for the kiosk above.
set(CPACK_DEBIAN_BUREAU_PACKAGE_DEPENDS "libc-l10n")
set(CPACK_DEBIAN_BUREAU_PACKAGE_RECOMMENDS "chromium")
set(CPACK_COMPONENT_BUREAU_DESCRIPTION
   "county bureau tool for balanced-education survey statistics
Junheng (均衡) helps a county pass the evaluation of balanced compulsory
education.  This package is the bureau's command-line tool: it merges the
signed export bundles of the school kiosks into a county SQLite database,
computes satisfaction, social recognition and the enrolment-weighted
coefficients of variation, and writes the county's report (HTML, Excel
workbook, and PDF when Chromium is installed).")
include(CPack)
