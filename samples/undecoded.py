"""A sample whose text layer does not decode (report-format.md §7.6, issue 22 item 6).

    python -m samples.undecoded detailed-clean --kind ideographs --out DIR

The sample is rendered again with its font embedded (samples/scans.py ``render_embedded``: the
``embedded`` producer, real glyphs in the committed AR PL UMing subset, checked against the committed
truth), then its ToUnicode CMap is rewritten with pikepdf so that every character outside ASCII maps
to wrong code points, as a broken ToUnicode or a re-encoded copy does. The page still shows the
report (OCR reads it); digits, dates and the 22-digit 报告编号 stay readable in the text layer.

``ideographs``  each Chinese character (and full-width sign) becomes another ideograph: text that
                looks Chinese and says nothing.
``latin-1``     each becomes the Latin-1 reading of its GBK bytes (信 → ÐÅ): a GBK copy decoded as
                Latin-1 and written again.

Deterministic: the same bytes on every run.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

KINDS = ("ideographs", "latin-1")
_BFCHAR = re.compile(rb"(<[0-9A-Fa-f]{4}>\s*)<([0-9A-Fa-f]+)>")


def garble(text: str, kind: str) -> str:
    """``text`` as the broken text layer says it: ASCII kept, everything else wrong."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif kind == "latin-1":
            out.append(ch.encode("gbk", errors="replace").decode("latin-1"))
        else:  # a fixed permutation-like scramble into the CJK block
            out.append(chr(0x4E00 + (ord(ch) * 7919 + 4099) % 0x5200))
    return "".join(out)


def garble_tounicode(src: Path, dst: Path, kind: str, pages: list[int] | None = None) -> int:
    """Copy ``src`` to ``dst`` with ToUnicode CMap targets garbled; the number of CMaps changed.

    With ``pages`` (indexes, negative from the end), only those pages lose their text: each gets
    its own copy of its fonts with a garbled map, as a copy that lost one page's encoding does.
    """
    import pikepdf

    def wrong(m: re.Match[bytes]) -> bytes:
        text = bytes.fromhex(m[2].decode("ascii")).decode("utf-16-be")
        return m[1] + b"<" + garble(text, kind).encode("utf-16-be").hex().upper().encode("ascii") + b">"

    changed = 0
    with pikepdf.open(src) as pdf:
        chosen = None if pages is None else {p % len(pdf.pages) for p in pages}
        done: set[tuple[int, int]] = set()
        for number, page in enumerate(pdf.pages):
            if chosen is not None and number not in chosen:
                continue
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            if chosen is not None and "/Resources" in page.obj:  # pages often share one resource dictionary
                fonts = pikepdf.Dictionary({k: v for k, v in fonts.items()})
                page.obj.Resources = pdf.make_indirect(pikepdf.Dictionary({**dict(page.obj.Resources.items()), "/Font": fonts}))
            for key, font in list(fonts.items()):
                cmap = font.get("/ToUnicode")
                if cmap is None or (chosen is None and cmap.objgen in done):
                    continue
                done.add(cmap.objgen)
                garbled = _BFCHAR.sub(wrong, cmap.read_bytes())
                if chosen is None:
                    cmap.write(garbled)
                else:  # this page's own copy of the font, the others keep theirs
                    own = pdf.make_indirect(pikepdf.Dictionary({k: v for k, v in font.items()}))
                    own.ToUnicode = pdf.make_stream(garbled)
                    fonts[key] = own
                changed += 1
        pdf.save(dst, deterministic_id=True, compress_streams=True)
    return changed


def make(name: str, kind: str, out: Path) -> Path:
    """Sample ``name`` with a text layer of ``kind`` that does not decode, in folder ``out``."""
    from .scans import render_embedded

    out.mkdir(parents=True, exist_ok=True)
    embedded = out / f"{name}-embedded.pdf"
    if not embedded.exists():
        render_embedded(name, embedded)
    path = out / f"{name}-undecoded-{kind}.pdf"
    if garble_tounicode(embedded, path, kind) == 0:
        raise RuntimeError(f"{embedded.name} has no ToUnicode CMap to garble")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="a sample, e.g. detailed-clean")
    parser.add_argument("--kind", choices=KINDS, default="ideographs")
    parser.add_argument("--out", type=Path, default=Path("undecoded"))
    args = parser.parse_args()
    print(make(args.name, args.kind, args.out))


if __name__ == "__main__":
    main()
