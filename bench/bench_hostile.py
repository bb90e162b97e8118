"""Peak memory and time of each hostile file (issue 24), as a user meets them.

    python bench/bench_hostile.py [--timeout 10]

Each PDF of tests/hostile.py goes through `creditgap analyze` in a fresh process; each to-do file
through the reader `compare --todo` uses (``read_todo_csv``), in a fresh process too. Printed per
file: the exit code (or the error's), wall-clock seconds, and the peak resident memory of the
process and everything it started (RUSAGE_CHILDREN of a wrapper that runs only it). The samples
are there for scale.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402

WRAP = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

TODO = """
import resource, sys
from creditgap.errors import CreditgapError
from creditgap.outputs.todo_file import read_todo_csv
try:
    read_todo_csv(sys.argv[1]); code = 0
except CreditgapError as e:
    code = e.exit_code
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(argv: list[str]) -> tuple[int, float, float]:
    start = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    return int(out[0]), time.perf_counter() - start, int(out[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=int, default=10)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        pdfs = {name: make(Path(folder)) for name, make in hostile.PDF_MAKERS.items()}
        pdfs |= {"sample 详版 (39 pages)": ROOT / "samples/detailed-online.pdf",
                 "sample 简版": ROOT / "samples/simplified-online.pdf"}
        for name, path in pdfs.items():
            code, seconds, mb = measure([sys.executable, "-c", WRAP, sys.executable, "-m", "creditgap", "analyze", str(path),
                                         "--timeout", str(args.timeout)])
            rows.append((name, path.stat().st_size, code, seconds, mb))
        for name, make in hostile.TODO_MAKERS.items():
            path = make(Path(folder))
            code, seconds, mb = measure([sys.executable, "-c", TODO, str(path)])
            rows.append((f"to-do: {name}", path.stat().st_size, code, seconds, mb))
            path.unlink()
    print("| file | size on disk | exit | seconds | peak RSS (MB) |\n|---|---|---|---|---|")
    for name, size, code, seconds, mb in rows:
        print(f"| {name} | {size / 1024:,.0f} KB | {code} | {seconds:.2f} | {mb:.0f} |")


if __name__ == "__main__":
    main()
