#!/bin/bash
# usb_mount_helper.sh - packaging/junheng-usb-mount, which the udev rule runs
# for a USB stick: the mount point under /media/junheng/ (label, else UUID;
# never outside, never hidden) and the options per filesystem (owned by the
# kiosk user on FAT, exFAT and NTFS; flush on FAT; NTFS as ntfs-3g, else
# ntfs3; a second stick of one label beside the first), handed to
# systemd-mount.  blkid, getent, id, modinfo, findmnt, systemctl and
# systemd-mount are stand-ins on PATH that record what the helper asked;
# the device is any block device of this machine.
set -u
helper="$JH_SOURCE_DIR/packaging/junheng-usb-mount"
dev=$(find /dev -maxdepth 1 -type b 2>/dev/null | head -1)
[ -n "$dev" ] || { echo "SKIP: no block device in /dev to stand for a stick"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jh-usbmount-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
cat > "$tmp/bin/blkid" <<'S'
#!/bin/sh
# blkid -o value -s FIELD DEV
case "$4" in TYPE) v=$FAKE_TYPE ;; LABEL) v=$FAKE_LABEL ;; UUID) v=$FAKE_UUID ;; esac
[ -n "$v" ] && echo "$v"
S
cat > "$tmp/bin/getent" <<'S'
#!/bin/sh
[ "$FAKE_USER" = yes ] && echo "junheng:x:101:106::/var/lib/junheng:/usr/sbin/nologin"
S
cat > "$tmp/bin/id" <<'S'
#!/bin/sh
[ "$1" = -u ] && echo 101 || echo 106
S
cat > "$tmp/bin/systemd-mount" <<'S'
#!/bin/sh
echo "$*" > "$FAKE_CALL"
S
cat > "$tmp/bin/modinfo" <<'S'
#!/bin/sh
[ "${FAKE_NTFS3:-yes}" = yes ]
S
cat > "$tmp/bin/findmnt" <<'S'
#!/bin/sh
# findmnt -rn -o SOURCE --mountpoint DIR: the device mounted there
[ -n "${FAKE_TAKEN:-}" ] && [ "$5" = "${FAKE_TAKEN_AT:-}" ] && echo "$FAKE_TAKEN"
exit 0
S
printf '#!/bin/sh\n' > "$tmp/bin/systemctl"
printf '#!/bin/sh\necho x.mount\n' > "$tmp/bin/systemd-escape"
chmod +x "$tmp/bin"/*
fail=0
case_() { # case_ NAME TYPE LABEL UUID USER EXPECTED-ARGS ("" = no mount)
  local name=$1
  rm -f "$tmp/call"
  FAKE_TYPE=$2 FAKE_LABEL=$3 FAKE_UUID=$4 FAKE_USER=$5 FAKE_CALL="$tmp/call" \
    PATH="$tmp/bin:/usr/bin:/bin" sh "$helper" "$dev"
  local rc=$? got=""
  [ -f "$tmp/call" ] && got=$(cat "$tmp/call")
  if [ $rc = 0 ] && [ "$got" = "$6" ]; then
    echo "PASS $name"
  else
    echo "FAIL $name: exit $rc"; echo "  expected: '$6'"; echo "  got:      '$got'"; fail=1
  fi
}
base="--no-block --collect --automount=no -o nosuid,nodev,noexec,nosymfollow"
case_ "FAT stick with a label" vfat "MY STICK" "" yes \
  "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/MY_STICK"
case_ "exFAT stick without a label: its UUID" exfat "" 1234-ABCD yes \
  "$base,uid=101,gid=106,umask=0077 $dev /media/junheng/1234-ABCD"
# NTFS through the kernel's ntfs3 (blkid's "ntfs" is the old read-only
# driver, or none, on Debian 12), else ntfs-3g, else not mounted
case_ "NTFS stick, Chinese label kept, no ntfs-3g: mounted as ntfs3" ntfs "学校U盘" "" yes \
  "--no-block --collect --automount=no -t ntfs3 -o nosuid,nodev,noexec,nosymfollow,uid=101,gid=106,umask=0077 $dev /media/junheng/学校U盘"
printf '#!/bin/sh\n' > "$tmp/bin/mount.ntfs-3g"; chmod +x "$tmp/bin/mount.ntfs-3g"
# ntfs-3g preferred where both are there: it mounts a stick Windows left
# "dirty" read-write, ntfs3 refuses it (review r2docs, item 5).  Failed
# before: ntfs3.
case_ "NTFS stick, ntfs3 and ntfs-3g both there: ntfs-3g" ntfs "学校U盘" "" yes \
  "--no-block --collect --automount=no -t ntfs-3g -o nosuid,nodev,noexec,nosymfollow,uid=101,gid=106,umask=0077 $dev /media/junheng/学校U盘"
FAKE_NTFS3=no case_ "NTFS stick, a kernel without ntfs3: ntfs-3g" ntfs "DATA" "" yes \
  "--no-block --collect --automount=no -t ntfs-3g -o nosuid,nodev,noexec,nosymfollow,uid=101,gid=106,umask=0077 $dev /media/junheng/DATA"
rm "$tmp/bin/mount.ntfs-3g"
FAKE_NTFS3=no case_ "NTFS stick, neither ntfs3 nor ntfs-3g: not mounted" ntfs "DATA" "" yes ""
# two sticks with one label: the second gets its own mount point
FAKE_TAKEN=/dev/sdz1 FAKE_TAKEN_AT=/media/junheng/U盘 case_ "a second stick labelled U盘: its UUID after the label" \
  vfat "U盘" 4444-DDDD yes "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/U盘-4444-DDDD"
FAKE_TAKEN=$dev FAKE_TAKEN_AT=/media/junheng/U盘 case_ "the same stick again: its own mount point" \
  vfat "U盘" 4444-DDDD yes "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/U盘"
# two departments' sticks: two mount points (not both _________)
case_ "FAT stick labelled 教务处" vfat "教务处" 1111-AAAA yes \
  "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/教务处"
case_ "FAT stick labelled 校长室" vfat "校长室" 2222-BBBB yes \
  "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/校长室"
case_ "a Chinese label with a slash and a blank: those become _" vfat "教务/处 1" "" yes \
  "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/教务_处_1"
case_ "a label that is not UTF-8: ASCII and the UUID" vfat "$(printf 'AB\xbd\xcc')" 3333-CCCC yes \
  "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/AB__-3333-CCCC"
case_ "a label '..' stays inside /media/junheng" vfat ".." "" yes \
  "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/_."
case_ "a label '../../etc' stays inside /media/junheng" vfat "../../etc" "" yes \
  "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/_._.._etc"
case_ "ext4: mounted, owned by root (no uid option)" ext4 data "" yes "$base $dev /media/junheng/data"
case_ "a CD image or swap is not mounted" iso9660 CDROM "" yes ""
case_ "without the kiosk user nothing is mounted" vfat STICK "" no ""
# From udev: the ID_FS_* properties come in the environment (blkid says nothing here).
export ID_FS_TYPE=vfat ID_FS_LABEL=UDEV_STICK ID_FS_UUID=AAAA-BBBB
case_ "udev's ID_FS_TYPE and ID_FS_LABEL are used" "" "" "" yes \
  "$base,uid=101,gid=106,umask=0077,flush,utf8,shortname=mixed $dev /media/junheng/UDEV_STICK"
unset ID_FS_TYPE ID_FS_LABEL ID_FS_UUID
exit $fail
