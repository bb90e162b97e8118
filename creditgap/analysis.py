"""The library call behind ``creditgap analyze``: parse → match lenders → closure rules."""

from __future__ import annotations

from pathlib import Path

from .compare import Comparison, compare, read_todo_csv
from .layouts import parse_report
from .lenders import Matcher, attach_platforms
from .model import Report
from .pdftext import TextSettings
from .rules import RuleSettings, analyze


def analyze_report(path: str | Path, password: str | None = None, mapping: str | Path | None = None,
                   include_cards: bool = False, lang: str = "zh", settings: TextSettings | None = None) -> Report:
    """Read a credit report PDF and return it with platforms, to-do list and impact.

    Raises:
        CreditgapError: a subclass carrying the contract's exit code, for every kind of bad input.
    """
    matcher = Matcher.load(mapping)
    report = attach_platforms(parse_report(path, password=password, settings=settings), matcher)
    return analyze(report, matcher, RuleSettings(include_cards=include_cards, lang=lang))


def compare_files(old: str | Path, new: str | Path, todo_csv: str | Path | None = None, password: str | None = None,
                  mapping: str | Path | None = None, lang: str = "zh", settings: TextSettings | None = None,
                  ) -> tuple[Comparison, Report, Report]:
    """Read two reports of one person and say which closures took effect (with OLD and NEW analysed).

    Raises:
        CreditgapError: for either file, with the contract's exit code.
    """
    matcher = Matcher.load(mapping)
    rule_settings = RuleSettings(lang=lang)
    old_report = analyze(attach_platforms(parse_report(old, password=password, settings=settings), matcher), matcher,
                         rule_settings)
    new_report = analyze(attach_platforms(parse_report(new, password=password, settings=settings), matcher), matcher,
                         rule_settings)
    marks = read_todo_csv(todo_csv, matcher) if todo_csv is not None else None
    return compare(old_report, new_report, marks, matcher), old_report, new_report
