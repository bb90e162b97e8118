"""Speed and memory of `creditgap analyze` against the floor of the PDF library, in one run.

    python bench/bench_parse.py [--runs 3]

Generates a ~40-page 详版 and a ~10-page 简版 with the sample generator (into a temporary folder),
then times whole processes, start-up and imports included, median of --runs, on the same files:
(a) bench/floor.py: only pdfplumber, the calls creditgap's reference path made on every page;
(b) creditgap analyze --format json, end to end (the default engine);
(c) bench/pdfium_read.py: read.pdfium.page.read_items on every page, the reading (b) does once read.document
    routes pages to it.
creditgap's bytecode is compiled first, as pip does on install. Prints floor/analyze (how many times faster), the peak RSS of (b), the time of `creditgap --help`
and of importing the CLI, and the pdfium path's ms/page per stage (read.pdfium, in this process).
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere: samples/ is not installed

from samples.render_detailed import DetailedStyle, render_detailed  # noqa: E402
from samples.render_simplified import SimplifiedStyle, render_simplified  # noqa: E402
from samples.synth import large_report  # noqa: E402

HERE = Path(__file__).parent
wall = time.perf_counter
clock = time.process_time  # per-stage figures: this process's CPU, not the machine's load


def run(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one whole process."""
    start = wall()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = wall() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1, 2):  # analyze exits 1/2 when it finds something to do
        raise SystemExit(f"failed: {' '.join(cmd)}: {proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def measure(cmd: list[str], runs: int) -> tuple[float, float]:
    results = [run(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def stages(path: Path) -> tuple[int, dict[str, float]]:
    """CPU ms/page of each stage of read.pdfium.page.read_items, every page of ``path``."""
    from creditgap.read.pdfium import fonts as pdfium_fonts

    pdfium_fonts.ensure_installed()
    import pypdfium2

    from creditgap.read.pdfium import chars as pc
    from creditgap.read.pdfium import objects, text
    from creditgap.read.tables import find_tables

    ms = dict.fromkeys(("load", "text", "paths", "grid", "cells", "lines"), 0.0)
    doc = pypdfium2.PdfDocument(str(path))
    n = len(doc)
    for index in range(n):
        t0 = clock()
        page = doc[index]
        height = page.get_height()
        doctop0 = sum(doc.get_page_size(i)[1] for i in range(index))
        textpage = page.get_textpage()
        t1 = clock()
        paths, dropped = objects.page_objects(page, textpage)
        t2 = clock()
        chars = pc.dedupe_chars(pc.page_chars(textpage, height, doctop0, pc.FontCache(), True, dropped))
        textpage.close()
        t3 = clock()
        edges = objects.page_edges(paths, height)
        page.close()
        t4 = clock()
        found = find_tables(edges)
        t5 = clock()
        boxes = []
        by_middle = text.chars_by_middle(chars) if found else None
        for table in found:
            boxes.append((min(c[0] for c in table), min(c[1] for c in table), max(c[2] for c in table), max(c[3] for c in table)))
            text.table_cells(table, chars, by_middle)
        t6 = clock()
        text.text_lines([ch for ch in chars if not text.inside(ch, boxes)] if boxes else chars)
        t7 = clock()
        for name, dt in (("load", t1 - t0), ("paths", (t2 - t1) + (t4 - t3)), ("text", t3 - t2),
                         ("grid", t5 - t4), ("cells", t6 - t5), ("lines", t7 - t6)):
            ms[name] += dt * 1000
    doc.close()
    return n, {k: v / n for k, v in ms.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    py = sys.executable
    # pip compiles a package's bytecode when it installs it (pdfplumber's, the floor's, is); an
    # editable checkout under PYTHONDONTWRITEBYTECODE=1 would recompile creditgap on every start
    # (~70 ms), so compile it first: the timings are those of an installed copy.
    compileall.compile_dir(str(HERE.parent / "creditgap"), quiet=1)
    help_s, _ = measure([py, "-m", "creditgap", "--help"], args.runs)
    bare, _ = measure([py, "-c", "pass"], args.runs)
    imp, _ = measure([py, "-c", "import creditgap.cli"], args.runs)
    print(f"creditgap --help: {help_s:.2f} s; import creditgap.cli: {imp - bare:.2f} s over a bare interpreter ({bare:.2f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        detailed, simplified = Path(tmp) / "detailed-40.pdf", Path(tmp) / "simplified-10.pdf"
        render_detailed(large_report(random.Random(40), 64, 150), str(detailed), DetailedStyle(watermark=True))
        render_simplified(large_report(random.Random(10), 130, 180), str(simplified), SimplifiedStyle(watermark=True))
        print("| report | pages | floor (s) | creditgap analyze (s) | floor / analyze | peak RSS (MB) "
              "| pdfium read_items (s) | floor / read_items |")
        print("|---|---|---|---|---|---|---|---|")
        for name, path in (("详版", detailed), ("简版", simplified)):
            floor, _ = measure([py, str(HERE / "floor.py"), str(path)], args.runs)
            full, rss = measure([py, "-m", "creditgap", "analyze", str(path), "--format", "json"], args.runs)
            import pypdfium2

            n = len(pypdfium2.PdfDocument(str(path)))
            fast, _ = measure([py, str(HERE / "pdfium_read.py"), str(path)], args.runs)
            print(f"| {name} | {n} | {floor:.2f} | {full:.2f} | {floor / full:.1f}× | {rss:.0f} | {fast:.2f} | {floor / fast:.1f}× |")
        n, ms = stages(detailed)
        total = sum(ms.values())
        print(f"pdfium path, 详版 {n} pages, ms/page: " + ", ".join(f"{k} {v:.1f}" for k, v in ms.items()) + f"; total {total:.1f}")


if __name__ == "__main__":
    main()
