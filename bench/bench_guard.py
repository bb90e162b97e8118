"""What the fast path's guard costs on pages it trusts, and what it saves on pages it does not.

    python bench/bench_guard.py [--runs 5]

For the committed samples and a generated ~40-page 详版 and ~10-page 简版 (all set in reportlab's
non-embedded STSong-Light, so every page is one the guard must look at), in this process:
- guard ms/page: ``pdftext.pdfium_loses_text`` alone, on every page;
- parse with the guard (engine "auto") against without it (engine "pdfium"), best of --runs;
  the cost is (auto - pdfium) / pdfium and must stay under 10 %.
Run with CREDITGAP_PDFIUM_FONTS=none to see a bare machine: then the guard sends every page with
CJK text to pdfplumber and "auto" costs what pdfplumber costs, by design.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere: samples/ is not installed

from creditgap import pdfium_fonts  # noqa: E402
from creditgap.layouts import parse_report  # noqa: E402
from creditgap.pdftext import PdfText, TextSettings, pdfium_loses_text  # noqa: E402
from samples.render_detailed import DetailedStyle, render_detailed  # noqa: E402
from samples.render_simplified import SimplifiedStyle, render_simplified  # noqa: E402
from samples.synth import large_report  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def guard_ms_per_page(path: Path) -> tuple[int, float, int]:
    """(pages, ms/page of the guard alone, pages distrusted)."""
    import pypdfium2

    pdfium_fonts.ensure_installed()
    doc = pypdfium2.PdfDocument(str(path))
    spent, distrusted = 0.0, 0
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            start = time.perf_counter()
            distrusted += pdfium_loses_text(page, textpage)
            spent += time.perf_counter() - start
            textpage.close()
            page.close()
        return len(doc), 1000 * spent / len(doc), distrusted
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
        print(f"{'file':28} {'pages':>5} {'guard ms/pg':>11} {'distrusted':>10} {'pdfium s':>9} {'auto s':>8} {'cost':>7}")
        for path in files:
            pages, per_page, distrusted = guard_ms_per_page(path)
            fast = best_parse(path, "pdfium", args.runs)
            guarded = best_parse(path, "auto", args.runs)
            with PdfText(path) as doc:  # the same file read as analyze reads it
                assert doc.page_count == pages
            print(f"{path.name:28} {pages:5d} {per_page:11.2f} {distrusted:10d} {fast:9.3f} {guarded:8.3f} "
                  f"{(guarded - fast) / fast:7.1%}")


if __name__ == "__main__":
    main()
