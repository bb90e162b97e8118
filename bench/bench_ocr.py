"""OCR of scanned and photographed reports: accuracy against the samples' truth, speed, memory, size.

    python bench/bench_ocr.py                                 # wrapped 详版 + simplified-online, all variants
    python bench/bench_ocr.py --samples detailed-online,simplified-kitchen --variants scan --dpi 300,200
    python bench/bench_ocr.py --samples wrapped-3,wrapped-2-small  # samples/wrapped.py: seed, four loans or all

Each sample is put on paper by samples/scans.py (clean / scan / photo, fixed seeds) into a temporary
folder, then read by a child process, ``creditgap analyze <scan.pdf | page images…> --format json
--show-pii``, one at a time. Per input: fields exactly right after repair (amounts, dates, ids,
lender names, and every field; samples.scoring against the generator's truth), accounts found, wrong
values the read does NOT name as doubtful on their own field (a record's ``doubts``, ``ocr_doubts.fields``:
must be 0 for a trustworthy read), whether the read says it is complete, whether the to-do list equals
the one the generator meant (``expected_todo``), seconds per page (whole process, model load included),
the median seconds of one page (``read_page`` alone, in this process, the model loaded, onnxruntime on
every core) and the child's peak RSS (os.wait4). Then the install size of the ``ocr`` extra: the files of the packages it adds over the
core install. Prints markdown tables for the README; timings on a shared machine are noisy (the
load average is printed with them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere: samples/ is not installed

from samples import scans, wrapped  # noqa: E402

CLASSES = ("amount", "date", "id", "lender")
OCR_PACKAGES = ("rapidocr", "onnxruntime", "opencv-python-headless")  # when the creditgap metadata names no extra


def run(cmd: list[str]) -> tuple[float, float, int, str, str]:
    """(seconds, peak RSS in MB, exit code, stdout, stderr) of one whole process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return (elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status),
                out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def make(name: str, variant: str, dpi: int, folder: Path) -> scans.Scan:
    """A sample on paper; ``wrapped-<seed>[-small]``: the wrapped 详版 of samples/wrapped.py."""
    if name.startswith("wrapped-"):
        seed = int(name.split("-")[1])
        return wrapped.make(seed, variant, folder, dpi, small=name.endswith("-small"))
    return scans.make(name, variant, folder, dpi)


def page_seconds(made: scans.Scan) -> list[float]:
    """Seconds of ``read_page`` on each page (the model loaded first), as the CLI reads it."""
    from creditgap.read.ocr import engine, images
    from creditgap.read.ocr.source import read_page

    engine.engine(engine.threads_for(1))
    out = []
    if made.pdf is not None:
        import pypdfium2

        doc = pypdfium2.PdfDocument(str(made.pdf))
        raws = [(images.render_page(doc, i), True) for i in range(len(doc))]
        doc.close()
    else:
        raws = [(images.load_image(p), False) for p in made.images]
    for n, (raw, fixed) in enumerate(raws, 1):
        start = time.perf_counter()
        read_page(raw, n, fixed, engine.threads_for(1))
        out.append(time.perf_counter() - start)
    return out


def measure(name: str, variant: str, dpi: int, folder: Path, extra_args: list[str]) -> dict[str, Any]:
    made = make(name, variant, dpi, folder)
    inputs = [str(made.pdf)] if made.pdf else [str(p) for p in made.images]
    cmd = [sys.executable, "-m", "creditgap", "analyze", *inputs, "--format", "json", "--show-pii", *extra_args]
    seconds, rss, code, out, err = run(cmd)
    row: dict[str, Any] = {"sample": name, "variant": variant, "dpi": dpi, "pages": made.pages,
                           "s_page": seconds / made.pages, "rss": rss, "exit": code}
    if code not in (0, 1, 2):
        row["error"] = (err.strip().splitlines() or ["?"])[-1][:120]
        return row
    s = scans.score(json.loads(out), made.truth)
    row.update({cls: s.accuracy(cls) for cls in CLASSES})
    row["fields"] = (sum(f.ok for f in s.fields), len(s.fields))
    seconds_each = sorted(page_seconds(made))
    row["median_page"] = seconds_each[len(seconds_each) // 2]
    row.update(accounts=s.records["accounts"], wrong=len(s.wrong), unflagged=len(s.unflagged) + len(s.unflagged_extra),
               complete=s.complete, todo=s.todo_equal, trustworthy=s.trustworthy,
               unflagged_fields=[f"{f.where}.{f.name}" for f in s.unflagged])
    return row


def pct(pair: tuple[int, int]) -> str:
    exact, total = pair
    return f"{100 * exact / total:.0f} % ({exact}/{total})" if total else "–"


def table(rows: list[dict[str, Any]]) -> str:
    head = ("| input | pages | amounts | dates | ids | lender names | all fields | accounts found | wrong / not flagged "
            "| complete | to-do = meant | s/page (process) | median s/page | peak RSS |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in rows:
        label = f"{r['sample']}, {r['variant']}, {r['dpi']} dpi"
        if "error" in r:
            lines.append(f"| {label} | {r['pages']} | exit {r['exit']}: {r['error']} |" + " |" * 11)
            continue
        want, found = r["accounts"]
        lines.append(f"| {label} | {r['pages']} | {pct(r['amount'])} | {pct(r['date'])} | {pct(r['id'])} | "
                     f"{pct(r['lender'])} | {pct(r['fields'])} | {found}/{want} | {r['wrong']} / {r['unflagged']} | "
                     f"{'yes' if r['complete'] else 'no (partial)'} | {'yes' if r['todo'] else 'no'} | "
                     f"{r['s_page']:.1f} | {r['median_page']:.1f} | {r['rss']:.0f} MB |")
    return "\n".join(lines)


def _closure(names: list[str]) -> set[str]:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: set[str] = set()
    todo = [canonicalize_name(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    return seen


def _extra_requirements(extra: str) -> tuple[list[str], list[str]]:
    """(core requirements, the extra's) of the installed creditgap."""
    from packaging.requirements import Requirement

    core, more = [], []
    for spec in metadata.distribution("creditgap").requires or []:
        req = Requirement(spec)
        if req.marker is None:
            core.append(req.name)
        elif req.marker.evaluate({"extra": extra}) and not req.marker.evaluate({"extra": ""}):
            more.append(req.name)
    return core, more or list(OCR_PACKAGES)


def install_size(extra: str = "ocr") -> list[tuple[str, float]]:
    """MB on disk of each package the extra adds over the core install (its dependencies included)."""
    core, more = _extra_requirements(extra)
    added = sorted(_closure(more) - _closure(core) - {"creditgap"})
    sizes = []
    for name in added:
        dist = metadata.distribution(name)
        total = sum(p.stat().st_size for p in (f.locate() for f in dist.files or []) if p.is_file())
        sizes.append((name, total / 1e6))
    return sorted(sizes, key=lambda x: -x[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", default="wrapped-3-small,wrapped-2-small,simplified-online")
    parser.add_argument("--variants", default=",".join(scans.VARIANTS))
    parser.add_argument("--dpi", default="300", help="comma-separated, e.g. 300,200")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("args", nargs="*", help="more arguments for creditgap analyze (after --)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.samples.split(","):
            for variant in args.variants.split(","):
                for dpi in map(int, args.dpi.split(",")):
                    row = measure(name, variant, dpi, Path(tmp), args.args)
                    rows.append(row)
                    print(f"{name} {variant} {dpi} dpi: {row.get('error') or ''}{row.get('unflagged_fields') or ''} "
                          f"{row['s_page']:.1f} s/page, load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
    print(table(rows))
    sizes = install_size()
    print(f"\nInstall size of the ocr extra: {sum(s for _, s in sizes):.0f} MB ("
          + ", ".join(f"{n} {s:.0f}" for n, s in sizes) + f"); {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
