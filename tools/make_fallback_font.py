"""Build creditgap/data/fallback.ttf: the font pdfium is given when no system font has a glyph.

    python tools/make_fallback_font.py

On a machine without a CJK font (a bare server, CI), pdfium substitutes its built-in Latin fonts
for a non-embedded CJK font (reportlab's STSong-Light, any predefined CMap, a non-embedded
Identity-H font). Those have no CJK glyphs, so pdfium gives the characters zero-height boxes and
drops one-character text objects altogether. The text layer needs a glyph, not a pretty one:
every code point of the CJK ranges (and ASCII) maps to one square glyph, and .notdef is the same
square so a lookup by glyph id (Identity-H) also finds an outline.

A one-off: the output is committed, fontTools is not a runtime dependency.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

OUT = Path(__file__).resolve().parent.parent / "creditgap" / "data" / "fallback.ttf"
FAMILY = "CreditgapFallback"
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (· × ÷ °)
    (0x2000, 0x206F),  # general punctuation: — – ‘ ’ “ ” … ‰ (a lone — is common in 逾期31—60天)
    (0x2100, 0x22FF),  # letterlike, number forms, arrows, mathematical operators (℃ Ⅰ → ≤)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①)
    (0x2500, 0x25FF),  # box drawing, block elements, geometric shapes (■ ○)
    (0x2E80, 0x2EFF),  # CJK radicals supplement
    (0x2F00, 0x2FDF),  # Kangxi radicals
    (0x3000, 0x30FF),  # CJK symbols and punctuation, hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility (㈠ ㎡)
    (0x3400, 0x4DBF),  # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small form variants
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms
]
UPM = 1000


def square() -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((50, -120))  # a typical CJK face: ink from the descent to near the ascent
    pen.lineTo((50, 760))
    pen.lineTo((950, 760))
    pen.lineTo((950, -120))
    pen.closePath()
    return pen.glyph()


def main() -> None:
    fb = FontBuilder(UPM, isTTF=True)
    glyphs = [".notdef", "square"]
    fb.setupGlyphOrder(glyphs)
    fb.setupCharacterMap({cp: "square" for lo, hi in RANGES for cp in range(lo, hi + 1)})
    fb.setupGlyf({name: square() for name in glyphs})
    fb.setupHorizontalMetrics({name: (UPM, 50) for name in glyphs})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": FAMILY, "styleName": "Regular"})
    # the code-page bits say "Simplified Chinese" so a charset-aware mapper accepts the face for GB text
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120,
                ulCodePageRange1=(1 << 0) | (1 << 18) | (1 << 17) | (1 << 19) | (1 << 20) | (1 << 21))
    fb.setupPost()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(OUT))
    print(f"{OUT}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
