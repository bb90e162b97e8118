"""The library calls behind the commands and the page: read and parse → judge (→ compare), one file or many.

The CLI and the local page are thin callers of these functions; each returns records (``model``),
which the ``outputs`` turn into what people read.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .errors import CreditgapError, LimitError, PdfError
from .judge.platforms import attach_platforms, rank_by_evidence
from .judge.readiness import assess
from .judge.rules import RuleSettings, analyze
from .lenders import Matcher
from .model import FileResult, Report
from .parse.layouts import parse_report
from .read.files import time_limit_error
from .read.items import TextSettings

if TYPE_CHECKING:
    from .judge.compare import Comparison


def analyze_report(path: str | Path, password: str | None = None, mapping: str | Path | None = None,
                   include_cards: bool = False, lang: str = "zh", settings: TextSettings | None = None) -> Report:
    """Read a credit report PDF and return it with platforms, to-do list and impact.

    Raises:
        CreditgapError: a subclass carrying the contract's exit code, for every kind of bad input.
    """
    return _analysed(path, Matcher.load(mapping), RuleSettings(include_cards=include_cards, lang=lang), password, settings)


def _analysed(path: str | Path, matcher: Matcher, rules: RuleSettings, password: str | None,
              settings: TextSettings | None) -> Report:
    """parse → attach platforms → rank them from the report's own evidence → closure rules → readiness figures."""
    parsed = attach_platforms(parse_report(path, password=password, settings=settings), matcher)
    report = analyze(rank_by_evidence(parsed, matcher, rules.lang), matcher, rules)
    return replace(report, readiness=assess(report, matcher))


def compare_files(old: str | Path, new: str | Path, todo_csv: str | Path | None = None, password: str | None = None,
                  mapping: str | Path | None = None, lang: str = "zh", settings: TextSettings | None = None,
                  ) -> tuple[Comparison, Report, Report]:
    """Read two reports of one person and say which closures took effect (with OLD and NEW analysed).

    Raises:
        CreditgapError: for either file, with the contract's exit code; UsageError (exit 2) when
        the reports are of two people, OLD was printed after NEW, or the to-do file is another report's.
    """
    from .judge.compare import check_inputs, compare  # analyze never needs them
    from .outputs.todo_file import read_todo_csv

    matcher = Matcher.load(mapping)
    rules = RuleSettings(lang=lang)
    old_report = _analysed(old, matcher, rules, password, settings)
    new_report = _analysed(new, matcher, rules, password, settings)
    marks = read_todo_csv(todo_csv, matcher) if todo_csv is not None else None
    check_inputs(old_report, new_report, marks, Path(todo_csv).name if todo_csv is not None else "")
    return compare(old_report, new_report, marks, matcher), old_report, new_report


def _analyze_one(path: Path, password: str | None, mapping: str | Path | None, include_cards: bool, lang: str,
                 settings: TextSettings, progress: Callable[..., None] | None = None) -> FileResult:
    """One file of a batch, in its worker: a FileResult whatever happens (a bug in one file must not stop the batch)."""
    try:
        return FileResult(path, analyze_report(path, password, mapping, include_cards, lang, replace(settings, progress=progress)))
    except CreditgapError as e:
        return FileResult(path, None, e.exit_code, e.message("zh"), e.message("en"))
    except MemoryError:
        raise  # the worker says it as the memory limit
    except Exception as e:
        return _bug_result(path, type(e).__name__)


def _bug_result(path: Path, name: str) -> FileResult:
    return FileResult(path, None, 1, f"内部错误（{name}）", f"internal error ({name})")


def pdf_files(inputs: list[str | Path]) -> list[Path]:
    """The PDFs named, and those inside the folders named (recursively), in a stable order."""
    found: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            found.extend(sorted(p for p in item.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()))
        else:
            found.append(item)
    return found


def analyze_files(paths: list[Path], workers: int = 1, password: str | None = None, mapping: str | Path | None = None,
                  include_cards: bool = False, lang: str = "zh", settings: TextSettings | None = None,
                  method: str | None = None, limits: Limits | None = None) -> Iterator[FileResult]:
    """Analyse many reports, each in a worker process of its own under the limits (``settings``'s
    time limit, hard), ``workers`` at a time; results come in the order of ``paths``.

    A file that fails, runs out of time or memory, or crashes its worker is a FileResult with its
    exit code and message, never an exception.
    """
    # ``workers`` is the number of processes reading: a file is read by one of them alone, never
    # split across a forked page helper (with one worker too), so --workers 1 uses one core
    settings = replace(settings or TextSettings(), parallel=False, progress=None)
    limits = limits or Limits(seconds=settings.time_limit)
    method = method or default_method()
    if method == "fork":
        _warm_up(mapping)  # forked workers inherit what is loaded here instead of each loading it again
    jobs = [(_analyze_one, (p, password, mapping, include_cards, lang, settings)) for p in paths]
    # the largest files first, so that no worker is left with a long one at the end
    order = sorted(range(len(jobs)), key=lambda n: -_size(paths[n]))
    for path, (kind, value) in zip(paths, run_jobs(jobs, workers, limits, method, order)):
        if kind == "ok":
            yield value
        elif isinstance(value, CreditgapError):
            yield FileResult(path, None, value.exit_code, value.message("zh"), value.message("en"))
        else:
            yield _bug_result(path, str(value))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _warm_up(mapping: str | Path | None) -> None:
    """Load, once in the parent, what every file needs: the mapping, pdfium with its font, both parsers."""
    from .read.pdfium import fonts, page  # noqa: F401 (imported for the workers)

    Matcher.load(mapping)
    fonts.ensure_installed()


# --- one document, one worker process ---------------------------------------------------------
#
# A PDF from an unknown source can be built to hurt: a reference loop that pdfminer follows for
# ever, a stream that inflates to gigabytes, a page of a million glyphs. Inside one process such a
# file takes the machine's memory or a core for good, and a crash in pdfium takes every request in
# flight with it. So each document is read by a process of its own, under limits the kernel
# enforces (RLIMIT_AS), stopped by its parent when its time is up (its process group killed: the
# page helper and OCR go with it); its memory goes back when it exits. The parent answers with the
# documented error and takes the next document.

GIB = 1 << 30
# address space (RLIMIT_AS, not resident memory) of a worker reading a PDF by its text layer; a
# 39-page 详版 peaks at about 40 MB of it (bench/bench_hostile.py)
MEMORY = 3 * GIB // 2
# ... once OCR starts: a 10-page scan peaks at 1.6 GB of address space (0.75 GB resident) on two
# cores; onnxruntime's threads each reserve more on a machine with more cores
OCR_MEMORY = 4 * GIB
GRACE = 0.0  # seconds the parent waits past the limit (none: "within the timeout"; the worker checks the same limit itself)


@dataclass(frozen=True)
class Limits:
    """What one worker may use: ``seconds`` of wall clock for the document (each page read by OCR
    gets ``seconds`` of its own, as ``--timeout`` says), and bytes of address space."""

    seconds: float = 120.0
    memory: int = MEMORY
    ocr_memory: int = OCR_MEMORY


def default_method(threaded: bool | None = None) -> str:
    """fork where it exists and the caller is single-threaded (no start-up cost); forkserver for a
    threaded caller (the page's server: a fork would copy locks its other threads hold); else spawn.
    ``threaded`` None: whether other threads run now."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if threaded is None:
        threaded = threading.active_count() > 1
    if "fork" in methods and not threaded:
        return "fork"
    return "forkserver" if "forkserver" in methods and threaded else "spawn"


def memory_error(limit: int) -> LimitError:
    gb = f"{limit / GIB:.1f}"
    return LimitError(f"读取这个文件需要的内存超过 {gb} GB，已停止。文件可能异常（例如被构造成解压后极大）。",
                      f"Reading this file needed more than {gb} GB of memory and was stopped. The file may be "
                      "malformed (built to inflate to an enormous size, for instance).")


def crash_error() -> PdfError:
    return PdfError("这个 PDF 无法读取：读取它的进程异常退出（文件已损坏或内容过大）。请重新下载报告。",
                    "This PDF cannot be read: the process reading it stopped abnormally (the file is damaged or "
                    "oversized). Download the report again.")


def _worker(send: Any, func: Callable[..., Any], args: tuple, limits: Limits) -> None:
    """In the worker process: the limits, ``func(*args)``, the outcome sent back."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpgid(0, 0)  # its own process group: the parent kills it with any helper it forked
    _die_with_parent()
    _limit_memory(limits.memory, limits.ocr_memory)

    def progress(done: int, total: int, page: int, seconds: float) -> None:
        if done == 0:  # OCR starts: its memory budget (the parent gives it ``seconds`` a page)
            _limit_memory(limits.ocr_memory, limits.ocr_memory)
        with contextlib.suppress(Exception):
            send.send(("tick", done, total, page, seconds))

    def over_memory() -> tuple:
        return ("error", "LimitError", 2, *_messages(memory_error(limits.memory)))

    try:
        outcome: tuple = ("ok", func(*args, progress=progress))
    except MemoryError:
        outcome = over_memory()
    except OSError as e:
        import errno

        # mmap and the like say the memory limit with ENOMEM
        outcome = over_memory() if e.errno == errno.ENOMEM else ("bug", type(e).__name__)
    except CreditgapError as e:
        outcome = ("error", type(e).__name__, e.exit_code, *_messages(e))
    except BaseException as e:  # a bug: its name only, never report content
        outcome = ("bug", type(e).__name__)
    try:
        send.send(outcome)
    except MemoryError:
        send.send(over_memory())
    send.close()


def _die_with_parent() -> None:
    """Linux: the kernel kills the worker when its parent dies (a worker must never outlive it)."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _messages(e: CreditgapError) -> tuple[str, str]:
    return e.message("zh"), e.message("en")


_BASE = [0]  # the address space the worker started with (a fork inherits its parent's)


def _limit_memory(soft: int, hard: int) -> None:
    """RLIMIT_AS at what the worker started with plus ``soft`` (``hard`` the most it may raise it to):
    a worker forked from a large process (a test runner with OCR loaded) gets the same room to work."""
    try:
        import resource
    except ImportError:  # Windows: the time limit still holds
        return
    with contextlib.suppress(ValueError, OSError):
        if not _BASE[0]:
            with open("/proc/self/statm") as f:
                _BASE[0] = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        current = resource.getrlimit(resource.RLIMIT_AS)[1]
        hard += _BASE[0]
        hard = hard if current == resource.RLIM_INFINITY else min(hard, current)
        resource.setrlimit(resource.RLIMIT_AS, (min(soft + _BASE[0], hard), hard))


def _error(name: str, exit_code: int, zh: str, en: str) -> CreditgapError:
    """The worker's error again, of its own class where errors.py has it (the page words some of
    them its own way), with its exit code."""
    from . import errors

    cls = getattr(errors, name, CreditgapError)
    cls = cls if isinstance(cls, type) and issubclass(cls, CreditgapError) else CreditgapError
    error = cls(zh, en)
    error.exit_code = exit_code
    return error


class WorkerBug(Exception):
    """A bug in a worker, named after the exception it raised there (no report content crosses)."""

    def __init__(self, bug_name: str) -> None:
        super().__init__(bug_name)
        self.bug_name = bug_name


class _Task:
    """One job in its worker process, watched by the parent."""

    def __init__(self, index: int, func: Callable[..., Any], args: tuple, limits: Limits, method: str,
                 progress: Callable[[int, int, int, float], None] | None) -> None:
        import multiprocessing
        import time

        self.index, self.limits, self.progress = index, limits, progress
        context = multiprocessing.get_context(method)
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_worker, args=(send, func, args, limits), daemon=False)
        self.process.start()
        send.close()
        with contextlib.suppress(AttributeError, OSError):
            os.setpgid(self.process.pid, self.process.pid)  # as the worker does: whichever runs first
        self.deadline = time.monotonic() + limits.seconds + GRACE
        self.outcome: tuple[str, Any] | None = None

    def step(self) -> None:
        """Take what the worker sent (a tick, its outcome), or see that it died."""
        import time

        try:
            message = self.receive.recv()
        except (EOFError, OSError):
            self.process.join(1)
            self.outcome = ("error", crash_error())
            return
        except MemoryError:
            self.outcome = ("error", memory_error(self.limits.memory))
            return
        if message[0] == "tick":
            done, total = message[1], message[2]
            self.deadline = time.monotonic() + self.limits.seconds * max(1, total - done) + GRACE
            if self.progress is not None:
                self.progress(*message[1:])
        elif message[0] == "ok":
            self.outcome = ("ok", message[1])
        elif message[0] == "error":
            self.outcome = ("error", _error(*message[1:]))
        else:
            self.outcome = ("error", WorkerBug(message[1]))

    def time_out(self) -> None:
        self.outcome = ("error", time_limit_error(self.limits.seconds))

    def stop(self) -> None:
        """Kill the worker (and its process group) unless it is done; always reap it."""
        import signal

        if self.process.is_alive() or self.process.exitcode is None:
            with contextlib.suppress(OSError, AttributeError):
                os.killpg(self.process.pid, signal.SIGKILL)
            with contextlib.suppress(OSError, ValueError):
                self.process.kill()
        self.process.join()
        self.receive.close()
        with contextlib.suppress(ValueError):
            self.process.close()


def run_jobs(jobs: list[tuple[Callable[..., Any], tuple]], workers: int = 1, limits: Limits | None = None,
             method: str | None = None, order: list[int] | None = None,
             progress: Callable[[int, int, int, float], None] | None = None) -> Iterator[tuple[str, Any]]:
    """Run each ``func(*args, progress=…)`` in a worker process of its own, ``workers`` at a time,
    under ``limits``; yield each outcome in the order of ``jobs``: ("ok", value) or ("error", exc).

    ``order`` is the order to start them in (default: as given). Single-threaded: the parent waits
    on the workers' pipes, so it may fork.
    """
    import time
    from multiprocessing.connection import wait

    limits = limits or Limits()
    method = method or default_method()
    pending = list(order if order is not None else range(len(jobs)))
    running: dict[int, _Task] = {}
    done: dict[int, tuple[str, Any]] = {}
    try:
        for n in range(len(jobs)):
            while n not in done:
                while pending and len(running) < max(1, workers):
                    index = pending.pop(0)
                    func, args = jobs[index]
                    running[index] = _Task(index, func, args, limits, method, progress)
                now = time.monotonic()
                left = min(t.deadline for t in running.values()) - now
                ready = wait([t.receive for t in running.values()], timeout=max(0.0, left))
                for task in list(running.values()):
                    if task.receive in ready:
                        task.step()
                    elif time.monotonic() > task.deadline:
                        task.time_out()
                    if task.outcome is not None:
                        task.stop()
                        done[task.index] = task.outcome
                        del running[task.index]
            yield done.pop(n)
    finally:  # the caller stopped (an error, Ctrl+C, a closed generator): no worker outlives it
        for task in running.values():
            task.stop()


def run_limited(func: Callable[..., Any], args: tuple, limits: Limits | None = None, method: str | None = None,
                progress: Callable[[int, int, int, float], None] | None = None) -> Any:
    """``func(*args, progress=…)`` in a worker process under ``limits``: its value, or its error raised
    here (LimitError, exit 2, when time or memory runs out; PdfError, exit 3, when the worker crashed)."""
    kind, value = next(run_jobs([(func, args)], 1, limits, method, progress=progress))
    if kind == "error":
        raise value
    return value


class WorkerPool:
    """At most ``size`` documents read at once (each by a worker process); further requests wait
    their turn. For a threaded caller (the page's server): each call blocks its thread."""

    def __init__(self, size: int | None = None, limits: Limits | None = None, method: str | None = None) -> None:
        import threading

        self.size = max(1, size or min(2, os.cpu_count() or 1))
        self.limits = limits or Limits()
        self.method = method
        self._slots = threading.BoundedSemaphore(self.size)

    def run(self, func: Callable[..., Any], *args: Any) -> Any:
        return self.run_limits(self.limits, func, *args)

    def run_limits(self, limits: Limits, func: Callable[..., Any], *args: Any) -> Any:
        with self._slots:
            return run_limited(func, args, limits, self.method or default_method())


def limited_analysis(path: str | Path | list, password: str | None = None, mapping: str | Path | None = None,
                     include_cards: bool = False, lang: str = "zh", settings: TextSettings | None = None,
                     progress: Callable[[int, int, int, float], None] | None = None) -> Report:
    """``analyze_report`` in a worker process under the limits of ``settings`` (its time limit)."""
    return analyze_report(path, password, mapping, include_cards, lang, replace(settings or TextSettings(), progress=progress))


def limited_comparison(old: str | Path, new: str | Path, todo_csv: str | Path | None = None, password: str | None = None,
                       mapping: str | Path | None = None, lang: str = "zh", settings: TextSettings | None = None,
                       progress: Callable[[int, int, int, float], None] | None = None,
                       ) -> tuple[Comparison, Report, Report]:
    """``compare_files`` in a worker process (its limits: the caller's, for both documents)."""
    return compare_files(old, new, todo_csv, password, mapping, lang, replace(settings or TextSettings(), progress=progress))
