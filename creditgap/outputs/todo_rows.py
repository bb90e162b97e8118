"""The to-do list as rows in the contract's columns (what the CSV and the workbook both write), and
grouped by platform (what the terminal, the workbook and the page show: one visit per app)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Sequence

from ..model import Report, TodoItem
from .wording import OCR_REASON, PARTIAL_READ, action_label, doubtful_refs, todo_doubtful


# The contract's columns, then ours at the end: the report the list was written from (compare --todo
# checks it), whether that report was read whole, and whether an item rests on a value OCR read with doubt;
# last, 凭证/备注: the person's own proof (a screenshot's file name, a ticket number, an agent), which
# compare --todo shows beside the verdict.
CSV_HEADERS = {
    "zh": ["序号", "平台", "放款机构", "账户", "操作", "原因", "涉及额度", "操作步骤", "客服电话", "预计生效", "匹配置信度", "办理日期",
           "报告编号", "读取完整", "识别存疑", "凭证/备注"],
    "en": ["id", "platform", "lender", "accounts", "action", "reason", "credit_limit", "steps", "phone", "expected_update",
           "confidence", "done_on", "report_no", "complete", "ocr_doubt", "proof/notes"],
}
PROOF_HEADERS = ("凭证/备注", "proof/notes")
UNKNOWN_PLATFORM = ("未知", "unknown")  # what an item without a platform says (never an empty cell)


@dataclass(frozen=True, slots=True)
class TodoGroup:
    """One app's visit: its items, and the steps, phone and update time said once for all of them.
    ``platform`` None: an item whose platform is unknown, a group of its own."""

    platform: str | None
    items: tuple[TodoItem, ...]
    steps: str | None
    phone: str | None
    expected_update: str | None


def todo_groups(todo: Sequence[TodoItem]) -> list[TodoGroup]:
    """The to-do list by platform, each group where its most important item stands (the list is in
    priority order); an item whose platform is unknown stays on its own, where it was."""
    keyed: dict[object, list[TodoItem]] = {}
    for t in todo:
        keyed.setdefault(t.platform if t.platform else ("unknown", t.id), []).append(t)
    groups = []
    for items in keyed.values():
        first = lambda name: next((getattr(t, name) for t in items if getattr(t, name)), None)  # noqa: E731
        groups.append(TodoGroup(items[0].platform or None, tuple(items), first("steps"), first("phone"),
                                first("expected_update")))
    return groups


def safe_cell(value: object) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def todo_values(report: Report, lang: str = "zh", done: Mapping[int, date] | None = None,
                notes: Mapping[int, str] | None = None) -> list[list[Any]]:
    """The to-do list in CSV_HEADERS order with typed values (int, float, date or None where empty),
    ``done`` filling 办理日期 and ``notes`` 凭证/备注 by item id; for a partial read, a last row (no 序号,
    no 账户) that says so. The CSV and the workbook are both written from these rows."""
    complete = ("是" if report.complete else "否") if lang == "zh" else str(report.complete).lower()
    number = report.header.report_no or ""
    done = done or {}
    notes = notes or {}
    rows: list[list[Any]] = []
    yes = "是" if lang == "zh" else "true"
    marked = doubtful_refs(report)
    for t in report.todo:
        doubtful = todo_doubtful(t, marked)
        reason = t.reason + OCR_REASON[lang == "en"] if doubtful else t.reason
        rows.append([t.id, t.platform or UNKNOWN_PLATFORM[lang == "en"], t.lender, " ".join(t.accounts + t.agreements),
                     action_label(t.action, lang) if lang == "zh" else t.action, reason, t.credit_limit, t.steps or "",
                     t.phone or "", t.expected_update or "", round(t.confidence, 2), done.get(t.id), number, complete,
                     yes if doubtful else "", notes.get(t.id, "")])
    if not report.complete:
        rows.append([None, "", "", "", "", PARTIAL_READ[lang == "en"], None, "", "", "", None, None, number, complete, "", ""])
    return rows
