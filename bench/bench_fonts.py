"""A 9-page 简版 on a machine without CJK fonts: `creditgap analyze` against the floor (issue 22, item 7).

    python bench/bench_fonts.py [--runs 7] [--hide-fonts]

Renders a 9-page 简版 with the sample generator, and the same report with its fourth page cut out
(read in part: the parse has errors, which used to cost a second reading on pdfplumber). Then, in
one run, for each font situation, whole processes (start-up and imports included), runs paired
(floor, analyze, floor, analyze …) and the median of each:

- floor: bench/floor.py, pdfplumber alone on every page, twice: the calls creditgap's reference
  path made per page (dedupe_chars included), and --plain: extract_tables() + extract_text();
- analyze: `creditgap analyze FILE --format json`, the default engine;
- floor / analyze: how many times faster (the issue's target: 10× or more on the complete report);
  the same for the CPU time of each process (user + system), which the machine's other load
  disturbs less than the wall time.

Font situations: ``fallback`` (the default: pdfium gets creditgap's square face for every
non-embedded font and never consults the machine's), ``bare`` (CREDITGAP_PDFIUM_FONTS=none: no
font at all, pdfium's worst case) and ``system`` (pdfium's own font handler on this machine's
fonts). With --hide-fonts the whole run happens in a mount namespace where /usr/share/fonts and
/usr/local/share/fonts are empty directories (``unshare --mount``; as a normal user with
``--map-root-user``): ``system`` is then a machine without any font, as a bare server or container.
Last, the same readings in one process with start-up and imports left out (the interpreter and
the imports cost `analyze` about 0.15 s of its whole-process time, whatever the report).
creditgap's bytecode is compiled first, as pip does on install.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere: samples/ is not installed

from samples.render_simplified import SimplifiedStyle, render_simplified  # noqa: E402
from samples.synth import large_report  # noqa: E402

HERE = Path(__file__).parent
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
SITUATIONS = {"fallback": "fallback", "bare": "none", "system": "system"}
HIDDEN = "CREDITGAP_BENCH_FONTS_HIDDEN"


def seconds(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system, its own helper processes included) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1, 2):  # analyze exits 1/2 when it finds something to do
        raise SystemExit(f"failed: {' '.join(cmd)}: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
    return elapsed, usage.ru_utime + usage.ru_stime


def paired(floor_cmd: list[str], analyze_cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, ...]:
    """Medians (wall floor, wall analyze, CPU floor, CPU analyze) of ``runs`` floor and analyze
    processes, run in turn so that the machine's load hits both alike."""
    floors, analyses = [], []
    for _ in range(runs):
        floors.append(seconds(floor_cmd, env))
        analyses.append(seconds(analyze_cmd, env))
    return tuple(statistics.median(x[k] for x in runs_) for k in (0, 1) for runs_ in (floors, analyses))


# In a child process (the font mode is read once per process): everything imported first, then the
# median of RUNS timings of each reading alone, start-up and imports left out.
IN_PROCESS = """
import json, statistics, sys, time
import pdfplumber
from creditgap.api import analyze_report
from creditgap.model import to_json
from creditgap.parse.layouts import parse_report
path, runs = sys.argv[1], int(sys.argv[2])

def plain():
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables(); page.extract_text(); page.close()

def timed(f):
    out = []
    for _ in range(runs):
        start = time.perf_counter(); f(); out.append(time.perf_counter() - start)
    return statistics.median(out)

analyze_report(path)  # warm: the mapping, pdfium, the fonts
print(json.dumps({"plain": timed(plain), "parse": timed(lambda: parse_report(path)),
                  "analyze": timed(lambda: json.dumps(to_json(analyze_report(path))))}))
"""


def in_process(path: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    import json

    done = subprocess.run([sys.executable, "-c", IN_PROCESS, str(path), str(runs)], env=env, capture_output=True,
                          text=True, check=True, cwd=HERE.parent)
    return json.loads(done.stdout)


def fonts_on_this_machine() -> str:
    if shutil.which("fc-list") is None:
        return "fc-list not installed"
    out = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    cjk = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return f"fc-list: {len(out.splitlines())} fonts, {len(cjk.splitlines())} with Chinese"


def hide_fonts_and_rerun(argv: list[str]) -> None:
    """Run this script again in a mount namespace where the font folders are empty."""
    empty = tempfile.mkdtemp(prefix="no-fonts-")
    mounts = " && ".join(f"mount --bind {empty} {d}" for d in FONT_DIRS if os.path.isdir(d))
    inner = f"{mounts} && exec {sys.executable} {Path(__file__).resolve()} " + " ".join(argv)
    cmd = ["unshare", "--mount"] + (["--map-root-user"] if os.geteuid() != 0 else []) + ["sh", "-c", inner]
    os.execvpe("unshare", cmd, dict(os.environ, **{HIDDEN: "1"}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--hide-fonts", action="store_true", help="run in a mount namespace with empty font folders")
    args = parser.parse_args()
    if args.hide_fonts and not os.environ.get(HIDDEN):
        hide_fonts_and_rerun([f"--runs={args.runs}"])
    compileall.compile_dir(str(HERE.parent / "creditgap"), quiet=1)
    print(f"{fonts_on_this_machine()}; fonts hidden: {'yes' if os.environ.get(HIDDEN) else 'no'}; runs: {args.runs}")
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        whole = Path(tmp) / "simplified-9.pdf"
        render_simplified(large_report(random.Random(10), 120, 160), str(whole), SimplifiedStyle(watermark=True))
        cut = Path(tmp) / "simplified-9-page-4-cut.pdf"
        import pikepdf

        with pikepdf.open(whole) as pdf:
            pages = len(pdf.pages)
            del pdf.pages[3]
            pdf.save(cut)
        reports = ((f"简版, {pages} pages", whole), (f"简版, page 4 of {pages} cut (read in part)", cut))
        analyze = [py, "-m", "creditgap", "analyze", "{}", "--format", "json"]
        for title, floor_args in (("floor = bench/floor.py (the calls creditgap's reference path made: dedupe_chars, "
                                   "find_tables, rows, text lines)", []),
                                  ("floor = bench/floor.py --plain (page.extract_tables() + page.extract_text())", ["--plain"])):
            print(f"\nWhole processes, {title}:\n")
            print("| report | fonts | floor (s) | analyze (s) | floor ÷ analyze | CPU: floor (s) | CPU: analyze (s) | CPU ratio |")
            print("|---|---|---|---|---|---|---|---|")
            for label, path in reports:
                for name, mode in SITUATIONS.items():
                    env = dict(os.environ, CREDITGAP_PDFIUM_FONTS=mode)
                    floor, full, floor_cpu, full_cpu = paired([py, str(HERE / "floor.py"), str(path), *floor_args],
                                                              [a.format(path) for a in analyze], env, args.runs)
                    print(f"| {label} | {name} | {floor:.2f} | {full:.2f} | {floor / full:.1f}× "
                          f"| {floor_cpu:.2f} | {full_cpu:.2f} | {floor_cpu / full_cpu:.1f}× |", flush=True)
        print("\nIn one process, start-up and imports left out (median of --runs): pdfplumber's extract_tables() + "
              "extract_text() on every page, creditgap's parse_report, and analyze_report + JSON:\n")
        print("| report | fonts | pdfplumber (s) | parse (s) | ratio | analyze (s) | ratio |")
        print("|---|---|---|---|---|---|---|")
        for label, path in reports:
            for name, mode in SITUATIONS.items():
                t = in_process(path, dict(os.environ, CREDITGAP_PDFIUM_FONTS=mode), args.runs)
                print(f"| {label} | {name} | {t['plain']:.3f} | {t['parse']:.3f} | {t['plain'] / t['parse']:.1f}× "
                      f"| {t['analyze']:.3f} | {t['plain'] / t['analyze']:.1f}× |", flush=True)


if __name__ == "__main__":
    main()
