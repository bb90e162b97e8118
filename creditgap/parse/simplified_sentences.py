"""简版: one numbered item read as a head and its clauses (report-format.md §5.3, §7.2–7.3).

``parse_sentence`` takes an item's text without its ordinal and returns the Account fields it
states; ``parse_liability`` the same for a 相关还款责任 / 为他人担保 item. The head says what the
item is (a card, a credit line, a loan or 其他业务, a 资产处置 or 垫款); every clause after it is read
on its own and in any order. Status wording follows §7.2: a state the rules do not know is never
``normal`` but ``other`` with the wording kept (contract.md, Additions 2026-12).
"""

from __future__ import annotations

import re

from .. import fields as F
from ..model import Family, Status

# Like fields.ascii_punct, but 。 stays: a sentence ends with it and the list is split after it.
_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "．": "."})
D = r"(\d{4}年\d{1,2}月\d{1,2}日)"
M = r"(\d{4}年\d{1,2}月)"
AMT = r"(-?\d{1,3}(?:,\d{3})+(?![\d])|-?\d+|--)"  # 67,600,2022年…: the amount ends before 2022

# Heads: what an item is (spec §5.3). Everything after the head is a list of clauses. A comma
# may follow the date (资产处置 prints {D}，{资产管理公司}接收债权, spec §7.3): it is not the name's.
_CARD = re.compile(rf"^{D},?(?P<inst>.+?)发放的(?P<kind>准贷记卡|贷记卡)(?:\((?P<br>[^()]*)\))?")
_LINE = re.compile(rf"^{D},?(?P<inst>.+?)为(?P<bt>[^,。]+?)授信")
_LOAN = re.compile(rf"^{D},?(?P<inst>.+?)(?:发放|办理)的{AMT}元\((?P<ccy>[^)]+)\)(?P<bt>[^,。]+)")
_PARTY = r"为(?P<whom>.+?)\(证件类型:(?P<idtype>[^,]+),证件号码:[^)]*\)在(?P<inst>.+?)办理的"
_LIABILITY = re.compile(rf"^{D},{_PARTY}[^,。]*?承担相关还款责任,责任人类型为(?P<role>[^,]+),"
                        rf"相关还款责任金额(?P<amount>{AMT[1:-1]})(?:\(保证合同编号:[^)]*\))?。"
                        rf"截至(?P<asof>\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?),[^,。]*?余额(?P<balance>{AMT[1:-1]})")
_GUARANTEE = re.compile(rf"^{D},{_PARTY}(?:贷款|贷记卡)提供担保,担保(?:贷款合同金额|授信额度){AMT},"
                        rf"担保金额(?P<amount>{AMT[1:-1]})。截至(?P<asof>\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?),"
                        rf"担保贷款余额(?P<balance>{AMT[1:-1]})")
_DISPOSAL = re.compile(rf"^{D},?(?P<inst>.+?)接收债权,金额为{AMT}")
_ADVANCE = re.compile(rf"^{D}以来,?(?P<inst>.+?)累计代偿金额{AMT}")
# A loan that came from another institution: …住房贷款（其他机构转入） (spec §7.3); the kind is 住房贷款.
_TRANSFERRED_IN = re.compile(r"\([^()]*转入\)$")
# …350,000元（美元折人民币）…: the amount is converted; the account's currency is the one named.
_CONVERTED = re.compile(r"(.+?)折(?:合)?人民币")

# 账户状态 words a 简版 states after 已变成 / 已 / 被 (spec §7.2): 已变成呆账, 已变成司法追偿, 被司法追偿,
# 已冻结, 已止付 …; the 详版 vocabulary (fields.STATUS_WORDS) says what each is.
_STATE_WORDS = "|".join(sorted((w for w, s in F.STATUS_WORDS.items()
                                if s in (Status.BAD_DEBT, Status.FROZEN, Status.STOPPED, Status.OTHER)),
                               key=len, reverse=True))

# Clauses (spec §5.3), each read on its own, in any order; a clause is the text between , ; or 。
# (a comma inside an amount such as 1,000 does not end one).
# 。 ; and , end a clause, but not the comma of 1,000; an ASCII full stop too (some exports print one).
_CLAUSE_END = re.compile(r"[;。]|(?<!\d),|,(?!\d{3}(?!\d))|\.(?!\d)")
DM = r"(\d{4}年\d{1,2}月(?:\d{1,2}日)?)"
A = AMT + r"元?"
CLAUSES: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(pattern)) for name, pattern in [
    ("due", rf"{D}到期"),
    ("due_month", rf"{M}到期"),  # a month only (seen on 贷记卡): read, not a date
    ("valid_until", rf"额度有效期至{D}"),
    ("long_term", r"额度长期有效"),
    ("revolving", r"不?可循环使用"),
    ("as_of_then", rf"截至{DM}(?P<more>.+)"),  # 截至2014年1月已销户
    ("as_of", rf"截至{DM}"),
    ("instalment", rf"余额为?{A}\(含未出单的大额专项分期余额{A}\)"),
    ("balance", rf"余额为?{A}"),
    ("limit", rf"信用额度(?:折合人民币)?{A}(?:\([^)]*\))?"),
    ("used", rf"已使用额度{A}"),
    ("overdraft", rf"透支余额{A}"),
    ("instalment_only", rf"(?:未出单的)?大额专项分期余额{A}"),  # stated beside 已使用额度: read past
    ("overdue_amount", rf"逾期金额{A}"),
    ("current", r"当前(无|有)逾期"),
    ("overdrawn_60", r"(?:当前)?透支超过60天"),  # 准贷记卡: overdue (spec §7.2)
    ("ended", rf"(?:{M})?(已?)(结清|转出|销户)"),
    ("ended_on", rf"(已)于{M}(结清|转出|销户)"),  # 已于2009年11月结清
    ("inactive", r"尚未激活"),
    ("state", rf"(?:已经?变成|变成|已经?被?|被)?({_STATE_WORDS})"),
    ("account_status", r"账户状态(?:为|是|:)?[“\"]?([^”\"]+?)[”\"]?"),
    ("history", r"最近5年内有(\d+)个月(?:处于逾期状态|透支超过60天)"),
    ("history_90", r"(?:其中\d+个月(?:逾期|透支)超过90天|没有发生过90天以上逾期|从未发生过逾期|最近5年内(?:没有|无)逾期)"),
    ("last_payment", rf"最近一次还款日期为{D}"),
]]
# A clause no rule reads that has the shape of a state (已核销, 被强制执行, 处于…状态): never read as
# normal; the account is ``other`` with this wording.
# A negative statement (当前无…, 没有…) states no state.
_STATE_LIKE = re.compile(r"^(?!当前无|当前没有|没有|从未)(?:(?:已|被|当前|尚未|处于|账户状态)\D*|\D*(?:变成|状态)\D*)$")


class SentenceError(ValueError):
    """A numbered sentence no template reads."""


def norm(text: str) -> str:
    """Spaces out (CJK wraps anywhere; re-typeset dates print 2009 年 5 月), punctuation half-width."""
    return F.squash(text).translate(_WIDTH)


def _head(s: str, section: str) -> tuple[re.Match[str], dict[str, object]]:
    """What the item is: its head's match and the fields the head states."""
    if section in ("资产处置信息", "垫款信息", "保证人代偿信息"):
        m = _DISPOSAL.match(s) or _ADVANCE.match(s)
        if not m:
            raise SentenceError(s[:20])
        return m, dict(family=Family.RECOVERED, opened=F.day(m.group(1)), lender=_name(m.group("inst")),
                       amount=F.amount(m.group(3)), currency="CNY",
                       business_type="资产处置" if section == "资产处置信息" else "垫款")
    if m := _CARD.match(s):
        bracket = m.group("br") or ""
        ccy = re.search(r"([^,:]+?)账户", bracket)
        tail = re.search(r"卡片尾号:?(\d{4})", bracket)
        return m, dict(family=Family.SEMI_CREDIT_CARD if m.group("kind") == "准贷记卡" else Family.CREDIT_CARD,
                       opened=F.day(m.group(1)), lender=_name(m.group("inst")),
                       currency=F.currency(ccy.group(1)) if ccy else "CNY", card_tail=tail.group(1) if tail else None)
    if m := _LINE.match(s):
        return m, dict(family=Family.REVOLVING, opened=F.day(m.group(1)), lender=_name(m.group("inst")),
                       business_type=m.group("bt"), currency="CNY")
    if m := _LOAN.match(s):
        ccy = m.group("ccy")
        converted = _CONVERTED.fullmatch(ccy)
        return m, dict(family=Family.LOAN, opened=F.day(m.group(1)), lender=_name(m.group("inst")),
                       amount=F.amount(m.group(3)), currency=F.currency(converted.group(1) if converted else ccy),
                       business_type=_TRANSFERRED_IN.sub("", m.group("bt")))
    raise SentenceError(s[:20])


def _name(inst: str) -> str:
    return inst.strip(",、:;. ")


def parse_sentence(sentence: str, section: str, unknown: list[str] | None = None) -> dict[str, object]:
    """The Account fields a 简版 item states (without ref and page).

    The item is split into its head (date, lender, what was issued) and its clauses, each read on
    its own and in any order. A clause no rule reads is appended to ``unknown`` (when given) and
    the account is kept; one that has the shape of a state makes the status ``other`` with that
    wording. Only a head that cannot be read raises SentenceError.
    """
    s = norm(sentence).strip()
    m, out = _head(s, section)
    said: dict[str, object] = {}
    for clause in _CLAUSE_END.split(s[m.end():]):
        if clause := clause.strip():
            if not _read_clause(clause, said):
                if _STATE_LIKE.match(clause):
                    said.setdefault("unknown_state", clause)
                if unknown is not None:
                    unknown.append(clause)
    return {**out, **_fields(out["family"], said)}  # type: ignore[arg-type]


def _read_clause(clause: str, said: dict[str, object]) -> bool:
    """Record what ``clause`` says in ``said``; False when no rule reads it."""
    for name, pattern in CLAUSES:
        c = pattern.fullmatch(clause)
        if c is None:
            continue
        if name == "as_of_then":
            if not _read_clause(c.group("more"), said):
                continue
            said["as_of"] = F.day_or_month(c.group(1))
            if "ended" in said and said["ended"][2] is None:  # type: ignore[index]
                word, raw, _ = said["ended"]  # type: ignore[misc]
                said["ended"] = (word, raw, F.month(c.group(1)[:c.group(1).index("月") + 1]))  # as of the month it ended
        elif name == "as_of":
            said["as_of"] = F.day_or_month(c.group(1))
        elif name in ("due", "valid_until"):
            said["due"] = F.day(c.group(1))
        elif name in ("balance", "instalment", "overdraft"):
            said["balance"] = F.amount(c.group(1))
        elif name == "limit":
            said["credit_limit"] = F.amount(c.group(1))
        elif name == "used":
            said["used"] = F.amount(c.group(1))
        elif name == "overdue_amount":
            said["overdue"] = said.get("overdue") or (F.amount(c.group(1)) or 0) > 0
        elif name == "current":
            said["overdue"] = said.get("overdue") or c.group(1) == "有"
        elif name == "overdrawn_60":
            said["overdue"] = True
        elif name == "ended":
            said["ended"] = (c.group(3), c.group(2) + c.group(3), F.month(c.group(1)) if c.group(1) else None)
        elif name == "ended_on":
            said["ended"] = (c.group(3), c.group(1) + c.group(3), F.month(c.group(2)))
        elif name == "inactive":
            said["inactive"] = True
        elif name == "state":
            said["state"] = c.group(1)
        elif name == "account_status":
            return _account_status(c.group(1), said)
        elif name == "history":
            said["overdue_months_5y"] = int(c.group(1))
        return True
    return False


def _account_status(word: str, said: dict[str, object]) -> bool:
    """账户状态为X (a 详版 word in a sentence): read by the 详版 vocabulary; an unknown X is a state."""
    status = F.STATUS_WORDS.get(word)
    if status is None:
        return False
    if status in (Status.SETTLED, Status.CLOSED, Status.TRANSFERRED):
        said["ended"] = ({Status.SETTLED: "结清", Status.CLOSED: "销户", Status.TRANSFERRED: "转出"}[status], word, None)
    elif status is Status.INACTIVE:
        said["inactive"] = True
    elif status is Status.OVERDUE:
        said["overdue"] = True
    elif status is not Status.NORMAL:
        said["state"] = word
    return True


# The strongest statement wins: closed, then a bad record (呆账, 司法追偿 …), a state no rule
# knows, overdue, 冻结 / 止付, 尚未激活; normal only when nothing else is said.
def _fields(family: Family, said: dict[str, object]) -> dict[str, object]:
    """Account fields from the clauses read: the status from the strongest clause that states one."""
    out: dict[str, object] = dict(overdue_months_5y=0 if family is Family.RECOVERED else said.get("overdue_months_5y", 0))
    for key in ("due", "as_of", "credit_limit", "used", "balance"):
        if key in said:
            out[key] = said[key]
    if family is Family.RECOVERED:
        out.pop("due", None)
    if "ended" in said:
        word, raw, when = said["ended"]  # type: ignore[misc]
        status = {"结清": Status.SETTLED, "转出": Status.TRANSFERRED, "销户": Status.CLOSED}[word]
        if family is Family.LOAN or family is Family.REVOLVING or family is Family.RECOVERED:
            raw = "已" + word  # 2nd gen prints 已结清 / 已转出 (as the reports and contract say it)
        return {**out, "status": status, "status_raw": raw, "closed_on": when}
    state = said.get("state")
    status = F.STATUS_WORDS.get(state) if isinstance(state, str) else None
    if status in (Status.BAD_DEBT, Status.OTHER):
        return {**out, "status": status, "status_raw": state}
    if "unknown_state" in said:
        return {**out, "status": Status.OTHER, "status_raw": said["unknown_state"]}
    if family is Family.RECOVERED or said.get("overdue"):
        return {**out, "status": Status.OVERDUE}
    if status is not None:  # 冻结, 止付
        return {**out, "status": status, "status_raw": state}
    if said.get("inactive"):
        return {**out, "status": Status.INACTIVE, "status_raw": "尚未激活"}
    return {**out, "status": Status.NORMAL}


def parse_liability(sentence: str) -> dict[str, object]:
    """What a 相关还款责任 (2nd gen) or 为他人担保 (1st gen) sentence states, the other party left out."""
    s = norm(sentence)
    m = _LIABILITY.match(s) or _GUARANTEE.match(s)
    if not m:
        raise SentenceError(s[:20])
    role = m.groupdict().get("role") or "保证人"
    return dict(lender=m.group("inst"), opened=F.day(m.group(1)), role=role,
                for_whom="企业" if m.group("idtype") in ("中征码", "统一社会信用代码") else "个人",
                amount=F.amount(m.group("amount")), balance=F.amount(m.group("balance")),
                as_of=F.day_or_month(m.group("asof")))
