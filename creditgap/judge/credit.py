"""What a report's records hold open: its credit lines (each once) and the statuses no advice rests on.

Shared by the closure rules (the impact line, each item's limit), the check-up (授信总额) and compare
(open credit old and new), so that all three count one line the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import fields as F
from ..model import CARD_FAMILIES, Account, Report, Status


def unknown_status(a: Account) -> bool:
    """A status the parser did not know (``other`` that is no known bad record): no closing advice."""
    return a.status is Status.OTHER and F.bad_other(a.status_raw) is None



def limit_of(a: Account) -> int | None:
    return a.credit_limit if a.credit_limit is not None else a.amount


@dataclass(frozen=True, slots=True)
class CreditLine:
    """One open credit line: an agreement (covering its accounts), a card or a revolving line. The
    人民币 and 美元 accounts of a dual-currency card (one issuer, tail and opening date, or one
    共享授信额度) are one line: their shared limit counts once."""

    refs: tuple[str, ...]
    limit: int | None


def _share_key(a: Account) -> tuple[object, ...] | None:
    if a.family not in CARD_FAMILIES:
        return None
    if a.card_tail:
        return ("tail", a.lender, a.card_tail, a.opened)
    if a.shared_limit:
        return ("shared", a.lender, a.opened, a.shared_limit)
    return None


def open_lines(report: Report, loans: bool = False) -> list[CreditLine]:
    """The open credit lines: card limits and credit lines (授信协议, 循环额度), each once. A loan's
    借款金额 is no credit line, so loans are left out; ``loans=True`` counts open loans (and
    被追偿) at their amount too, as 授信总额 does (readiness)."""
    covered = {g.agreement_id for g in report.agreements if g.agreement_id}
    lines = [CreditLine((g.ref,), g.limit) for g in report.agreements]
    groups: dict[object, list[Account]] = {}
    for a in report.accounts:
        if not a.is_open or (a.agreement_id and a.agreement_id in covered):
            continue
        if not loans and a.credit_limit is None:
            continue
        groups.setdefault(_share_key(a) or a.ref, []).append(a)
    for group in groups.values():
        if len(group) > 1 and len({a.currency for a in group}) > 1:
            limits = [x for x in (limit_of(a) for a in group) if x is not None]
            lines.append(CreditLine(tuple(a.ref for a in group), max(limits) if limits else None))
        else:
            lines += [CreditLine((a.ref,), limit_of(a)) for a in group]
    return lines


def credit_lines(report: Report, loans: bool = False) -> dict[str, int | None]:
    """Open credit per line (``open_lines``), keyed by the line's first ref: what 授信额度合计 sums."""
    return {line.refs[0]: line.limit for line in open_lines(report, loans)}
