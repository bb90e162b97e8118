"""Report pairs for ``compare``: a later report of the same person, with known verdicts.

``later(report, intent, rng)`` returns the report some weeks on: most accounts the user had to
close are now settled, one stays open, a settled account has dropped off, a new loan appeared.
The verdict of every OLD ref is recorded as it is decided, so the truth does not come from
``compare`` itself.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from creditgap.model import Account, Report, Status

from .synth import FAMILY_ORDER, _Builder, summarise


def later(report: Report, intent: dict[str, str | None], rng: random.Random, days: int = 75,
          keep_open: int = 2) -> tuple[Report, dict[str, str], dict[str, str]]:
    """(new report, OLD ref → NEW ref, OLD ref → verdict) for a report ``days`` later.

    Of the accounts meant to be closed, ``keep_open`` stay open (still_open or pending), the rest
    are settled (confirmed). One settled non-to-do account drops off (gone); one loan is new.
    """
    h = report.header
    assert h.report_time is not None
    new_time = h.report_time + timedelta(days=days)
    close_refs = [a.ref for a in report.accounts if intent.get(a.ref) == "close_credit_line"]
    stay = set(rng.sample(close_refs, min(keep_open, len(close_refs))))
    verdicts: dict[str, str] = {}
    kept: list[tuple[str | None, Account]] = []
    dropped = next((a.ref for a in report.accounts if not a.is_open and intent.get(a.ref) is None), None)
    for a in report.accounts:
        if a.ref == dropped:
            verdicts[a.ref] = "gone"
            continue
        if a.ref in close_refs and a.ref not in stay:
            closed = (h.report_time + timedelta(days=rng.randint(5, 30))).date()
            a = replace(a, status=Status.SETTLED, status_raw="结清", balance=None, closed_on=closed.isoformat(),
                        as_of=closed.isoformat())
            verdicts[a.ref] = "confirmed"
        elif a.ref in stay or (a.is_open and intent.get(a.ref) in ("repay_then_close", "resolve_overdue")):
            verdicts[a.ref] = "still_open"
        kept.append((a.ref, a))
    # agreements whose every account is now settled are no longer listed
    open_ids = {a.agreement_id for _, a in kept if a.is_open and a.agreement_id}
    agreements = []
    for g in report.agreements:
        linked = [a for _, a in kept if a.agreement_id == g.agreement_id]
        if linked and g.agreement_id not in open_ids:
            verdicts[g.ref] = "confirmed"
            continue
        if intent.get(g.ref) == "close_credit_line" and not linked:
            verdicts[g.ref] = "confirmed"  # the user closed the unused agreement
            continue
        if intent.get(g.ref) == "close_credit_line":
            verdicts[g.ref] = "still_open"
        agreements.append(g)
    builder = _Builder(rng, new_time.date())
    fresh = builder.loan("招联消费金融有限公司", state="open", opened=new_time.date() - timedelta(days=20))
    kept.append((None, replace(fresh, as_of=(new_time - timedelta(days=3)).date().isoformat(), overdue_months_5y=0)))
    ordered = [pair for family in FAMILY_ORDER for pair in kept if pair[1].family is family]
    refs = {old: f"A{n}" for n, (old, _) in enumerate(ordered, 1) if old}
    agreement_refs = {g.ref: f"P{n}" for n, g in enumerate(agreements, 1)}
    accounts = tuple(replace(a, ref=f"A{n}") for n, (_, a) in enumerate(ordered, 1))
    verdicts.update({f"new:A{n}": "new_account" for n, (old, _) in enumerate(ordered, 1) if old is None})
    header = replace(h, report_time=new_time, report_no=new_time.strftime("%Y%m%d%H%M%S") + (h.report_no or "")[14:])
    new = Report(header=header, accounts=accounts,
                 agreements=tuple(replace(g, ref=agreement_refs[g.ref]) for g in agreements),
                 inquiries=report.inquiries, summary=summarise(accounts))
    return new, {**refs, **agreement_refs}, verdicts
