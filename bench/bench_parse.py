"""Speed and memory of `creditgap analyze` against the floor of the PDF library.

    python bench/bench_parse.py [--runs 5]

Generates a ~40-page 详版 and a ~10-page 简版 with the sample generator (into a temporary
folder), then times whole processes, start-up and imports included, median of --runs:
(a) bench/floor.py: only pdfplumber, the extraction calls the parser needs, on every page;
(b) creditgap analyze --format json, end to end. Prints b/a and the peak RSS of (b).
"""

from __future__ import annotations

import argparse
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


def run(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}: {proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def measure(cmd: list[str], runs: int) -> tuple[float, float]:
    results = [run(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        detailed, simplified = Path(tmp) / "detailed-40.pdf", Path(tmp) / "simplified-10.pdf"
        render_detailed(large_report(random.Random(40), 64, 150), str(detailed), DetailedStyle(watermark=True))
        render_simplified(large_report(random.Random(10), 130, 180), str(simplified), SimplifiedStyle(watermark=True))
        print("| report | pages | floor (s) | creditgap (s) | ratio | peak RSS (MB) |")
        print("|---|---|---|---|---|---|")
        for name, path in (("详版", detailed), ("简版", simplified)):
            floor, _ = measure([sys.executable, str(HERE / "floor.py"), str(path)], args.runs)
            full, rss = measure([sys.executable, "-m", "creditgap", "analyze", str(path), "--format", "json"], args.runs)
            print(f"| {name} | {pages(path)} | {floor:.2f} | {full:.2f} | {full / floor:.2f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
