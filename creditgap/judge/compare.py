"""Compare two reports of one person and say which closures took effect (the verdicts).

Accounts are paired by account id (详版 on both sides), else by family class, lender (through
the matcher, so a first-generation short name meets the legal name) and open date, with the
amount or limit to break ties. This works across layouts: an old 简版 against a new 详版.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from importlib import resources

from ..errors import UsageError
from ..lenders import Matcher, default_matcher, normalize
from ..model import Account, Agreement, Family, Header, Report, Status
from .credit import credit_lines

DEFAULT_UPDATE_DAYS = 35  # lenders report monthly: when the mapping has no figure
CLASS = {Family.LOAN: "loan", Family.REVOLVING_SUB: "loan", Family.REVOLVING: "line", Family.CREDIT_CARD: "card",
         Family.SEMI_CREDIT_CARD: "semi", Family.RECOVERED: "recovered"}
# Verdicts that need the user's attention come first; those resting on absence say so.
VERDICT_ORDER = ("unverified", "not_found", "still_open", "pending", "confirmed", "reopened", "gone", "new_account")
STRICT_VERDICTS = frozenset({"still_open", "not_found", "unverified"})  # compare --strict exits 1 on these


@dataclass(frozen=True, slots=True)
class TodoMark:
    """A to-do item as the user kept it: the OLD refs it covers and when they did it (办理日期)."""

    refs: tuple[str, ...]
    platform: str | None
    done_on: date | None
    expected_update_days: int | None
    action: str | None = None  # the to-do action (repay_then_close: the balance comes first)
    lender: str | None = None  # 放款机构 as the file has it
    report_no: str | None = None  # the 报告编号 of the report the list was written from (new files)
    row: int = 0  # line in the file, for messages
    date_note: tuple[str, str] | None = None  # (zh, en): 办理日期 unsure or unreadable
    proof: str | None = None  # 凭证/备注 as the person typed it: a screenshot, a ticket number, an agent


@dataclass(frozen=True, slots=True)
class CompareItem:
    lender: str
    platform: str | None
    old_ref: str | None
    new_ref: str | None
    old_status: Status | None
    new_status: Status | None
    verdict: str
    due_by: date | None = None  # pending: when NEW should show it
    action: str | None = None  # the OLD to-do action, when the item was on the list
    done_on: date | None = None  # 办理日期 from the to-do file
    proof: str | None = None  # 凭证/备注 from the to-do file, shown beside the verdict
    next_step: tuple[str, str] | None = None  # (zh, en): what to do now (still_open, not_found)


@dataclass(frozen=True, slots=True)
class Totals:
    open_accounts_old: int
    open_accounts_new: int
    open_credit_limit_old: int
    open_credit_limit_new: int
    lenders_old: int
    lenders_new: int


@dataclass(frozen=True, slots=True)
class Comparison:
    old: Header
    new: Header
    items: tuple[CompareItem, ...]
    totals: Totals
    old_complete: bool = True  # OLD was read whole (no error check)
    new_complete: bool = True
    notes: tuple[tuple[str, str], ...] = ()  # (zh, en) about the to-do file: dates unsure or unreadable

    def count(self, verdict: str) -> int:
        return sum(1 for i in self.items if i.verdict == verdict)

    @property
    def needs_attention(self) -> bool:
        """Something is still open, was not found, or could not be verified (``--strict``)."""
        return any(i.verdict in STRICT_VERDICTS for i in self.items)



def check_inputs(old: Report, new: Report, todo: list[TodoMark] | None = None, todo_name: str = "") -> None:
    """Refuse, before any verdict, two reports that do not belong together or a to-do list from
    another report. Names and ID numbers are compared here and never printed.

    Raises:
        UsageError: one line, exit 2.
    """
    if not _same_person(old.header, new.header):
        raise UsageError("两份报告不是同一个人的（姓名或证件号码不同），无法对比。请检查文件。",
                         "The two reports are not of the same person (name or ID number differ); check the files.")
    if old.header.report_time and new.header.report_time and old.header.report_time > new.header.report_time:
        raise UsageError(
            f"旧报告（{old.header.report_time:%Y-%m-%d}）比新报告（{new.header.report_time:%Y-%m-%d}）打印得晚。"
            "请先写旧报告、再写新报告：creditgap compare 旧报告.pdf 新报告.pdf",
            f"The old report ({old.header.report_time:%Y-%m-%d}) was printed after the new one "
            f"({new.header.report_time:%Y-%m-%d}). Give the older report first: creditgap compare OLD.pdf NEW.pdf")
    if todo:
        _check_todo(old, todo, todo_name)


def _check_todo(old: Report, todo: list[TodoMark], name: str) -> None:
    wrong = UsageError(f"待办清单 {name} 不是从旧报告生成的。请用 creditgap analyze 旧报告.pdf --csv 生成的清单。",
                       f"The to-do list {name} was not written from the old report. Use the list that "
                       "creditgap analyze OLD.pdf --csv wrote.")
    numbers = {m.report_no for m in todo if m.report_no}
    if numbers and old.header.report_no:
        if numbers != {old.header.report_no}:
            raise wrong
        return
    records = {r.ref: r.lender for r in (*old.accounts, *old.agreements)}
    for mark in todo:  # a file without 报告编号 (written before it was recorded): its refs and lenders must fit
        if any(ref not in records for ref in mark.refs):
            raise wrong
        if mark.lender and all(normalize(records[ref]) != normalize(mark.lender) for ref in mark.refs):
            raise wrong


def _same_person(a: Header, b: Header) -> bool:
    """Equal where both reports show a character: a 1st-generation report masks part of the ID number."""
    def agree(x: str | None, y: str | None) -> bool:
        if not x or not y:
            return True  # not printed on one of them: nothing to compare
        if len(x) != len(y):
            return False
        return all(p == q for p, q in zip(x.upper(), y.upper()) if p != "*" and q != "*")

    return agree(a.subject_id, b.subject_id) and agree(a.subject_name, b.subject_name)


def _lender_key(name: str, matcher: Matcher) -> str:
    """The same key for every printing of one lender (legal name, short name, branch)."""
    found = matcher.resolve(name)
    return found[0] if found else normalize(name)


def _size(a: Account) -> int | None:
    return a.credit_limit if a.credit_limit is not None else a.amount


def match_accounts(old: Report, new: Report, matcher: Matcher) -> dict[str, str]:
    """OLD ref → NEW ref for the accounts that are the same account."""
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    new_by_id = {b.account_id: b for b in new.accounts if b.account_id}
    for a in old.accounts:
        if a.account_id and (b := new_by_id.get(a.account_id)):
            pairs[a.ref] = b.ref
            taken.add(b.ref)
    keyed: dict[tuple[str, str, date | None], list[Account]] = {}
    for b in new.accounts:
        if b.ref not in taken:
            keyed.setdefault((CLASS[b.family], _lender_key(b.lender, matcher), b.opened), []).append(b)
    for a in old.accounts:
        if a.ref in pairs:
            continue
        candidates = [b for b in keyed.get((CLASS[a.family], _lender_key(a.lender, matcher), a.opened), [])
                      if b.ref not in taken]
        if not candidates:
            continue
        best = max(candidates, key=lambda b: (_size(b) == _size(a), b.card_tail == a.card_tail, b.currency == a.currency))
        pairs[a.ref] = best.ref
        taken.add(best.ref)
    return pairs


def match_agreements(old: Report, new: Report, matcher: Matcher) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for g in old.agreements:
        for h in new.agreements:
            if h.ref in pairs.values():
                continue
            same_id = g.agreement_id and g.agreement_id == h.agreement_id
            same_line = (_lender_key(g.lender, matcher) == _lender_key(h.lender, matcher) and g.effective == h.effective)
            if same_id or (not (g.agreement_id and h.agreement_id) and same_line):
                pairs[g.ref] = h.ref
                break
    return pairs


def _open_summary(report: Report, matcher: Matcher) -> tuple[int, int, int]:
    open_accounts = [a for a in report.accounts if a.is_open]
    lenders = {_lender_key(name, matcher) for name in {a.lender for a in open_accounts} | {g.lender for g in report.agreements}}
    return len(open_accounts), sum(v or 0 for v in credit_lines(report).values()), len(lenders)


def compare(old: Report, new: Report, todo: list[TodoMark] | None = None, matcher: Matcher | None = None) -> Comparison:
    """Verdicts for every OLD account that changed or is on the to-do list, and every new account.

    Only evidence confirms: NEW must show the account 结清/销户/closed, or an agreement must be
    absent from a complete NEW (its summary counts then agree with what was read). An account
    absent from NEW is ``not_found``, never confirmed: real reports keep settled accounts listed
    for years. While either report is partial, a verdict that rests on absence is ``unverified``.

    ``todo`` is the user's filled-in list; without it, OLD's own to-do list is used and nothing is
    ``pending`` (no 办理日期 is known).
    """
    matcher = matcher or default_matcher()
    if todo is None:
        todo = [TodoMark(t.accounts + t.agreements, t.platform, None, t.expected_update_days, t.action) for t in old.todo]
    marks = {ref: mark for mark in todo for ref in mark.refs}
    printed = new.header.report_time.date() if new.header.report_time else None
    both_complete = old.complete and new.complete
    agreements_visible = new.header.layout == "detailed"  # a 简版 prints no 授信协议
    account_pairs = match_accounts(old, new, matcher)
    agreement_pairs = match_agreements(old, new, matcher)
    new_accounts = {b.ref: b for b in new.accounts}
    new_agreements = {h.ref: h for h in new.agreements}
    items: list[CompareItem] = []
    for record in (*old.accounts, *old.agreements):
        is_account = isinstance(record, Account)
        pair = (account_pairs if is_account else agreement_pairs).get(record.ref)
        other: Account | Agreement | None = (new_accounts if is_account else new_agreements).get(pair or "")  # type: ignore[assignment]
        mark = marks.get(record.ref)
        if other is not None:
            was_open = record.is_open if isinstance(record, Account) else True
            now_open = other.is_open if isinstance(other, Account) else True
            verdict, due_by = _verdict(was_open, now_open, mark, printed)
        elif is_account:
            verdict, due_by = ("not_found" if record.is_open else "gone") if both_complete else "unverified", None
        elif both_complete and agreements_visible:
            verdict, due_by = "confirmed", None  # an agreement is delisted once closed
        else:
            verdict, due_by = "unverified", None
        if verdict is None:
            continue
        platform = mark.platform if mark and mark.platform else (record.platforms[0].platform if record.platforms else None)
        item = CompareItem(
            lender=record.lender, platform=platform, old_ref=record.ref, new_ref=pair,
            old_status=record.status if isinstance(record, Account) else None,
            new_status=other.status if isinstance(other, Account) else None, verdict=verdict, due_by=due_by,
            action=mark.action if mark else None, done_on=mark.done_on if mark else None,
            proof=mark.proof if mark else None)
        if verdict in ("still_open", "not_found"):
            item = replace(item, next_step=next_step(item, matcher, printed))
        items.append(item)
    matched_new = set(account_pairs.values())
    for b in new.accounts:
        if b.ref not in matched_new:  # absent from OLD: new only if OLD was read whole
            items.append(CompareItem(lender=b.lender, platform=b.platforms[0].platform if b.platforms else None,
                                     old_ref=None, new_ref=b.ref, old_status=None, new_status=b.status,
                                     verdict="new_account" if both_complete else "unverified"))
    old_open, old_credit, old_lenders = _open_summary(old, matcher)
    new_open, new_credit, new_lenders = _open_summary(new, matcher)
    items.sort(key=lambda i: VERDICT_ORDER.index(i.verdict))
    return Comparison(old=old.header, new=new.header, items=tuple(items),
                      totals=Totals(old_open, new_open, old_credit, new_credit, old_lenders, new_lenders),
                      old_complete=old.complete, new_complete=new.complete,
                      notes=tuple((f"待办清单第 {m.row} 行：{m.date_note[0]}", f"to-do list line {m.row}: {m.date_note[1]}")
                                  for m in todo if m.date_note))


def _verdict(was_open: bool, now_open: bool, mark: TodoMark | None, printed: date | None) -> tuple[str | None, date | None]:
    """The verdict for an OLD record that NEW still lists (open or not)."""
    if was_open and not now_open:
        return "confirmed", None  # NEW shows it 结清/销户
    if not was_open and now_open:
        return "reopened", None
    if mark is not None and was_open:
        if mark.done_on and printed:
            due_by = mark.done_on + timedelta(days=mark.expected_update_days or DEFAULT_UPDATE_DAYS)
            if printed < due_by:
                return "pending", due_by
        return "still_open", None
    return None, None


# --- what to do about what did not close ----------------------------------------------------

NEXT_STEP_COLUMNS = ("step", "verdicts", "wording_zh", "wording_en", "source_url", "source_title", "published", "recorded")
NOT_ADVICE = ("（以上是通常的办理途径，不是法律意见。）", " (The usual route, not legal advice.)")


@cache
def next_step_rows() -> tuple[dict[str, str], ...]:
    """mappings/next_steps.csv: each step of the usual route, worded in both languages, with its sources."""
    text = resources.files("creditgap.mappings").joinpath("next_steps.csv").read_text(encoding="utf-8-sig")
    return tuple({c: (r.get(c) or "").strip() for c in NEXT_STEP_COLUMNS} for r in csv.DictReader(io.StringIO(text)))


def next_step(item: CompareItem, matcher: Matcher, printed: date | None) -> tuple[str, str]:
    """(zh, en): for a closure that did not show, the usual route in order: call the institution with
    the date and the proof, then a 征信异议, then the regulator's hotline (12378); for an account NEW
    does not list, a look by hand first. Each step's wording and sources are in next_steps.csv."""
    p = matcher.platforms.get(item.platform or "")
    phone = p.phone if p and p.phone else ""
    values = {
        "zh": {"lender": item.lender, "phone": f"（{phone}）" if phone else "", "platform": item.platform or "机构",
               "done": f" {item.done_on} " if item.done_on else "",
               "proof": f"（凭证：{item.proof}）" if item.proof else "（备好注销成功的截图、工单号或客服工号）",
               "printed": str(printed or "--")},
        "en": {"lender": item.lender, "phone": f" ({phone})" if phone else "", "platform": item.platform or "the lender",
               "done": f" on {item.done_on}" if item.done_on else "",
               "proof": f" (proof: {item.proof})" if item.proof else " (have the screenshot of the closure, a ticket number "
               "or the agent's name ready)", "printed": str(printed or "--")},
    }
    steps = [r for r in next_step_rows() if item.verdict in r["verdicts"].split("|")]
    out = []
    for lang, sep in (("zh", "；"), ("en", "; ")):
        lines = [f"{n}) " + r[f"wording_{lang}"].format(**values[lang]) for n, r in enumerate(steps, 1)]
        first = ""
        if item.verdict == "still_open" and item.done_on is None:  # no date on the list: the closure itself may be undone
            how = (p.steps if p and p.steps else "") or ("联系机构办理关闭" if lang == "zh" else "ask the lender to close it")
            if item.action in ("repay_then_close", "resolve_overdue"):  # nothing can be closed before the debt is paid
                how = ("先还清欠款，再：" if lang == "zh" else "repay the balance first, then: ") + how
            first = (f"清单上没有办理日期：如果还没办，先办理（{how}）；办了但过了预计生效时间仍未关闭，按这个顺序：" if lang == "zh" else
                     f"No date on the list: if not done yet, do it first ({how}); if done and the update time has passed: ")
        out.append(first + sep.join(lines) + NOT_ADVICE[lang == "en"])
    return out[0], out[1]
