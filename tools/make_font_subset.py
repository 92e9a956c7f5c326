#!/usr/bin/python3
"""Regenerate fonts/NotoSansSC-Junheng.otf, the CJK font bundled with Junheng.

Reads the Simplified Chinese face of Noto Sans CJK Regular from Debian's
fonts-noto-cjk package and writes a deterministic subset covering:

  * every character of GB 2312 (all hanzi and symbols, found by decoding each
    valid 2-byte GB 2312 sequence with Python's codec),
  * every character of Big5 level 1 (0xA440-0xC67E, the 5,401 frequently used
    traditional characters), so traditional-script text such as names renders,
  * Latin (Basic Latin, Latin-1 Supplement, pinyin letters with tones),
    punctuation, CJK symbols and punctuation, halfwidth/fullwidth forms, and
    the symbol blocks a Chinese/English UI needs (arrows, shapes, check marks,
    circled numbers, units, letterlike symbols, ...).

Hinting, vertical metrics/layout and most OpenType layout features are
dropped. The family is renamed "Noto Sans SC Junheng" to mark it as a subset.

Needs Debian's python3-fonttools, hence /usr/bin/python3 (not a pyenv one):

    /usr/bin/python3 tools/make_font_subset.py [--source TTC] [--out OTF]
"""

import argparse
import hashlib
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
DEFAULT_OUT = os.path.join(REPO_ROOT, "fonts", "NotoSansSC-Junheng.otf")

# Face to take from the collection, identified by its PostScript name
# (name ID 6); the family name (ID 1) is the fallback check.
SOURCE_PS_NAME = "NotoSansCJKsc-Regular"
SOURCE_FAMILY = "Noto Sans CJK SC"

FAMILY = "Noto Sans SC Junheng"
STYLE = "Regular"
PS_NAME = "NotoSansSCJunheng-Regular"

# 2023-01-01T00:00:00Z in seconds since 1904-01-01 (OpenType 'head' epoch),
# so that the output does not depend on when the script runs.
FIXED_TIMESTAMP = 3755289600

# Inclusive code point ranges kept in addition to GB 2312 and Big5 level 1.
# Code points the source font lacks are ignored by the subsetter.
EXTRA_RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A (pinyin ā ē ī ō ū, names)
    (0x01CD, 0x01DC),  # Latin Extended-B: pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    (0x02C6, 0x02DD),  # spacing modifiers (ˇ ˉ ˊ ˋ ˙ ...)
    (0x2000, 0x206F),  # General Punctuation (— “ ” … ‰ ※ ...)
    (0x20A0, 0x20CF),  # Currency Symbols (€ ...)
    (0x2100, 0x214F),  # Letterlike Symbols (℃ № ℉ ™ ...)
    (0x2150, 0x218F),  # Number Forms (Ⅰ Ⅱ Ⅻ ⅰ ...)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2300, 0x23FF),  # Miscellaneous Technical
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (① .. ⑳ ⑴ ⒈ ⓐ)
    (0x2500, 0x257F),  # Box Drawing
    (0x2580, 0x259F),  # Block Elements
    (0x25A0, 0x25FF),  # Geometric Shapes (■ □ ▲ ▼ ◀ ▶ ● ○ ◎ ◆ ...)
    (0x2600, 0x26FF),  # Miscellaneous Symbols (★ ☆ ☐ ☑ ☒ ...)
    (0x2700, 0x27BF),  # Dingbats (✓ ✔ ✕ ✗ ✘ ...)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x30FF),  # Hiragana/Katakana (・ ー and a few GB 2312 kana)
    (0x3100, 0x312F),  # Bopomofo
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months (㈠ ㊀ ...)
    (0x3300, 0x33FF),  # CJK Compatibility (㎡ ㎏ ㎝ ㎞ ...)
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0xFFFD, 0xFFFD),  # replacement character
]

# OpenType layout features kept (horizontal shaping only; SDL_ttf may shape
# through HarfBuzz). Vertical, alternates and 'palt' features are dropped, and
# so is 'locl': in this face it only maps to the JP/KR/TC/HK glyph variants,
# which would nearly double the glyph count (and size) for no use here.
LAYOUT_FEATURES = ["ccmp", "kern", "mark", "mkmk"]

# Tables the kiosk does not need (vertical layout, baselines).
DROP_TABLES = ["BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF", "MATH"]


def gb2312_chars():
    """All characters of GB 2312: decode every valid 2-byte sequence."""
    chars = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def big5_level1_chars():
    """Big5 level 1: frequently used hanzi, 0xA440-0xC67E."""
    chars = set()
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            code = (lead << 8) | trail
            if not 0xA440 <= code <= 0xC67E:
                continue
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted_codepoints():
    cps = {ord(c) for c in gb2312_chars() | big5_level1_chars()}
    for first, last in EXTRA_RANGES:
        cps.update(range(first, last + 1))
    return sorted(cps)


def find_face(source):
    """Index of the Simplified Chinese face in the collection, by name."""
    if not source.lower().endswith((".ttc", ".otc")):
        return None  # plain font file
    coll = TTCollection(source, lazy=True)
    fallback = None
    for index, font in enumerate(coll.fonts):
        name = font["name"]
        if name.getDebugName(6) == SOURCE_PS_NAME:
            return index
        if fallback is None and name.getDebugName(1) == SOURCE_FAMILY:
            fallback = index
    if fallback is not None:
        return fallback
    sys.exit("error: no '%s' face in %s" % (SOURCE_PS_NAME, source))


def rename(font, version):
    """Mark the subset with its own family name (name table and CFF)."""
    name = font["name"]
    strings = {
        1: FAMILY,
        2: STYLE,
        3: "%s;%s" % (version, PS_NAME),
        4: "%s %s" % (FAMILY, STYLE),
        6: PS_NAME,
    }
    # Drop Mac/legacy duplicates and any typographic family names; write
    # the Windows English names fresh (the others are copied unchanged).
    name.names = [r for r in name.names
                  if r.platformID == 3 and r.nameID not in (16, 17, 21, 22)]
    for name_id, text in strings.items():
        name.removeNames(nameID=name_id)
        name.setName(text, name_id, 3, 1, 0x409)
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID,
                                   r.nameID))

    cff = font["CFF "].cff
    cff.fontNames = [PS_NAME]
    top = cff.topDictIndex[0]
    top.FullName = "%s %s" % (FAMILY, STYLE)
    top.FamilyName = FAMILY


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", default=DEFAULT_SOURCE,
                    help="Noto Sans CJK collection (default: %(default)s)")
    ap.add_argument("--out", default=DEFAULT_OUT,
                    help="output OTF (default: %(default)s)")
    args = ap.parse_args()

    index = find_face(args.source)

    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.hinting = False
    options.desubroutinize = False
    options.drop_tables = list(options.drop_tables) + DROP_TABLES
    options.name_IDs = ["*"]
    options.name_languages = [0x409]
    options.name_legacy = False
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    options.recalc_bounds = True

    font = TTFont(args.source, fontNumber=index if index is not None else -1,
                  lazy=True, recalcTimestamp=False)
    version = font["name"].getDebugName(5) or ""
    version = version.split(";")[0].replace("Version ", "") or "unknown"

    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=wanted_codepoints())
    subsetter.subset(font)

    rename(font, version)
    font["head"].created = FIXED_TIMESTAMP
    font["head"].modified = FIXED_TIMESTAMP

    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    tmp = args.out + ".tmp"
    font.save(tmp, reorderTables=True)
    font.close()
    os.replace(tmp, args.out)

    check = TTFont(args.out)
    glyphs = check["maxp"].numGlyphs
    mapped = len(check.getBestCmap())
    check.close()
    size = os.path.getsize(args.out)
    with open(args.out, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print("source:  %s (face %s, version %s)" % (args.source, index, version))
    print("wrote:   %s" % args.out)
    print("glyphs:  %d (%d mapped code points)" % (glyphs, mapped))
    print("size:    %d bytes (%.2f MiB)" % (size, size / 1048576.0))
    print("sha256:  %s" % digest)


if __name__ == "__main__":
    main()
