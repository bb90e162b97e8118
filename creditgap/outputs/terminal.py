"""The terminal views: ``analyze`` (header, problems, to-do list, impact), ``lenders`` and ``batch``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..judge.rules import EVIDENCE_LABEL
from ..lenders import Matcher
from ..model import Report, TodoItem
from .readiness_view import readiness_lines
from .text import fill, table, wrapped, yuan
from .todo_rows import todo_groups
from .wording import (FAMILY_LABELS, OCR_DOUBT, PARTIAL_READ, SOURCE_KIND_LABELS, VIA_LABELS, action_label, doubtful_refs, header_lines,
                      impact_line, marked_ref, ocr_line, status_text, subject, todo_doubtful)

if TYPE_CHECKING:
    from ..model import FileResult


def analysis_view(report: Report, lang: str = "zh", show_pii: bool = False, show_accounts: bool = False,
                  show_readiness: bool = False) -> str:
    """The terminal view of ``analyze``: (a partial read said first), header, problems, to-do list, impact."""
    lines = [] if report.complete else fill(PARTIAL_READ[lang == "en"]) + [""]
    lines += [part for line in summary_header(report, lang, show_pii) for part in fill(line)]
    if ocr := ocr_line(report, lang):
        lines += fill(ocr)
    lines += checks_lines(report, lang)
    lines += ["", ("To do:" if lang == "en" else "待办清单："), todo_table(report, lang)]
    if report.todo:
        impact = impact_line(report, lang)
        if not report.complete:
            impact = ("For the part that was read only: " if lang == "en" else "（仅就读出的部分）") + impact
        lines += [""] + fill(impact) + [""] + fill(
            "Tip: add --csv todo.csv, note the date you do each item, and once the update time has passed "
            "get a new report and run: creditgap compare OLD.pdf NEW.pdf --todo todo.csv" if lang == "en" else
            "提示：加 --csv todo.csv 保存清单并记下办理日期；过了预计生效时间后重新打印报告，"
            "运行 creditgap compare 旧报告.pdf 新报告.pdf --todo todo.csv 确认是否关闭成功。")
    if show_readiness:
        lines += [""] + readiness_lines(report, lang)
    if show_accounts:
        lines += ["", accounts_table(report, lang)]
    return "\n".join(lines)


def summary_header(report: Report, lang: str = "zh", show_pii: bool = False) -> list[str]:
    """Report date, open accounts and open credit, for the top of the terminal view."""
    lines = header_lines(report, lang, show_pii)
    if report.impact:
        i = report.impact
        # what rules.open_lines adds up: a dual-currency card's shared limit once, no loan amounts
        lines.append(f"Open credit ¥{i.open_credit_limit_before:,} (card limits and credit lines, not loan amounts)"
                     if lang == "en" else f"授信额度合计 ¥{i.open_credit_limit_before:,}（信用卡额度和授信额度，不含贷款金额）")
    if report.liabilities:
        total = sum(x.balance or 0 for x in report.liabilities)
        lines.append(f"{len(report.liabilities)} liabilities for others (guarantees), balance ¥{total:,}: not yours to close, "
                     "but lenders count them" if lang == "en" else
                     f"相关还款责任（为他人担保等）{len(report.liabilities)} 笔，余额 ¥{total:,}：不是你的账户，不能在这里关闭，但银行审批时会看")
    return lines


def checks_lines(report: Report, lang: str = "zh") -> list[str]:
    marks = {"error": "错误" if lang == "zh" else "error", "warning": "注意" if lang == "zh" else "warning"}
    out = []
    for c in sorted(report.checks, key=lambda c: c.level != "error"):
        message = c.message_en if lang == "en" and c.message_en else c.message
        out += wrapped(f"[{marks.get(c.level, c.level)}] ", message, indent=0)
    return out


def todo_table(report: Report, lang: str = "zh") -> str:
    """The to-do list in the terminal's width, then each item's reason, steps, phone and update time."""
    en = lang == "en"
    if not report.todo and not report.complete:  # never "nothing to close" about text not read
        return ("Nothing to close in the part that was read, but the report was not read whole: no conclusion is possible."
                if en else "读出的部分里没有要关闭的账户，但报告没有读全，不能下结论：可能还有账户要关闭。")
    if not report.todo:
        return "No open account to close was found." if en else "没有发现需要关闭的账户。"
    headers = ["#", "platform", "lender", "action", "limit", "update", "accounts"] if en else \
        ["序号", "平台", "放款机构", "操作", "涉及额度", "预计生效", "账户"]
    doubtful = doubtful_refs(report)
    groups = todo_groups(report.todo)
    unknown = "unknown" if en else "未知"
    rows = [[t.id, t.platform or unknown, t.lender, action_label(t.action, lang), yuan(t.credit_limit),
             t.expected_update or "--", " ".join(marked_ref(r, doubtful) for r in t.accounts + t.agreements)]
            for g in groups for t in g.items]
    lines = fill(OCR_DOUBT[en]) if any(todo_doubtful(t, doubtful) for t in report.todo) else []
    lines += [table(headers, rows, limits=[4, 12, 24, 14, 9, 14, 12])]
    label = EVIDENCE_LABEL[en]

    def reason_lines(t: TodoItem, indent: int) -> list[str]:
        reason, found, evidence = t.reason.partition(label)  # the evidence behind the platform on a line of its own
        out = wrapped(f"{t.id}. ", reason.rstrip("；; ") if found else reason, indent=indent)
        return out + (wrapped(label, evidence, indent=indent + 3) if found else [])

    def contact_lines(steps: str | None, phone: str | None, update: str | None, indent: int) -> list[str]:
        out = wrapped("steps: " if en else "步骤：", steps, indent=indent) if steps else []
        out += wrapped("phone: " if en else "电话：", phone, indent=indent) if phone else []
        # the table cuts it; the whole text is here
        return out + (wrapped("shows on the report: " if en else "预计生效：", update, indent=indent) if update else [])

    for g in groups:  # one visit per app: its steps, phone and update time once, then its items
        lines.append("")
        if g.platform is None:
            t = g.items[0]
            lines += reason_lines(t, 0) + contact_lines(t.steps, t.phone, t.expected_update, 3)
            continue
        count = (f"{len(g.items)} item" + "s" * (len(g.items) > 1)) if en else f"{len(g.items)} 项"
        lines.append(f"[{g.platform}] {count}" if en else f"【{g.platform}】{count}")
        lines += contact_lines(g.steps, g.phone, g.expected_update, 3)
        for t in g.items:
            refs = " ".join(marked_ref(r, doubtful) for r in t.accounts + t.agreements)
            lines += wrapped(f"{t.id}. ", f"{t.lender} {refs}：{action_label(t.action, lang)}" if not en else
                             f"{t.lender} {refs}: {action_label(t.action, lang)}", indent=3)
            reason, found, evidence = t.reason.partition(label)
            lines += wrapped("", reason.rstrip("；; ") if found else reason, indent=7)
            if found:
                lines += wrapped(label, evidence, indent=7)
            if g.steps and not t.steps:  # a bad record is settled with the institution, not closed in the app
                lines += wrapped("", "not through the steps above: see the reason" if en else "这一项不按上面的 App 步骤办理，见原因",
                                 indent=7)
    return "\n".join(lines)


def accounts_table(report: Report, lang: str = "zh") -> str:
    en = lang == "en"
    headers = (["ref", "family", "lender", "platform", "opened", "status", "balance", "limit/amount", "page"] if en else
               ["编号", "类别", "机构", "平台", "开立日期", "状态", "余额", "额度/金额", "页"])
    rows = []
    doubtful = doubtful_refs(report)
    for a in report.accounts:
        platform = a.platforms[0].platform if a.platforms else ""
        limit = a.credit_limit if a.credit_limit is not None else a.amount
        rows.append([marked_ref(a.ref, doubtful), FAMILY_LABELS[lang][a.family], a.lender, platform, a.opened or "--",
                     status_text(a, lang), yuan(a.balance), yuan(limit), a.page or ""])
    return table(headers, rows, limits=[5, 10, 26, 10, 10, 8, 10, 11, 3])


def lender_candidates(name: str, matcher: Matcher, lang: str = "zh") -> str:
    """The ``lenders`` command's view: candidates with score, how they matched, and where to close."""
    found = matcher.match(name)
    if not found and (funders := matcher.platform_lenders(name)):  # a platform's own name: who funds it
        lines = [f"{name} 是平台名。报告上会写放款机构，可能是：" if lang == "zh" else
                 f"{name} is a platform. A report names the lender instead, which may be:"]
        lines += [f"  {r.lender}" for r in funders]
        platform = matcher.platforms.get(name.strip())
        if platform and platform.steps:
            lines.append(("操作步骤：" if lang == "zh" else "Steps: ") + platform.steps)
        return "\n".join(lines)
    if not found:
        return (f"“{name}”没有匹配到已知平台。可以打电话问这家机构：贷款是通过哪个平台借的、怎么注销。" if lang == "zh" else
                f"No known platform for “{name}”. Ask the lender which platform the loan came through and how to close it.")
    resolved = matcher.resolve(name)
    head = (f"{name} → {resolved[0]}" if resolved else name)
    headers = ["platform", "score", "via", "source", "dated", "phone", "update"] if lang == "en" else \
        ["平台", "得分", "匹配方式", "来源", "来源日期", "客服电话", "预计生效"]
    kinds = SOURCE_KIND_LABELS["en" if lang == "en" else "zh"]
    sources = {r.platform: r for r in matcher.lender_rows(resolved[0])} if resolved else {}
    rows = []
    for m in found:
        p = matcher.platforms.get(m.platform)
        via = m.via if lang == "en" else VIA_LABELS.get(m.via, m.via)
        row = sources.get(m.platform)
        kind = kinds.get(row.source_kind, row.source_kind) if row and row.source_kind else "--"
        if row and row.sources > 1:
            kind += f" ×{row.sources}"
        rows.append([m.platform, f"{m.score:.1f}", via, kind, (row.source_date if row else "") or "--",
                     (p.phone if p else "") or "--", (p.expected_update if p else "") or "--"])
    lines = [head, table(headers, rows)]
    top = matcher.platforms.get(found[0].platform)
    if top and top.steps:
        lines.append(("操作步骤：" if lang == "zh" else "Steps: ") + top.steps)
    return "\n".join(lines)


def batch_table(results: list[FileResult], lang: str = "zh", show_pii: bool = False) -> str:
    en = lang == "en"
    headers = ["file", "subject", "layout", "open", "to-do", "problems"] if en else ["文件", "姓名", "版式", "未结清", "待办", "问题"]
    rows = []
    for r in results:
        if r.report is None:
            rows.append([r.path.name, "--", "--", "--", "--", r.error_en if en else r.error_zh])
            continue
        errors = sum(1 for c in r.report.checks if c.level == "error")
        layout = {"detailed": ("详版", "detailed"), "simplified": ("简版", "simplified")}[r.report.header.layout][en]
        rows.append([r.path.name, subject(r.report.header, show_pii)[0], layout, sum(a.is_open for a in r.report.accounts),
                     len(r.report.todo), (f"read in part: {errors} errors" if en else f"只读出一部分：{errors} 个错误") if errors else ""])
    return table(headers, rows, limits=[30, 8, 10, 6, 5, 44])


def batch_summary(results: list[FileResult], lang: str = "zh") -> str:
    parsed = [r for r in results if r.report is not None]
    partial = sum(1 for r in parsed if r.report and not r.report.complete)
    items = sum(len(r.report.todo) for r in parsed if r.report)
    failed = len(results) - len(parsed)
    if lang == "en":
        return (f"{len(results)} files: {len(parsed) - partial} read whole, {partial} read in part, {failed} failed; "
                f"{items} to-do items")
    return f"共 {len(results)} 个文件：完整读取 {len(parsed) - partial} 个，只读出一部分 {partial} 个，失败 {failed} 个；待办 {items} 项"
