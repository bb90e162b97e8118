"""The library calls behind the commands and the page: read and parse → judge (→ compare), one file or many.

The CLI and the local page are thin callers of these functions; each returns records (``model``),
which the ``outputs`` turn into what people read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .errors import CreditgapError
from .judge.platforms import attach_platforms, rank_by_evidence
from .judge.readiness import assess
from .judge.rules import RuleSettings, analyze
from .lenders import Matcher
from .model import FileResult, Report
from .parse.layouts import parse_report
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


def _analyze_one(args: tuple[Path, str | None, str | Path | None, bool, str, TextSettings | None]) -> FileResult:
    path, password, mapping, include_cards, lang, settings = args
    try:
        return FileResult(path, analyze_report(path, password, mapping, include_cards, lang, settings))
    except CreditgapError as e:
        return FileResult(path, None, e.exit_code, e.message("zh"), e.message("en"))
    except Exception as e:  # a bug in one file must not stop the batch
        return FileResult(path, None, 1, f"内部错误（{type(e).__name__}）", f"internal error ({type(e).__name__})")


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
                  ) -> Iterator[FileResult]:
    """Analyse many reports, ``workers`` processes at a time; results come in the order of ``paths``.

    A file that fails is a FileResult with its exit code and message, never an exception.
    """
    # ``workers`` is the number of processes reading: a file is read by one of them alone, never
    # split across a forked page helper (with one worker too), so --workers 1 uses one core
    settings = replace(settings or TextSettings(), parallel=False)
    jobs = [(p, password, mapping, include_cards, lang, settings) for p in paths]
    if workers <= 1:
        yield from map(_analyze_one, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    _warm_up(mapping)  # forked workers inherit what is loaded here instead of each loading it again
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # the largest files first, so that no worker is left with a long one at the end; results
        # still come back in the order of ``paths``
        order = sorted(range(len(jobs)), key=lambda n: -_size(jobs[n][0]))
        futures = {n: pool.submit(_analyze_one, jobs[n]) for n in order}
        for n in range(len(jobs)):
            yield futures[n].result()


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
