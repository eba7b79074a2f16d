#!/usr/bin/env python3
"""Make fonts/NotoSansSC-Regular-GB2312.otf: face 2 (Simplified Chinese) of Debian's
NotoSansCJK-Regular.ttc, subset to the GB 2312 character set (6,763 hanzi plus its
punctuation, kana, Greek and Cyrillic), ASCII, CJK symbols and full-width forms.

    apt-get install -y fonts-noto-cjk && pip install fonttools
    python3 scripts/subset-cjk-font.py [path/to/NotoSansCJK-Regular.ttc]

Why a subset and what it costs: docs/adr/0012-quote-fonts.md.
"""
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
out = pathlib.Path(__file__).resolve().parent.parent / "fonts" / "NotoSansSC-Regular-GB2312.otf"

chars = set(range(0x20, 0x7F))
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
chars.update(range(0x3000, 0x3040))  # CJK symbols and punctuation
chars.update(range(0xFF00, 0xFFF0))  # full-width and half-width forms
chars.update(range(0x2000, 0x2070))  # general punctuation

font = TTCollection(src).fonts[2]
assert "SC" in font["name"].getDebugName(4), font["name"].getDebugName(4)
options = subset.Options()
options.layout_features = ["*"]
options.name_IDs = ["*"]
options.name_languages = ["*"]
options.notdef_outline = True
options.hinting = False
sub = subset.Subsetter(options)
sub.populate(unicodes=sorted(chars))
sub.subset(font)
font.save(out)
print(f"{out}: {out.stat().st_size} bytes, {len(chars)} code points asked")
