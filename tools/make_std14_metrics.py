"""Build creditgap/data/std14.json: pdfminer's metrics for the standard fonts, for read.pdfium.chars.

    python tools/make_std14_metrics.py

pdfminer sizes a character of a simple font named Helvetica, Times-Roman, Arial … (its
FONT_METRICS) with the AFM widths and descent, whatever the PDF says. pdfium, for such a font when
it is not embedded, reports a width of 1000 and a descent of its substitute face. The fast path
must give pdfminer's boxes, so it ships the same table. A one-off: pdfminer is not imported at
run time.
"""

from __future__ import annotations

import json
from pathlib import Path

from pdfminer.fontmetrics import FONT_METRICS

OUT = Path(__file__).resolve().parent.parent / "creditgap" / "data" / "std14.json"


def main() -> None:
    tables: list[dict[str, int]] = []
    fonts: dict[str, list] = {}
    for name, (descriptor, widths) in FONT_METRICS.items():
        table = {k: int(v) for k, v in widths.items()}
        if table not in tables:
            tables.append(table)
        fonts[name] = [float(descriptor.get("Descent", 0)), tables.index(table)]
    OUT.write_text(json.dumps({"fonts": fonts, "widths": tables}, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size} bytes, {len(fonts)} fonts, {len(tables)} width tables")


if __name__ == "__main__":
    main()
