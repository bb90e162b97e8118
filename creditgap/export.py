"""Stage 7: what the user sees: terminal tables, JSON text and the to-do CSV.

Terminal tables measure East Asian wide characters as two columns so Chinese text lines up.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any, Sequence

from .lenders import Matcher
from .model import Account, Family, Report, mask_id, mask_name, to_json

FAMILY_LABELS = {
    "zh": {Family.RECOVERED: "被追偿", Family.LOAN: "非循环贷", Family.REVOLVING_SUB: "循环贷一",
           Family.REVOLVING: "循环贷二", Family.CREDIT_CARD: "贷记卡", Family.SEMI_CREDIT_CARD: "准贷记卡"},
    "en": {Family.RECOVERED: "recovered", Family.LOAN: "loan", Family.REVOLVING_SUB: "revolv-sub",
           Family.REVOLVING: "revolving", Family.CREDIT_CARD: "card", Family.SEMI_CREDIT_CARD: "semi-card"},
}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` display columns, marking the cut with …."""
    if width(text) <= limit:
        return text
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], limits: Sequence[int] | None = None) -> str:
    """A plain aligned table; ``limits`` caps each column's display width."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    if limits:
        cells = [[clip(c, lim) for c, lim in zip(row, limits)] for row in cells]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def yuan(v: int | None) -> str:
    return "--" if v is None else f"{v:,}"


def header_lines(report: Report, lang: str = "zh", show_pii: bool = False) -> list[str]:
    h = report.header
    name = h.subject_name if show_pii else mask_name(h.subject_name)
    id_no = h.subject_id if show_pii else mask_id(h.subject_id)
    when = h.report_time.strftime("%Y-%m-%d %H:%M") if h.report_time else "--"
    layout = {"detailed": ("详版", "detailed"), "simplified": ("简版", "simplified")}[h.layout][lang == "en"]
    open_accounts = [a for a in report.accounts if a.is_open]
    if lang == "en":
        return [f"Report {h.report_no or '--'} ({layout}, generation {h.generation}), printed {when}",
                f"Subject {name or '--'}  ID {id_no or '--'}",
                f"{len(report.accounts)} accounts, {len(open_accounts)} open; {len(report.agreements)} credit agreements; "
                f"{len(report.inquiries)} inquiries"]
    return [f"报告编号 {h.report_no or '--'}（{layout}，{h.generation}代）  报告时间 {when}",
            f"姓名 {name or '--'}  证件号码 {id_no or '--'}",
            f"共 {len(report.accounts)} 个账户，其中未结清/未销户 {len(open_accounts)} 个；授信协议 {len(report.agreements)} 个；"
            f"查询记录 {len(report.inquiries)} 条"]


def status_text(a: Account, lang: str) -> str:
    return str(a.status) if lang == "en" else (a.status_raw or str(a.status))


def accounts_table(report: Report, lang: str = "zh") -> str:
    en = lang == "en"
    headers = (["ref", "family", "lender", "platform", "opened", "status", "balance", "limit/amount", "page"] if en else
               ["编号", "类别", "机构", "平台", "开立日期", "状态", "余额", "额度/金额", "页"])
    rows = []
    for a in report.accounts:
        platform = a.platforms[0].platform if a.platforms else ""
        limit = a.credit_limit if a.credit_limit is not None else a.amount
        rows.append([a.ref, FAMILY_LABELS[lang][a.family], a.lender, platform, a.opened or "--",
                     status_text(a, lang), yuan(a.balance), yuan(limit), a.page or ""])
    return table(headers, rows, limits=[4, 10, 26, 10, 10, 8, 10, 11, 3])


def checks_lines(report: Report, lang: str = "zh") -> list[str]:
    marks = {"error": "错误" if lang == "zh" else "error", "warning": "注意" if lang == "zh" else "warning"}
    out = []
    for c in sorted(report.checks, key=lambda c: c.level != "error"):
        message = c.message_en if lang == "en" and c.message_en else c.message
        out.append(f"[{marks.get(c.level, c.level)}] {message}")
    return out


def lender_candidates(name: str, matcher: Matcher, lang: str = "zh") -> str:
    """The ``lenders`` command's view: candidates with score, how they matched, and where to close."""
    found = matcher.match(name)
    if not found:
        return (f"“{name}”没有匹配到已知平台。可以打电话问这家机构：贷款是通过哪个平台借的、怎么注销。" if lang == "zh" else
                f"No known platform for “{name}”. Ask the lender which platform the loan came through and how to close it.")
    resolved = matcher.resolve(name)
    head = (f"{name} → {resolved[0]}" if resolved else name)
    headers = ["platform", "score", "via", "phone", "update"] if lang == "en" else ["平台", "得分", "匹配方式", "客服电话", "预计生效"]
    rows = []
    for m in found:
        p = matcher.platforms.get(m.platform)
        rows.append([m.platform, f"{m.score:.1f}", m.via, (p.phone if p else "") or "--", (p.expected_update if p else "") or "--"])
    lines = [head, table(headers, rows)]
    top = matcher.platforms.get(found[0].platform)
    if top and top.steps:
        lines.append(("操作步骤：" if lang == "zh" else "Steps: ") + top.steps)
    return "\n".join(lines)


def json_text(report: Report, show_pii: bool = False, lang: str = "zh") -> str:
    return json.dumps(to_json(report, show_pii=show_pii, lang=lang), ensure_ascii=False, indent=2)
