"""Cut the CJK font the ``embedded`` and ``browser`` producers embed (samples/producers.py).

    apt-get download fonts-arphic-uming && dpkg-deb -x fonts-arphic-uming_*.deb deb
    python -m samples.fonts.make_subset deb/usr/share/fonts/truetype/arphic/uming.ttc

The source is AR PL UMing CN (face 0 of uming.ttc, Debian package fonts-arphic-uming
0.2.20080216.2-11), under the Arphic Public License (ARPHICPL.TXT beside this script), which
lets a modified font be distributed with the licence kept and a notice in the font saying how and
when it was changed: that notice goes into the name table (ID 10). UMing rather than Droid Sans
Fallback because Droid has no Latin letters, digits or —“”…: one font must cover all the text.

(``apt-get download`` rather than ``install``: an installed CJK font changes what pdfium reads on
this machine, which is what the producer fixtures test.) The subset holds printable ASCII and every
non-ASCII character written in the generator, the parser and the tests (``*.py`` under samples/,
creditgap/ and tests/), so any text the generator can produce has a glyph. Rerun it when a new
character appears; a render that needs a missing glyph fails and says so.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_name("UMingCN-subset.ttf")
NOTICE = ("Modified 2026-12-01 by the creditgap project (samples/fonts/make_subset.py): subset with fontTools to the "
          "characters of the creditgap sample generator; layout tables and hinting dropped. Otherwise unchanged.")


def vocabulary() -> str:
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for folder in ("samples", "creditgap", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            chars |= {c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F and c.isprintable()}
    return "".join(sorted(chars))


def main(source: str) -> None:
    font = TTFont(source, fontNumber=0, recalcTimestamp=False)
    cmap = font.getBestCmap()
    text = vocabulary()
    missing = [c for c in text if ord(c) not in cmap]
    options = subset.Options()
    options.layout_features = []  # no shaping: one glyph per character
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 10, 13, 14]  # keep copyright, licence and names
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["GDEF", "GPOS", "GSUB", "VORG", "vhea", "vmtx", "gasp", "BDF", "FFTM"]
    sub = subset.Subsetter(options)
    sub.populate(text=text)
    sub.subset(font)
    font["name"].setName(NOTICE, 10, 3, 1, 0x409)
    font.save(OUT)
    print(f"{OUT.name}: {len(text)} characters, {OUT.stat().st_size} bytes; not in the source font: {''.join(missing)!r}")


if __name__ == "__main__":
    main(sys.argv[1])
