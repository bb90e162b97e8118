"""The to-do list a sample should produce, from what the generator meant (not from the analyzer).

Each account and agreement was created with an intent (``synth._Builder.meant``): the action a
user should take, or None. This module applies the grouping the product promises (one item per
platform, lender and action; an agreement goes with its lender's accounts) to those intents.
"""

from __future__ import annotations

from typing import Any

from creditgap.model import Report

from .render_simplified import short_name
from .synth import INTENDED_PLATFORM, JOINT_PAIRS

CLOSING = ("close_credit_line", "cancel_card")


def intended_platform(report: Report, ref: str, platforms: dict[str, str] | None = None) -> str | None:
    """The platform the generator meant for ``ref``: the one it recorded (synth.random_truth), else the
    joint pair's app, else the lender's own (INTENDED_PLATFORM)."""
    if platforms and ref in platforms:
        return platforms[ref]
    record = next((r for r in report.accounts + report.agreements if r.ref == ref), None)  # type: ignore[operator]
    assert record is not None
    opened = getattr(record, "opened", None)
    for first, second, platform in JOINT_PAIRS:
        if record.lender in (first, second) and opened is not None:
            partner = second if record.lender == first else first
            if any(a.lender == partner and a.opened == opened for a in report.accounts):
                return platform
    if record.lender in INTENDED_PLATFORM:
        return INTENDED_PLATFORM[record.lender]
    # a first-generation short name (招商银行) stands for the legal name the generator used
    return next((p for full, p in INTENDED_PLATFORM.items() if short_name(full) == record.lender), None)


def expected_todo(report: Report, intent: dict[str, str | None],
                  platforms: dict[str, str] | None = None) -> list[dict[str, Any]]:
    groups: dict[tuple[str | None, str, str], dict[str, Any]] = {}
    lender_of = {r.ref: r.lender for r in report.accounts + report.agreements}  # type: ignore[operator]
    for ref, action in intent.items():
        if action is None:
            continue
        platform = intended_platform(report, ref, platforms)
        if platform is None and action in CLOSING:
            action = "contact_lender"
        key = (platform, lender_of[ref], action)
        item = groups.setdefault(key, {"platform": platform, "lender": lender_of[ref], "action": action,
                                       "accounts": [], "agreements": []})
        item["accounts" if ref.startswith("A") else "agreements"].append(ref)
    return sorted(groups.values(), key=lambda i: (i["lender"], i["action"], i["accounts"], i["agreements"]))
