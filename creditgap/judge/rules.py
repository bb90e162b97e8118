"""Closure analysis: pure rules over a Report (with platforms attached) → to-do items and impact.

Each rule looks at one account or agreement and returns a ``Finding`` or None. Findings are then
merged (an agreement with its accounts), grouped by platform and lender, annotated (joint loans
opened the same day), prioritised, and turned into contract TodoItems plus the impact figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable

from .. import fields as F
from ..lenders import Matcher, default_matcher, is_online
from ..model import (
    CARD_FAMILIES,
    Account,
    Agreement,
    Family,
    Impact,
    PlatformMatch,
    Report,
    Status,
    TodoItem,
)
from .credit import CreditLine, open_lines, unknown_status
from .platforms import contenders, own_platforms

CLOSE = "close_credit_line"
CANCEL_CARD = "cancel_card"
REPAY = "repay_then_close"
OVERDUE = "resolve_overdue"
CONTACT = "contact_lender"
# What the impact line counts as removed once done: an item closes what it names (repay_then_close
# after the repayment, as the to-do says); resolve_overdue settles a debt first and closes nothing.
CLOSING_ACTIONS = frozenset({CLOSE, CANCEL_CARD, CONTACT, REPAY})
# How the to-do CSV and the terminal name each action (zh, en); compare reads the zh names back.
ACTION_LABELS = {
    CLOSE: ("关闭额度/注销", "close line"),
    CANCEL_CARD: ("信用卡销户", "cancel card"),
    REPAY: ("先还清再关闭", "repay, then close"),
    OVERDUE: ("先处理逾期", "resolve overdue"),
    CONTACT: ("联系机构", "contact lender"),
}
# Priority tiers: what the user can close now, then debts to sort out, then cards (often kept).
# Within a tier: online lenders first, then larger limits, then longer update times.
TIERS = {CLOSE: 0, CONTACT: 0, OVERDUE: 1, REPAY: 2, CANCEL_CARD: 3}


@dataclass(frozen=True, slots=True)
class RuleSettings:
    include_cards: bool = False  # people often keep cards: unused cards are listed only on request
    lang: str = "zh"

    def __post_init__(self) -> None:
        if self.lang not in ("zh", "en"):
            raise ValueError("lang must be zh or en")


@dataclass(frozen=True, slots=True)
class Finding:
    action: str
    why: str  # a key of REASONS
    account: Account | None = None
    agreement: Agreement | None = None


# --- rules: one account or agreement → a finding ---------------------------------------------


def settled_not_closed(a: Account) -> Finding | None:
    """A loan or sub-account with status 正常 and balance 0: repaid but never closed."""
    if a.family in (Family.LOAN, Family.REVOLVING_SUB) and a.status is Status.NORMAL and a.balance == 0:
        return Finding(CLOSE, "settled_open", account=a)
    return None


def unused_credit_line(a: Account) -> Finding | None:
    """A revolving line (循环贷账户二, 简版 授信) with status 正常 and nothing drawn."""
    if a.family is Family.REVOLVING and a.status is Status.NORMAL and a.balance == 0:
        return Finding(CLOSE, "unused_line", account=a)
    return None


def unused_card(a: Account) -> Finding | None:
    """A card with nothing used, active or never activated."""
    if a.family not in CARD_FAMILIES:
        return None
    if a.status is Status.INACTIVE:
        return Finding(CANCEL_CARD, "card_inactive", account=a)
    drawn = a.used if a.family is Family.CREDIT_CARD else a.balance
    if a.status is Status.NORMAL and drawn == 0 and not a.balance:
        return Finding(CANCEL_CARD, "card_unused", account=a)
    return None


def balance_left(a: Account, online: bool) -> Finding | None:
    """An open loan or line at an online lender that still has a balance: repay, then close."""
    if (online and a.family in (Family.LOAN, Family.REVOLVING_SUB, Family.REVOLVING)
            and a.status is Status.NORMAL and (a.balance or 0) > 0):
        return Finding(REPAY, "balance_left", account=a)
    return None


def bad_record(a: Account) -> str | None:
    """What makes ``a`` a bad record (a REASONS key), or None: overdue, 呆账, a 被追偿 debt still
    collected, or a bad status the contract keeps as ``other`` (司法追偿, 担保物不足, 强制平仓, 以资抵债)."""
    if a.family is Family.RECOVERED:
        return "recovered" if a.is_open else None
    if a.status is Status.OVERDUE:
        return "overdue"
    if a.status is Status.BAD_DEBT:
        return "bad_debt"
    if a.status is Status.OTHER and (word := F.bad_other(a.status_raw)):
        return BAD_OTHER_REASONS[word]
    return None


def settle_first(a: Account) -> Finding | None:
    """A bad record is no closure item: the person settles it with the institution first."""
    if why := bad_record(a):
        return Finding(OVERDUE, why, account=a)
    return None


def check_status(a: Account) -> Finding | None:
    """A status not known: ask the institution what it means; never a close or cancel item."""
    if unknown_status(a):
        return Finding(CONTACT, "unknown_status", account=a)
    return None


def stopped(a: Account) -> Finding | None:
    """冻结 / 止付 / 银行止付: open, still counted, but no longer usable. Nothing drawn: close it (a
    card too: unlike an unused card, it cannot be kept for use); a balance: repay, then close."""
    if a.status not in (Status.FROZEN, Status.STOPPED):
        return None
    drawn = a.used if a.family is Family.CREDIT_CARD else a.balance
    if drawn is None:
        return None
    if drawn > 0 or (a.balance or 0) > 0:
        return Finding(REPAY, "stopped_balance", account=a)
    return Finding(CANCEL_CARD if a.family in CARD_FAMILIES else CLOSE, "stopped_unused", account=a)


def unused_agreement(g: Agreement, linked: list[Account]) -> Finding | None:
    """A 授信协议 still listed with nothing used, or whose accounts are all settled/closed; never one
    with a bad record or a status not known among its open accounts."""
    open_linked = [a for a in linked if a.is_open]
    if any(bad_record(a) or unknown_status(a) for a in open_linked):
        return None
    if (linked and not open_linked) or (not linked and not g.used):
        return Finding(CLOSE, "agreement_unused", agreement=g)
    if open_linked and all(a.balance == 0 for a in open_linked):
        return Finding(CLOSE, "agreement_unused", agreement=g)
    return None


# In order: the first that applies decides; a bad record or an unknown status before any closing rule.
ACCOUNT_RULES: tuple[Callable[[Account], Finding | None], ...] = (
    settle_first, check_status, stopped, settled_not_closed, unused_credit_line)


# --- texts -----------------------------------------------------------------------------------

REASONS = {
    "settled_open": ("已还清（余额0）但账户仍为“正常”，没有销户，仍占用贷款账户数", "repaid (balance 0) but still open; it still counts as a loan account"),
    "unused_line": ("循环额度没有使用（余额0），额度仍计入授信总额", "the revolving line is unused (balance 0) but still counts as granted credit"),
    "agreement_unused": ("授信协议仍有效但没有在用，额度仍计入授信", "the credit agreement is still listed but unused"),
    "card_unused": ("信用卡没有使用（已用额度0）", "the card is unused (nothing drawn)"),
    "card_inactive": ("信用卡未激活，额度仍计入授信", "the card was never activated but its limit still counts"),
    "balance_left": ("还有余额{balance}元：先还清，再关闭额度", "a balance of ¥{balance} is left: repay it, then close"),
    "overdue": ("账户逾期：这是不良记录，结清前无法关闭，请先联系机构还清逾期欠款",
                "overdue: a bad record; it cannot be closed until settled, so contact the lender and repay what is overdue first"),
    "bad_debt": ("账户已成呆账：这是严重的不良记录，不能当作额度关闭；请先与机构协商结清欠款，结清后记录仍会显示5年",
                 "bad debt (呆账): a serious bad record, not a line to close; settle the debt with the lender first "
                 "(the record still shows for 5 years after)"),
    "judicial": ("账户已被司法追偿：这是不良记录，不能当作额度关闭；请先与机构（或法院）处理欠款",
                 "under judicial recovery (司法追偿): a bad record, not a line to close; settle the debt with the lender "
                 "(or the court) first"),
    "collateral": ("账户状态为担保物不足：请先联系机构补足担保或还款，处理完之前不能关闭",
                   "collateral insufficient (担保物不足): contact the lender to top up the collateral or repay; "
                   "it cannot be closed before that"),
    "liquidated": ("账户已被强制平仓：请先联系机构核对并还清剩余欠款，处理完之前不能关闭",
                   "forced liquidation (强制平仓): check with the lender and repay what is still owed; "
                   "it cannot be closed before that"),
    "offset": ("账户以资抵债：请先向机构确认欠款是否已全部抵清，处理完之前不能关闭",
               "settled with assets (以资抵债): confirm with the lender that the debt is fully cleared; "
               "it cannot be closed before that"),
    "recovered": ("债权已被转让或代偿，由{lender}追偿：这是不良记录，请先与{lender}协商还清",
                  "the debt was sold or paid by a guarantor and {lender} now collects it: a bad record; "
                  "settle it with {lender} first"),
    "unknown_status": ("报告上的账户状态是“{status}”，本工具不认识这个状态，不据此给出关闭建议：请先向机构问清这个状态的意思、是否还有欠款",
                       "the report's status is “{status}”, which this tool does not know, so no closing advice rests "
                       "on it: ask the lender what it means and whether anything is owed"),
    "stopped_unused": ("账户已被{status}，不能再使用，但额度仍计入授信：可以联系机构销户/注销",
                       "the account is {status_en} and can no longer be used, but its limit still counts: ask the lender "
                       "to close it"),
    "stopped_balance": ("账户已被{status}，不能再使用，还有余额{balance}元：先还清，再联系机构销户/注销",
                        "the account is {status_en} and can no longer be used; a balance of ¥{balance} is left: repay "
                        "it, then ask the lender to close it"),
}
BAD_OTHER_REASONS = {"司法追偿": "judicial", "担保物不足": "collateral", "强制平仓": "liquidated", "以资抵债": "offset"}
STATUS_EN = {Status.FROZEN: "frozen", Status.STOPPED: "stopped"}
JOINT = ("与{other}同日开立，可能是同一笔联合贷款，都在{platform}关闭", "opened the same day as {other}: likely one joint loan, close both via {platform}")
ASK = ("未能确定借款平台。致电{lender}时可以这样问：“我的征信报告上有一笔{opened}开立、由贵机构放款的账户，请问是通过哪个平台借的？"
       "这笔已经结清，我想注销账户和额度，应该怎么办理？注销后多久报送征信？”",
       "Platform unknown. Call {lender} and ask: \"My credit report shows an account you opened on {opened}. "
       "Which platform was it taken through? It is settled; how do I close the account and the credit line, "
       "and when will the credit report show it?\"")


# Two or more platforms still in the running (platforms.contenders): the item keeps the best guess and says what to ask.
WHICH = ("可能是{first}，也可能是{others}，报告里没有能区分的依据。办理前可以问{lender}：“请问这笔贷款是通过哪个平台借的？”",
         "it may be {first} or {others}; the report does not tell them apart. Before closing, ask {lender}: "
         "\"Which platform was this loan taken through?\"")
WHICH_CONFLICT = ("报告里的依据指向不同平台（{first}、{others}），暂按{first}列出。办理前可以问{lender}：“请问这笔贷款是通过哪个平台借的？”",
                  "the report's evidence points to different platforms ({first}, {others}); listed under {first} for now. "
                  "Before closing, ask {lender}: \"Which platform was this loan taken through?\"")
EVIDENCE_LABEL = ("依据：", "Evidence: ")  # starts the last part of a reason; outputs.terminal.todo_table shows it on its own line
# A platform the report's own evidence singles out counts as at least this sure (0–100), whatever its mapping weight:
# the same as a name read with one wrong character (lenders.Matcher.resolve).
EVIDENCE_SCORE = 90.0


def text(pair: tuple[str, str], lang: str, **values: object) -> str:
    return pair[lang == "en"].format(**values)


# --- putting it together ---------------------------------------------------------------------


@dataclass
class _Group:
    platform: str | None
    lender: str
    action: str
    findings: list[Finding] = field(default_factory=list)
    check: bool = False  # asks what an unknown status means: no closing item
    notes: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class _Choice:
    platform: str | None
    score: float  # 0–100; the item's confidence is the best of its findings' / 100
    note: str = ""
    evidence: tuple[str, ...] = ()



def analyze(report: Report, matcher: Matcher | None = None, settings: RuleSettings | None = None) -> Report:
    """The report with ``todo`` and ``impact`` filled in. Accounts must carry platforms already."""
    matcher = matcher or default_matcher()
    settings = settings or RuleSettings()
    lang = settings.lang

    findings: list[Finding] = []
    for a in report.accounts:
        f = next(filter(None, (rule(a) for rule in ACCOUNT_RULES)), None) or balance_left(a, is_online(a.lender, matcher))
        if f is None and settings.include_cards:
            f = unused_card(a)
        if f:
            findings.append(f)
    by_agreement: dict[str, list[Account]] = {}
    for a in report.accounts:
        if a.agreement_id:
            by_agreement.setdefault(a.agreement_id, []).append(a)
    for g in report.agreements:
        if f := unused_agreement(g, by_agreement.get(g.agreement_id or "", [])):
            findings.append(f)

    chosen = _choose_platforms(findings, lang)
    groups: dict[tuple[str | None, str, str, bool], _Group] = {}
    for f, choice in zip(findings, chosen):
        record = f.account or f.agreement
        assert record is not None
        platform = choice.platform
        action = CONTACT if platform is None and f.action in (CLOSE, CANCEL_CARD) else f.action
        check = f.why == "unknown_status"  # an item of its own, never merged with a closing one
        group = groups.setdefault((platform, record.lender, action, check), _Group(platform, record.lender, action, check=check))
        group.findings.append(f)
        group.score = max(group.score, choice.score)
        if choice.note and choice.note not in group.notes:
            group.notes.append(choice.note)
        group.evidence.extend(e for e in choice.evidence if e not in group.evidence)
    lines = open_lines(report)
    items = [_todo(g, matcher, lang, lines) for g in groups.values()]
    items.sort(key=lambda t: (t[1], -(t[0].credit_limit or 0), -(t[0].expected_update_days or 0)))
    todo = tuple(replace(item, id=n) for n, (item, _) in enumerate(items, 1))
    return replace(report, todo=todo, impact=impact(report, todo))


def _choice(record: Account | Agreement, lang: str) -> _Choice:
    """The first candidate, with the evidence behind it; when others are still in the running
    (platforms.contenders), the question to ask and a confidence shared among them."""
    if not record.platforms:
        return _Choice(None, 0.0)
    best = record.platforms[0]
    running = contenders(record.platforms)
    if len(running) == 1:
        decided = bool(best.evidence) and all(len(p.evidence) < len(best.evidence) for p in record.platforms[1:])
        return _Choice(best.platform, max(best.score, EVIDENCE_SCORE) if decided else best.score, "", best.evidence)
    conflict = any(p.evidence != best.evidence for p in running[1:])
    others = ("、" if lang == "zh" else ", ").join(p.platform for p in running[1:])
    note = text(WHICH_CONFLICT if conflict else WHICH, lang, first=best.platform, others=others, lender=record.lender)
    total = sum(p.score for p in running)
    share = best.score / total if total else 0.0
    evidence = tuple(f"{p.platform}：{e}" if lang == "zh" else f"{p.platform}: {e}" for p in running for e in p.evidence) \
        if conflict else best.evidence
    return _Choice(best.platform, best.score * share, note, evidence)


def _choose_platforms(findings: list[Finding], lang: str) -> list[_Choice]:
    """Best platform per finding (candidates come ranked by platforms.rank_by_evidence when the caller
    ran it); accounts at different lenders opened the same day that share a candidate platform are
    taken as one joint loan and sent to that shared platform."""
    out: list[_Choice] = []
    for f in findings:
        record = f.account or f.agreement
        assert record is not None
        out.append(_choice(record, lang))
    accounts = [(i, f.account) for i, f in enumerate(findings) if f.account is not None and f.account.opened]
    for n, (i, a) in enumerate(accounts):
        for j, b in accounts[n + 1:]:
            if a.lender == b.lender or a.opened != b.opened or _conflicted(a) or _conflicted(b):
                continue
            scores_a = {p.platform: p.score for p in a.platforms}
            # a platform both merely partner with (many banks list 借呗) is no joint loan: it must be one side's own
            own = own_platforms(a.platforms) | own_platforms(b.platforms)
            shared = [(scores_a[p.platform] + p.score, p.platform) for p in b.platforms
                      if p.platform in scores_a and p.platform in own]
            if not shared:
                continue
            _, platform = max(shared)
            out[i] = _joint(a, platform, b.lender, lang)
            out[j] = _joint(b, platform, a.lender, lang)
    return out


def _conflicted(record: Account) -> bool:
    """The report's evidence points to more than one platform: a same-day account alone does not settle it."""
    running = contenders(record.platforms)
    return len(running) > 1 and any(p.evidence for p in running)


def _joint(record: Account, platform: str, other: str, lang: str) -> _Choice:
    """One side of a joint loan: sent to the shared platform; a second candidate counts as singled out."""
    match: PlatformMatch = next(p for p in record.platforms if p.platform == platform)
    score = max(match.score, EVIDENCE_SCORE) if len(record.platforms) > 1 else match.score
    return _Choice(platform, score, text(JOINT, lang, other=other, platform=platform), match.evidence)


def _todo(group: _Group, matcher: Matcher, lang: str, lines: list[CreditLine]) -> tuple[TodoItem, tuple[int, int]]:
    accounts = [f.account for f in group.findings if f.account]
    agreements = [f.agreement for f in group.findings if f.agreement]
    refs = {a.ref for a in accounts} | {g.ref for g in agreements}
    # the limit of each line the item's records make up whole, as the impact line counts it
    known = [line.limit for line in lines if set(line.refs) <= refs and line.limit is not None]
    if group.action == CONTACT and not group.check:
        opened = min((a.opened for a in accounts if a.opened), default=None) or \
            min((g.effective for g in agreements if g.effective), default=None)
        reason = text(ASK, lang, lender=group.lender, opened=_cn_date(opened, lang))
    else:
        reason = _reasons(group, accounts, lang)
    sep = "；" if lang == "zh" else "; "
    if group.notes:
        reason += sep + sep.join(group.notes)
    if group.evidence:
        reason += sep + text(EVIDENCE_LABEL, lang) + sep.join(group.evidence)
    platform = matcher.platforms.get(group.platform) if group.platform else None
    online = is_online(group.lender, matcher)
    item = TodoItem(
        id=0, platform=group.platform, lender=group.lender,
        accounts=tuple(a.ref for a in accounts), agreements=tuple(g.ref for g in agreements),
        action=group.action, reason=reason, credit_limit=sum(known) if known else None,
        # a bad record is settled with the institution, not closed in the app: no closing steps for it
        steps=platform.steps if platform and group.action != OVERDUE else None,
        phone=(platform.phone or None) if platform else None,
        expected_update=platform.expected_update if platform else None,
        expected_update_days=platform.expected_update_days if platform else None,
        confidence=round(group.score / 100, 2),
    )
    return item, (TIERS[OVERDUE] if group.check else TIERS[group.action], int(not online))


def _reasons(group: _Group, accounts: list[Account], lang: str) -> str:
    """One sentence per kind of finding in the item (an overdue loan and a 呆账 card at one lender
    each say what they are)."""
    parts: list[str] = []
    for why in dict.fromkeys(f.why for f in group.findings):
        mine = [f.account for f in group.findings if f.why == why and f.account] or accounts
        first = mine[0] if mine else None
        status_raw = (first.status_raw if first else None) or "--"
        part = text(REASONS[why], lang, balance=f"{sum(a.balance or 0 for a in mine):,}", lender=group.lender,
                    status=status_raw, status_en=STATUS_EN.get(first.status, "stopped") if first else "stopped")
        if part not in parts:
            parts.append(part)
    return ("；" if lang == "zh" else "; ").join(parts)


def _cn_date(d: date | None, lang: str) -> str:
    if d is None:
        return "某日" if lang == "zh" else "some date"
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.isoformat()


def impact(report: Report, todo: tuple[TodoItem, ...]) -> Impact:
    """Open accounts, open credit (card limits and credit lines, ``open_lines``) and lenders, before and
    after every item that closes something is done: close, cancel, contact-to-close, and repay-then-close
    (repaid, then closed, as the to-do says). Settling a bad record first, or asking what an unknown
    status means, closes nothing here."""
    unknown = {a.ref for a in report.accounts if unknown_status(a)}
    closed_refs = {r for t in todo if t.action in CLOSING_ACTIONS for r in t.accounts + t.agreements} - unknown
    open_accounts = [a for a in report.accounts if a.is_open]
    lines = open_lines(report)
    open_after = [a for a in open_accounts if a.ref not in closed_refs]
    lenders_before = {a.lender for a in open_accounts} | {g.lender for g in report.agreements}
    lenders_after = {a.lender for a in open_after} | {g.lender for g in report.agreements if g.ref not in closed_refs}
    return Impact(
        open_accounts_before=len(open_accounts), open_accounts_after=len(open_after),
        open_credit_limit_before=sum(line.limit or 0 for line in lines),
        open_credit_limit_after=sum(line.limit or 0 for line in lines if not set(line.refs) <= closed_refs),
        lenders_before=len(lenders_before), lenders_after=len(lenders_after),
    )
