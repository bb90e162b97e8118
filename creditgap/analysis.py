"""The library call behind ``creditgap analyze``: parse → match lenders → closure rules."""

from __future__ import annotations

from pathlib import Path

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
