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


def garble_tounicode(src: Path, dst: Path, kind: str) -> int:
    """Copy ``src`` to ``dst`` with every ToUnicode CMap's targets garbled; the number of CMaps changed."""
    import pikepdf

    changed = 0
    with pikepdf.open(src) as pdf:
        done: set[tuple[int, int]] = set()
        for page in pdf.pages:
            for _, font in page.obj.get("/Resources", {}).get("/Font", {}).items():
                cmap = font.get("/ToUnicode")
                if cmap is None or cmap.objgen in done:
                    continue
                done.add(cmap.objgen)

                def wrong(m: re.Match[bytes]) -> bytes:
                    text = bytes.fromhex(m[2].decode("ascii")).decode("utf-16-be")
                    return m[1] + b"<" + garble(text, kind).encode("utf-16-be").hex().upper().encode("ascii") + b">"

                cmap.write(_BFCHAR.sub(wrong, cmap.read_bytes()))
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
