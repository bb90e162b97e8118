"""Time `creditgap batch` on 20 reports with 1 and 2 worker processes.

    python bench/bench_batch.py

The 20 reports are the committed samples, repeated; prints both times and the speed-up.
"""

from __future__ import annotations

import compileall
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def main() -> None:
    compileall.compile_dir(str(SAMPLES.parent / "creditgap"), quiet=1)  # as pip does on install (see bench_parse)
    pdfs = sorted(p for p in SAMPLES.glob("*.pdf") if "scan" not in p.name)  # text-layer reports only
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(20):
            shutil.copy(pdfs[n % len(pdfs)], Path(tmp) / f"{n:02d}-{pdfs[n % len(pdfs)].name}")
        reports = sum(1 for _ in Path(tmp).iterdir())
        times = {}
        for workers in (1, 2):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "creditgap", "batch", tmp, "--workers", str(workers)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[workers] = time.perf_counter() - start
            print(f"{reports} reports, --workers {workers}: {times[workers]:.1f} s")
        print(f"speed-up with 2 workers: {times[1] / times[2]:.2f}×")


if __name__ == "__main__":
    main()
