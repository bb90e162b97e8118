"""Which app closes each record: the mapping's candidates per lender, re-ranked by the report's own evidence.

``attach_platforms`` puts on every account and agreement the candidates the lender mapping
(``creditgap.lenders.Matcher``) gives for its lender, best first. ``rank_by_evidence`` then re-ranks
each record's candidates from what the report itself says (joint loans opened the same day, loan
inquiries just before the opening date) and records that evidence on the candidates; ``contenders``
says which candidates are still in the running for first place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from functools import cache

from ..lenders import Matcher, default_matcher, normalize
from ..model import Account, Agreement, Family, Inquiry, PlatformMatch, Report


def attach_platforms(report: Report, matcher: Matcher | None = None) -> Report:
    """The report with every account and agreement carrying its platform candidates."""
    matcher = matcher or default_matcher()
    names = {a.lender for a in report.accounts} | {g.lender for g in report.agreements}
    found = {name: matcher.match(name) for name in names}
    return replace(
        report,
        accounts=tuple(replace(a, platforms=found[a.lender]) for a in report.accounts),
        agreements=tuple(replace(g, platforms=found[g.lender]) for g in report.agreements),
    )


# --- evidence from the report itself ---------------------------------------------------------
#
# One institution funds many platforms, so a lender name alone often leaves several candidates. The
# report itself can decide between them:
#   * joint lending: the platform's own lender and a partner bank or trust each report an account (or a
#     credit agreement) opened the same day, so a record at another institution opened the same day
#     speaks for platform P when P is one of that institution's own platforms (below);
#   * the platform's own lender usually queries the credit report when the user applies: a hard loan
#     inquiry (INQUIRY_REASONS) by another institution, one of whose own platforms is P, on the opening
#     day or at most INQUIRY_WINDOW_DAYS before it, speaks for P. Inquiries after the opening day do
#     not count (those are usually 贷后管理, and a later application is another loan).
# "Own platforms" of the other institution are its candidates in the running by weight (``contenders``:
# its first, and those scoring at least AMBIGUOUS_RATIO of it), not every platform it funds as a partner:
# a card centre of a bank that funds 借呗 at weight 0.2 querying before a 网商银行 loan says nothing about 借呗.
# Each institution counts once per kind (its nearest inquiry). Candidates with more evidence come
# first; among equals the mapping's own order (its weight) stands.

INQUIRY_WINDOW_DAYS = 7
INQUIRY_REASONS = ("贷款审批", "授信审批", "额度审批", "融资审批")
REASON_EN = {"贷款审批": "loan approval", "授信审批": "credit approval", "额度审批": "credit-limit approval",
             "融资审批": "financing approval"}
# Without evidence, a runner-up whose score is at least this share of the first one's is a real
# alternative: the mapping itself does not tell them apart (京东金条 100 / 京东白条 90, 度小满 70 / 百信银行 60).
AMBIGUOUS_RATIO = 0.8


def _institution(name: str, matcher: Matcher) -> str:
    found = matcher.resolve(name)
    return found[0] if found else normalize(name) or name


@cache
def _loan_inquiry(reason: str) -> str | None:
    """The INQUIRY_REASONS term a printed 查询原因 carries, or None (贷后管理, 信用卡审批, 本人查询 …)."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", reason))
    return next((term for term in INQUIRY_REASONS if term in key), None)


def _same_day_text(other: Account | Agreement, lang: str) -> str:
    if isinstance(other, Agreement):
        return f"a credit agreement with {other.lender} dated the same day" if lang == "en" else f"同日有{other.lender}的授信协议"
    return f"an account opened the same day at {other.lender}" if lang == "en" else f"同日有{other.lender}开立的账户"


def _inquiry_text(inquiry: Inquiry, term: str, days: int, lang: str) -> str:
    if lang == "en":
        when = "on the opening day" if days == 0 else f"{days} day{'s' if days > 1 else ''} before opening"
        return f"a {REASON_EN[term]} inquiry by {inquiry.institution} {when}"
    when = "同日" if days == 0 else f"开立前{days}天"
    return f"{when}有{inquiry.institution}的{term}查询"


def own_platforms(platforms: tuple[PlatformMatch, ...]) -> set[str]:
    """The platforms an institution lends through as its own (by the mapping's weight alone), not every
    platform whose partner list names it."""
    top = platforms[0].score if platforms else 0.0
    return {p.platform for p in platforms if p.score >= AMBIGUOUS_RATIO * top}


def _is_card(record: Account | Agreement) -> bool:
    """A credit card is the issuing bank's own: never a loan a platform brokered, whatever partner list names
    the bank, so a loan inquiry before a card was issued says nothing about the bank's partners (issue 25)."""
    return isinstance(record, Account) and record.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)


def _opened(record: Account | Agreement) -> date | None:
    return record.opened if isinstance(record, Account) else record.effective


def evidence_for(record: Account | Agreement, report: Report, matcher: Matcher, lang: str = "zh") -> dict[str, list[str]]:
    """Platform → evidence sentences the report holds for it, for one record (only its candidates)."""
    day = _opened(record)
    candidates = {p.platform for p in record.platforms}
    if day is None or len(candidates) < 2 or _is_card(record):
        return {}
    own = _institution(record.lender, matcher)
    found: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for other in report.accounts + report.agreements:  # type: ignore[operator]
        if _opened(other) != day or _institution(other.lender, matcher) == own:
            continue
        shared = candidates & own_platforms(other.platforms)
        key = ("record", _institution(other.lender, matcher))
        if not shared or key in seen:
            continue
        seen.add(key)
        for platform in shared:
            found.setdefault(platform, []).append(_same_day_text(other, lang))
    # nearest inquiry first, so an institution that queried twice is cited once, for its nearest inquiry
    for inquiry in sorted(report.inquiries, key=lambda i: -i.date.toordinal()):
        days = (day - inquiry.date).days
        if not 0 <= days <= INQUIRY_WINDOW_DAYS:  # the cheap test first: most inquiries are far off
            continue
        term = _loan_inquiry(inquiry.reason)
        if term is None:
            continue
        institution = _institution(inquiry.institution, matcher)
        if institution == own or ("inquiry", institution) in seen:
            continue
        shared = candidates & own_platforms(matcher.match(inquiry.institution))
        if not shared:
            continue
        seen.add(("inquiry", institution))
        for platform in shared:
            found.setdefault(platform, []).append(_inquiry_text(inquiry, term, days, lang))
    return found


def ranked(record: Account | Agreement, report: Report, matcher: Matcher, lang: str = "zh") -> tuple[PlatformMatch, ...]:
    """``record``'s candidates with their evidence, those with more evidence first (a stable sort, so
    among equals the mapping's order stands)."""
    found = evidence_for(record, report, matcher, lang)
    if not found:
        return record.platforms
    with_evidence = [replace(p, evidence=tuple(found.get(p.platform, ()))) for p in record.platforms]
    return tuple(sorted(with_evidence, key=lambda p: -len(p.evidence)))


def rank_by_evidence(report: Report, matcher: Matcher | None = None, lang: str = "zh") -> Report:
    """The report with each record's platform candidates re-ranked from the report's own evidence.

    Pure: the report is not changed. Records with fewer than two candidates, or no opening date,
    keep theirs as they are. Run after ``attach_platforms`` (the candidates of every record, the
    other records' included, must be attached). Evidence sentences are in ``lang`` (zh or en).
    """
    matcher = matcher or default_matcher()
    return replace(
        report,
        accounts=tuple(replace(a, platforms=ranked(a, report, matcher, lang)) for a in report.accounts),
        agreements=tuple(replace(g, platforms=ranked(g, report, matcher, lang)) for g in report.agreements),
    )


def contenders(platforms: tuple[PlatformMatch, ...]) -> tuple[PlatformMatch, ...]:
    """The candidates still in the running for first place, best first: the first one, plus each other
    with as much evidence that either rests on other evidence (the report points to two platforms) or,
    on the same evidence or none, scores at least AMBIGUOUS_RATIO of the first. One → decided."""
    if not platforms:
        return ()
    top = platforms[0]
    return (top,) + tuple(
        p for p in platforms[1:]
        if len(p.evidence) == len(top.evidence)
        and (p.evidence != top.evidence or p.score >= AMBIGUOUS_RATIO * top.score)
    )
