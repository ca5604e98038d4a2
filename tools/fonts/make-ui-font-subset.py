#!/usr/bin/env python3
"""Build ResLab's bundled UI font: a subset of Noto Sans CJK SC (Regular and Bold).

JavaFX on Linux draws Chinese as boxes when no CJK font is installed, so the
app ships its own font. The full Noto Sans CJK faces are 16+ MB each; this
script cuts them down to the characters a Chinese/English UI needs.

Source: the Debian package fonts-noto-cjk (upstream
https://github.com/notofonts/noto-cjk), which ships .ttc collections
(NotoSansCJK-Regular.ttc, NotoSansCJK-Bold.ttc). The Simplified Chinese face is
found by its name table (family "Noto Sans CJK SC"), not by a fixed index.

Character set kept (see UNICODE_BLOCKS below plus the GB2312 Hanzi):
  * whole Unicode blocks: Basic Latin, Latin-1 Supplement, Latin Extended-A,
    Greek and Coptic, General Punctuation, Superscripts and Subscripts,
    Letterlike Symbols, Number Forms, Arrows, Mathematical Operators,
    Box Drawing, Geometric Shapes, CJK Symbols and Punctuation,
    Halfwidth and Fullwidth Forms (code points the font lacks are skipped);
  * all 6,763 Hanzi of GB2312 (GB 2312-80 levels 1 and 2), derived by decoding
    every valid 2-byte GB2312 code with Python's 'gb2312' codec and keeping the
    CJK Unified Ideographs.

Subsetting uses fontTools.subset (pyftsubset) with its default layout
handling (GSUB/GPOS/GDEF kept for the default feature list, kerning included),
plus: CFF hints dropped (--no-hinting), .notdef outline kept, all name records
kept (copyright, trademark and OFL licence fields stay in the font).
Output is CFF-flavoured OpenType (.otf), which JavaFX 21 loads directly.

Requirements (Debian/Ubuntu):
    apt-get install -y fonts-noto-cjk python3-fonttools

Usage (from the repository root):
    /usr/bin/python3 tools/fonts/make-ui-font-subset.py
Options: --src-dir DIR (where the .ttc files are), --out-dir DIR.
The result is reproducible: fontTools keeps the source 'head' timestamps.
"""

import argparse
import hashlib
import os
import sys

try:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont
except ImportError:  # pragma: no cover - environment hint only
    sys.exit("fontTools not found: apt-get install python3-fonttools "
             "(and run with the system python, e.g. /usr/bin/python3)")

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_SRC_DIR = "/usr/share/fonts/opentype/noto"
DEFAULT_OUT_DIR = os.path.join(REPO_ROOT, "app", "src", "main", "resources",
                               "reslab", "app", "fonts")

SOURCE_FAMILY = "Noto Sans CJK SC"
# (source collection, output file) per weight
WEIGHTS = [
    ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular-subset.otf"),
    ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold-subset.otf"),
]

UNICODE_BLOCKS = [
    ("Basic Latin", 0x0000, 0x007F),
    ("Latin-1 Supplement", 0x0080, 0x00FF),
    ("Latin Extended-A", 0x0100, 0x017F),
    ("Latin Extended-B", 0x0180, 0x024F),   # pinyin tone letters ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    ("Greek and Coptic", 0x0370, 0x03FF),
    ("General Punctuation", 0x2000, 0x206F),
    ("Superscripts and Subscripts", 0x2070, 0x209F),
    ("Letterlike Symbols", 0x2100, 0x214F),
    ("Number Forms", 0x2150, 0x218F),
    ("Arrows", 0x2190, 0x21FF),
    ("Mathematical Operators", 0x2200, 0x22FF),
    ("Box Drawing", 0x2500, 0x257F),
    ("Geometric Shapes", 0x25A0, 0x25FF),
    ("CJK Symbols and Punctuation", 0x3000, 0x303F),
    ("Halfwidth and Fullwidth Forms", 0xFF00, 0xFFEF),
]

GB2312_HANZI_COUNT = 6763


def gb2312_hanzi():
    """All Hanzi of GB2312: decode every valid 2-byte code, keep the ideographs."""
    hanzi = set()
    for b1 in range(0xA1, 0xFF):
        for b2 in range(0xA1, 0xFF):
            try:
                ch = bytes((b1, b2)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            cp = ord(ch)
            if 0x4E00 <= cp <= 0x9FFF:  # CJK Unified Ideographs
                hanzi.add(cp)
    if len(hanzi) != GB2312_HANZI_COUNT:
        sys.exit(f"expected {GB2312_HANZI_COUNT} GB2312 Hanzi, got {len(hanzi)}")
    return hanzi


def wanted_codepoints():
    cps = set()
    for _name, lo, hi in UNICODE_BLOCKS:
        cps.update(range(lo, hi + 1))
    return cps, gb2312_hanzi()


def find_face(ttc_path, family):
    """Index of the face whose name-table family (nameID 1) is `family`."""
    coll = TTCollection(ttc_path, lazy=True)
    try:
        for i, font in enumerate(coll.fonts):
            if font["name"].getDebugName(1) == family:
                return i
    finally:
        coll.close()
    sys.exit(f"no face named {family!r} in {ttc_path}")


def subset_options():
    opts = subset.Options()
    opts.hinting = False            # --no-hinting: drop CFF hints (smaller)
    opts.notdef_outline = True      # --notdef-outline: keep the .notdef box
    opts.name_IDs = ["*"]           # --name-IDs='*': keep copyright/licence/trademark
    opts.name_languages = ["*"]     # --name-languages='*'
    opts.name_legacy = True         # --name-legacy
    # Drop 'locl': it pulls in the Japanese, Korean and Traditional Chinese variant
    # glyphs (over half the file), which a Simplified Chinese UI never shows.
    opts.layout_features = [f for f in opts.layout_features if f != "locl"]
    # everything else (GPOS kerning, GSUB, tables) is the pyftsubset default
    return opts


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def build(src_dir, out_dir):
    blocks, hanzi = wanted_codepoints()
    unicodes = sorted(blocks | hanzi)
    os.makedirs(out_dir, exist_ok=True)
    for ttc_name, out_name in WEIGHTS:
        src = os.path.join(src_dir, ttc_name)
        index = find_face(src, SOURCE_FAMILY)
        # recalcTimestamp=False keeps the source head.modified: reproducible output
        font = TTFont(src, fontNumber=index, lazy=False, recalcTimestamp=False)
        sub = subset.Subsetter(options=subset_options())
        sub.populate(unicodes=unicodes)
        sub.subset(font)
        out = os.path.join(out_dir, out_name)
        font.save(out)
        font.close()

        # sanity check of the result
        check = TTFont(out)
        cmap = check.getBestCmap()
        missing_hanzi = sorted(cp for cp in hanzi if cp not in cmap)
        if missing_hanzi:
            sys.exit(f"{out}: {len(missing_hanzi)} GB2312 Hanzi missing, e.g. "
                     + " ".join(f"U+{cp:04X}" for cp in missing_hanzi[:10]))
        mapped_blocks = sum(1 for cp in blocks if cp in cmap)
        name = check["name"]
        print(f"{out_name}: face #{index} of {ttc_name}; "
              f"family={name.getDebugName(1)!r} style={name.getDebugName(2)!r} "
              f"full={name.getDebugName(4)!r} ps={name.getDebugName(6)!r}")
        print(f"  {len(check.getGlyphOrder())} glyphs, {len(cmap)} code points "
              f"({len(hanzi)} GB2312 Hanzi + {mapped_blocks} from the blocks), "
              f"{os.path.getsize(out)} bytes, sha256 {sha256(out)}")
        check.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src-dir", default=DEFAULT_SRC_DIR,
                    help="directory with NotoSansCJK-{Regular,Bold}.ttc "
                         f"(default {DEFAULT_SRC_DIR})")
    ap.add_argument("--out-dir", default=DEFAULT_OUT_DIR,
                    help="output directory (default app/src/main/resources/"
                         "reslab/app/fonts in this repository)")
    args = ap.parse_args(argv)
    build(args.src_dir, args.out_dir)


if __name__ == "__main__":
    main()
