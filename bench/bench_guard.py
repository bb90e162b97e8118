"""What the fast path's fidelity check costs on pages it trusts, and what it sends elsewhere.

    python bench/bench_guard.py [--runs 5]

For the committed samples and a generated ~40-page 详版 and ~10-page 简版 (all set in reportlab's
non-embedded STSong-Light, so every page is one the check must look at), in this process:
- check ms/page: ``fidelity.pdfium_loses_text`` (glyph boxes) and ``fidelity.lost_text`` (text
  objects without a character) on every page, given each character's text object (which the
  reading paths ask pdfium for anyway: the character path for positions, the line path for angles);
- "no boxes": pages whose text pdfium placed without a font (read by pdfium's character path);
  "lost": pages where its text page left text out (read by pdfplumber);
- parse with the check (engine "auto") against without it (engine "pdfium"), best of --runs;
  the cost is (auto - pdfium) / pdfium.
Run with CREDITGAP_PDFIUM_FONTS=none to see a bare machine: the 简版 pages are then read by
pdfium's character path, and the 详版 pages with a one-character text-show lose it and go to
pdfplumber.
"""

from __future__ import annotations

import argparse
import ctypes
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere: samples/ is not installed

from creditgap.read.pdfium import fonts as pdfium_fonts  # noqa: E402
from creditgap.parse.layouts import parse_report  # noqa: E402
from creditgap.read.document import PdfText  # noqa: E402
from creditgap.read.items import TextSettings  # noqa: E402
from creditgap.read.pdfium.fidelity import lost_text, pdfium_loses_text  # noqa: E402
from creditgap.read.pdfium.calls import text_object  # noqa: E402
from samples.render_detailed import DetailedStyle, render_detailed  # noqa: E402
from samples.render_simplified import SimplifiedStyle, render_simplified  # noqa: E402
from samples.synth import large_report  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def guard_ms_per_page(path: Path) -> tuple[int, float, int, int]:
    """(pages, ms/page of the check alone, pages without boxes, pages that lost text)."""
    import pypdfium2

    pdfium_fonts.ensure_installed()
    doc = pypdfium2.PdfDocument(str(path))
    spent, no_boxes, lost = 0.0, 0, 0
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            raw = ctypes.cast(textpage.raw, ctypes.c_void_p).value
            seen = {text_object(raw, n) for n in range(textpage.count_chars())}  # both paths ask for these anyway
            start = time.perf_counter()
            no_boxes += pdfium_loses_text(page, textpage)
            lost += lost_text(page, textpage, seen=seen)
            spent += time.perf_counter() - start
            textpage.close()
            page.close()
        return len(doc), 1000 * spent / len(doc), no_boxes, lost
    finally:
        doc.close()


def best_parse(path: Path, engine: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        parse_report(path, settings=TextSettings(engine=engine))
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "detailed-40.pdf"
        render_detailed(large_report(random.Random(40), 64, 150), str(big), DetailedStyle(watermark=True))
        brief = Path(tmp) / "simplified-10.pdf"
        render_simplified(large_report(random.Random(10), 130, 180), str(brief), SimplifiedStyle(watermark=True))
        files = sorted(SAMPLES.glob("*.pdf")) + [big, brief]
        print(f"fonts: {pdfium_fonts.mode()}")
        print(f"{'file':28} {'pages':>5} {'check ms/pg':>11} {'no boxes':>8} {'lost':>5} {'pdfium s':>9} {'auto s':>8} {'cost':>7}")
        for path in files:
            if path.stem.endswith("-scan"):  # no text layer
                continue
            pages, per_page, no_boxes, lost = guard_ms_per_page(path)
            fast = best_parse(path, "pdfium", args.runs)
            guarded = best_parse(path, "auto", args.runs)
            with PdfText(path) as doc:  # the same file read as analyze reads it
                assert doc.page_count == pages
            print(f"{path.name:28} {pages:5d} {per_page:11.2f} {no_boxes:8d} {lost:5d} {fast:9.3f} {guarded:8.3f} "
                  f"{(guarded - fast) / fast:7.1%}")


if __name__ == "__main__":
    main()
