"""Stage 7: what the user sees: terminal tables, JSON text and the to-do CSV.

Terminal tables measure East Asian wide characters as two columns so Chinese text lines up.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .errors import UsageError
from .lenders import Matcher
from .model import Account, Family, Header, Report, TodoItem, mask_id, mask_name, to_json
from .rules import ACTION_LABELS, EVIDENCE_LABEL

if TYPE_CHECKING:  # only for annotations: analyze needs neither compare nor batch
    from .analysis import FileResult
    from .compare import Comparison

FAMILY_LABELS = {
    "zh": {Family.RECOVERED: "被追偿", Family.LOAN: "非循环贷", Family.REVOLVING_SUB: "循环贷一",
           Family.REVOLVING: "循环贷二", Family.CREDIT_CARD: "贷记卡", Family.SEMI_CREDIT_CARD: "准贷记卡"},
    "en": {Family.RECOVERED: "recovered", Family.LOAN: "loan", Family.REVOLVING_SUB: "revolv-sub",
           Family.REVOLVING: "revolving", Family.CREDIT_CARD: "card", Family.SEMI_CREDIT_CARD: "semi-card"},
}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns`` display columns."""
    return text + " " * max(0, columns - width(text))


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


def terminal_width() -> int:
    """The terminal's columns; 100 when output goes to a file or a pipe."""
    if not sys.stdout.isatty():
        return 100
    return max(60, shutil.get_terminal_size((100, 24)).columns)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], limits: Sequence[int] | None = None,
          max_width: int | None = None) -> str:
    """A plain aligned table in at most ``max_width`` columns (the terminal's): ``limits`` caps each
    column's display width, and the widest columns give way first when the whole is still too wide."""
    total = max_width or terminal_width()
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    caps = list(limits) if limits else [max(width(row[i]) for row in cells) for i in range(len(headers))]
    floor = [max(4, min(width(h), 8)) for h in cells[0]]  # a column keeps at least its heading's start

    def widths_for(caps: list[int]) -> list[int]:
        return [min(cap, max(width(row[i]) for row in cells)) for i, cap in enumerate(caps)]

    while sum(widths_for(caps)) + 2 * (len(caps) - 1) > total:
        current = widths_for(caps)
        i = max(range(len(caps)), key=lambda k: current[k] - floor[k])
        if current[i] <= floor[i]:
            break  # nothing left to give: let the terminal wrap
        caps[i] = current[i] - 1
    cells = [[clip(c, lim) for c, lim in zip(row, caps)] for row in cells]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


CLOSING_MARKS = "，。、；：）」』”’！？,.;:)!?…"


def wrapped(label: str, text: str, indent: int = 3, max_width: int | None = None) -> list[str]:
    """``label`` + ``text`` wrapped at display width, continuation lines aligned under the text."""
    total = max_width or terminal_width()
    head = " " * indent + label
    hang = " " * (width(head) if width(head) <= 12 else indent + 4)  # under the text, unless the label is long
    lines, line, used = [], head, width(head)
    for ch in text:
        w = width(ch)
        if used + w > total and line.strip():
            carry = ""
            if ch in CLOSING_MARKS:  # a closing mark never starts a line: the character before goes with it
                cut = len(line) - 1
                while cut > len(hang) and line[cut] in CLOSING_MARKS:  # and any marks just before it (？”)
                    cut -= 1
                if cut > len(hang):
                    line, carry = line[:cut], line[cut:]
            elif ch.isascii() and not ch.isspace() and line[-1:].isascii() and not line[-1:].isspace():
                word = re.search(r"[!-~]+$", line)  # a Latin word or a path moves whole, when the line has room
                if word and word.start() > len(hang) + 1:
                    line, carry = line[: word.start()], word.group()
            lines.append(line.rstrip())
            line, used = hang + carry, width(hang) + width(carry)
        line, used = line + ch, used + w
    lines.append(line.rstrip())
    return lines


def yuan(v: int | None) -> str:
    return "--" if v is None else f"{v:,}"


def header_lines(report: Report, lang: str = "zh", show_pii: bool = False) -> list[str]:
    h = report.header
    name, id_no = subject(h, show_pii)
    when = h.report_time.strftime("%Y-%m-%d %H:%M") if h.report_time else "--"
    layout = {"detailed": ("详版", "detailed"), "simplified": ("简版", "simplified")}[h.layout][lang == "en"]
    open_accounts = [a for a in report.accounts if a.is_open]
    if lang == "en":
        return [f"Report {h.report_no or '--'} ({layout}, generation {h.generation}), printed {when}",
                f"Subject {name}  ID {id_no}",
                f"{len(report.accounts)} accounts, {len(open_accounts)} open; {len(report.agreements)} credit agreements; "
                f"{len(report.inquiries)} inquiries"]
    return [f"报告编号 {h.report_no or '--'}（{layout}，{h.generation}代）  报告时间 {when}",
            f"姓名 {name}  证件号码 {id_no}",
            f"共 {len(report.accounts)} 个账户，其中未结清/未销户 {len(open_accounts)} 个；授信协议 {len(report.agreements)} 个；"
            f"查询记录 {len(report.inquiries)} 条"]


STATUS_ZH = {"normal": "正常", "overdue": "逾期", "settled": "结清", "closed": "销户", "transferred": "转出",
             "bad_debt": "呆账", "inactive": "未激活", "frozen": "冻结", "stopped": "止付", "other": "其他"}


def subject(h: Header, show_pii: bool = False) -> tuple[str, str]:
    """(name, ID number) of a report's subject: masked unless ``show_pii``, "--" where not printed."""
    name = h.subject_name if show_pii else mask_name(h.subject_name)
    id_no = h.subject_id if show_pii else mask_id(h.subject_id)
    return name or "--", id_no or "--"


def status_text(a: Account, lang: str) -> str:
    """As printed in the Chinese view (a 简版 prints no status word: the status in Chinese)."""
    return str(a.status) if lang == "en" else (a.status_raw or STATUS_ZH.get(str(a.status), str(a.status)))


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


# --- OCR doubts (issue 18) -------------------------------------------------------------------


def doubtful_refs(report: Report) -> frozenset[str]:
    """Refs of the accounts, agreements and liabilities read by OCR with a doubtful value."""
    records = (*report.accounts, *report.agreements, *report.liabilities)
    return frozenset(r.ref for r in records if r.ocr_doubt)


def marked_ref(ref: str, doubtful: frozenset[str]) -> str:
    """``A3?`` for a record read with doubt (``doubtful``: the report's ``doubtful_refs``), ``A3`` otherwise."""
    return ref + "?" if ref in doubtful else ref


def todo_doubtful(item: TodoItem, doubtful: frozenset[str]) -> bool:
    return not doubtful.isdisjoint(item.accounts + item.agreements)


OCR_READ = (
    "第 {pages} 页没有文字层，是用文字识别（OCR）读出的。",
    "Page(s) {pages} had no text layer and were read by OCR.",
)
OCR_DOUBT = (
    "标 ? 的账户由文字识别（OCR）读出，其中有内容存疑：办理前请对照纸质报告核对。",
    "Items marked ? were read by OCR with doubt: check them against the paper before acting.",
)
OCR_REASON = ("（识别存疑：OCR 读出的内容可能有误，请对照纸质报告核对）", " (read by OCR with doubt: check against the paper)")


def ocr_line(report: Report, lang: str = "zh") -> str:
    """One line saying which pages were read by OCR; "" for a report read from its text layer."""
    pages = report.source.ocr_pages if report.source else ()
    if not pages:
        return ""
    sep = "、" if lang == "zh" else ", "
    return OCR_READ[lang == "en"].format(pages=sep.join(map(str, pages)))


def checks_lines(report: Report, lang: str = "zh") -> list[str]:
    marks = {"error": "错误" if lang == "zh" else "error", "warning": "注意" if lang == "zh" else "warning"}
    out = []
    for c in sorted(report.checks, key=lambda c: c.level != "error"):
        message = c.message_en if lang == "en" and c.message_en else c.message
        out += wrapped(f"[{marks.get(c.level, c.level)}] ", message, indent=0)
    return out


def fill(text: str) -> list[str]:
    """A paragraph wrapped to the terminal's width."""
    return wrapped("", text, indent=0)


VIA_LABELS = {"exact": "全称", "alias": "简称/曾用名", "core": "名称主体", "fuzzy": "近似"}  # how a name matched (zh view)


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
    headers = ["platform", "score", "via", "phone", "update"] if lang == "en" else ["平台", "得分", "匹配方式", "客服电话", "预计生效"]
    rows = []
    for m in found:
        p = matcher.platforms.get(m.platform)
        via = m.via if lang == "en" else VIA_LABELS.get(m.via, m.via)
        rows.append([m.platform, f"{m.score:.1f}", via, (p.phone if p else "") or "--", (p.expected_update if p else "") or "--"])
    lines = [head, table(headers, rows)]
    top = matcher.platforms.get(found[0].platform)
    if top and top.steps:
        lines.append(("操作步骤：" if lang == "zh" else "Steps: ") + top.steps)
    return "\n".join(lines)


def lender_candidates_json(names: Sequence[str], matcher: Matcher) -> list[dict[str, Any]]:
    """``lenders --format json``: per name, its candidates with score, how they matched and the row's source."""
    out = []
    for name in names:
        resolved = matcher.resolve(name)
        sources = {r.platform: r.source for r in matcher.lender_rows(resolved[0])} if resolved else {}
        out.append({"name": name, "candidates": [{"platform": m.platform, "score": m.score, "via": m.via,
                                                  "source": sources.get(m.platform, "")} for m in matcher.match(name)]})
    return out


def lender_table_csv(matcher: Matcher) -> str:
    """``lenders --list``: the whole lender → platform table, in the mapping CSV's own columns."""
    from .lenders import LENDER_COLUMNS
    rows = ([r.lender, "|".join(r.aliases), r.platform, r.lender_type, "yes" if r.online else "no", f"{r.weight:g}",
             r.confidence, r.source] for lender_rows in matcher.rows_by_lender.values() for r in lender_rows)
    return csv_text(list(LENDER_COLUMNS), rows)


def json_text(report: Report, show_pii: bool = False, lang: str = "zh") -> str:
    return json.dumps(to_json(report, show_pii=show_pii, lang=lang), ensure_ascii=False, indent=2)


# --- the to-do list --------------------------------------------------------------------------

# The contract's columns, then ours at the end: the report the list was written from (compare --todo
# checks it), whether that report was read whole, and whether an item rests on a value OCR read with doubt.
CSV_HEADERS = {
    "zh": ["序号", "平台", "放款机构", "账户", "操作", "原因", "涉及额度", "操作步骤", "客服电话", "预计生效", "匹配置信度", "办理日期",
           "报告编号", "读取完整", "识别存疑"],
    "en": ["id", "platform", "lender", "accounts", "action", "reason", "credit_limit", "steps", "phone", "expected_update",
           "confidence", "done_on", "report_no", "complete", "ocr_doubt"],
}

PARTIAL_READ = (
    "【只读出了一部分】这份报告有内容没有读出来（见下面的“错误”）。下面的待办清单可能不完整，"
    "不能据此认为没有别的账户要关闭。建议：重新下载报告 PDF 原件再试一次；或者换另一个版本（详版/简版）的报告。",
    "[READ IN PART] Part of this report could not be read (see the errors below). The to-do list may be "
    "incomplete: do not conclude that nothing else needs closing. Download the original PDF again and retry, "
    "or try the other version of the report (详版 / 简版).",
)


def action_label(action: str, lang: str) -> str:
    return ACTION_LABELS.get(action, (action, action))[lang == "en"]


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
    rows = [[t.id, t.platform or ("unknown" if en else "未知"), t.lender, action_label(t.action, lang),
             yuan(t.credit_limit), t.expected_update or "--", " ".join(marked_ref(r, doubtful) for r in t.accounts + t.agreements)]
            for t in report.todo]
    lines = fill(OCR_DOUBT[en]) if any(todo_doubtful(t, doubtful) for t in report.todo) else []
    lines += [table(headers, rows, limits=[4, 12, 24, 14, 9, 14, 12]), ""]
    label = EVIDENCE_LABEL[en]
    for t in report.todo:
        reason, found, evidence = t.reason.partition(label)  # the evidence behind the platform on a line of its own
        lines += wrapped(f"{t.id}. ", reason.rstrip("；; ") if found else reason, indent=0)
        if found:
            lines += wrapped(label, evidence)
        if t.steps:
            lines += wrapped("steps: " if en else "步骤：", t.steps)
        if t.phone:
            lines += wrapped("phone: " if en else "电话：", t.phone)
        if t.expected_update:  # the table cuts it; the whole text is here
            lines += wrapped("shows on the report: " if en else "预计生效：", t.expected_update)
    return "\n".join(lines)


def impact_line(report: Report, lang: str = "zh") -> str:
    i = report.impact
    if i is None:
        return ""
    if lang == "en":
        return (f"Closing these takes open accounts from {i.open_accounts_before} to {i.open_accounts_after}, "
                f"open credit from ¥{i.open_credit_limit_before:,} to ¥{i.open_credit_limit_after:,}, "
                f"lenders from {i.lenders_before} to {i.lenders_after} (a repay-then-close item counts once repaid "
                "and closed; settling a bad record closes nothing here).")
    return (f"全部办完后：未结清/未销户账户从 {i.open_accounts_before} 个降到 {i.open_accounts_after} 个，"
            f"授信额度从 ¥{i.open_credit_limit_before:,} 降到 ¥{i.open_credit_limit_after:,}，"
            f"机构从 {i.lenders_before} 家降到 {i.lenders_after} 家（“先还清再关闭”按还清并关闭计算；先处理逾期/不良记录的不计为关闭）。")


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


def safe_cell(value: object) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def todo_values(report: Report, lang: str = "zh", done: Mapping[int, date] | None = None) -> list[list[Any]]:
    """The to-do list in CSV_HEADERS order with typed values (int, float, date or None where empty),
    ``done`` filling 办理日期 by item id; for a partial read, a last row (no 序号, no 账户) that says so.
    The CSV and the workbook are both written from these rows."""
    complete = ("是" if report.complete else "否") if lang == "zh" else str(report.complete).lower()
    number = report.header.report_no or ""
    done = done or {}
    rows: list[list[Any]] = []
    yes = "是" if lang == "zh" else "true"
    marked = doubtful_refs(report)
    for t in report.todo:
        doubtful = todo_doubtful(t, marked)
        reason = t.reason + OCR_REASON[lang == "en"] if doubtful else t.reason
        rows.append([t.id, t.platform or "", t.lender, " ".join(t.accounts + t.agreements),
                     action_label(t.action, lang) if lang == "zh" else t.action, reason, t.credit_limit, t.steps or "",
                     t.phone or "", t.expected_update or "", round(t.confidence, 2), done.get(t.id), number, complete,
                     yes if doubtful else ""])
    if not report.complete:
        rows.append([None, "", "", "", "", PARTIAL_READ[lang == "en"], None, "", "", "", None, None, number, complete, ""])
    return rows


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def todo_rows(report: Report, lang: str = "zh", done: Mapping[int, date] | None = None) -> list[list[str]]:
    """``todo_values`` as CSV text cells (a cell a spreadsheet would take for a formula is quoted)."""
    return [[_csv_cell(value) for value in row] for row in todo_values(report, lang, done)]


def csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    """CSV text with CRLF line ends (no BOM; ``write_text_file`` adds it for files)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def todo_csv(report: Report, lang: str = "zh", done: Mapping[int, date] | None = None) -> str:
    """The to-do list as CSV text; ``done`` fills 办理日期 by item id (the local page's date fields)."""
    return csv_text(CSV_HEADERS[lang], todo_rows(report, lang, done))


def check_target(path: Path, force: bool = False) -> None:
    """A file name, in a folder that exists, and not an existing file unless ``force``."""
    if path.is_dir():
        raise UsageError(f"{path} 是文件夹，请给出文件名。", f"{path} is a folder; give a file name.")
    if path.exists() and not force:
        raise UsageError(f"{path.name} 已存在。加 --force 覆盖，或换一个文件名。",
                         f"{path.name} already exists. Add --force to overwrite it, or choose another name.")
    if not path.parent.exists():
        raise UsageError(f"文件夹不存在：{path.parent}", f"Folder does not exist: {path.parent}")


def write_bytes_file(path: Path, content: bytes, force: bool = False) -> None:
    """Write atomically (temporary file, then rename); never replace an existing file without ``force``."""
    check_target(path, force)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_file(path: Path, content: str, force: bool = False, bom: bool = True) -> None:
    """``write_bytes_file`` for text: UTF-8, with a BOM unless told otherwise (Excel reads it as UTF-8)."""
    write_bytes_file(path, content.encode("utf-8-sig" if bom else "utf-8"), force)


# --- readiness (issue 16) --------------------------------------------------------------------

def readiness_lines(report: Report, lang: str = "zh", columns: int = 100) -> list[str]:
    """The readiness block of ``analyze --readiness``: at most 12 lines of at most ``columns`` display columns.

    Each figure today → after every to-do item is done. A figure above a review hint (mappings/review_hints.csv)
    carries ``*`` and, on its today side, the hint's threshold: ``5*(>2)``.
    """
    r = report.readiness
    if r is None:
        return []
    en = lang == "en"
    f, q = r.figures, r.inquiries
    marked_now = {c.hint.figure for c in r.hints if c.above_now}
    marked_after = {c.hint.figure for c in r.hints if c.above_after}

    points = {c.hint.figure: f"({c.hint.operator}{c.hint.threshold:g})" for c in r.hints if c.above_now}

    def one(name: str, value: object, marked: set[str], money: bool = False, pct: bool = False) -> str:
        text = "--" if value is None else (f"¥{value:,}" if money else f"{value}%" if pct else str(value))
        if name not in marked:
            return text
        return text + "*" + (points.get(name, "") if marked is marked_now else "")

    def two(name: str, **kw: bool) -> str:
        pair = getattr(f, name)
        now, after = one(name, pair.now, marked_now, **kw), one(name, pair.after, marked_after, **kw)
        return now if now == after else f"{now} → {after}"

    def windows(counts: dict[str, int | None], prefix: str = "hard_inquiries_") -> str:
        return "/".join(one(prefix + k, counts[k], marked_now) for k in counts)

    drops = []
    for key in ("6m", "12m", "24m"):
        d = q.drops.get(key)
        if d is not None and len(drops) < 2:
            n = key[:-1]
            drops.append(f"{n}-month count {d.count} → {d.to} on {d.on}" if en else
                         f"近{n}个月硬查询 {d.count} 次，到 {d.on} 降到 {d.to} 次")
    if not drops:
        drops = ["no hard inquiry in the past 24 months" if en else "近24个月没有硬查询"]
    top_now, top_after = f.card_max_ref.now, f.card_max_ref.after
    def ref(text: str | None) -> str:
        return "" if not text else (f" ({text})" if en else f"（{text}）")

    card_top = one("card_utilisation_max", f.card_utilisation_max.now, set(), pct=True) + ref(top_now)
    if (f.card_utilisation_max.after, top_after) != (f.card_utilisation_max.now, top_now):
        card_top += " → " + one("card_utilisation_max", f.card_utilisation_max.after, set(), pct=True) + ref(top_after)
    overdue_2y = (str(f.overdue_2y_min.now) if f.overdue_2y_min.now == f.overdue_2y_max.now
                  else f"{f.overdue_2y_min.now}–{f.overdue_2y_max.now}")
    highlighted = bool(points)
    foreign = f.foreign_lines.now
    if en:
        lines = [
            "Check-up: what a lender's review counts (now → after every to-do item is done)",
            f"Hard inquiries (loan/card approval, guarantee checks …) past 1/3/6/12/24 months: {windows(q.hard)}",
            f"  of them by online lenders {windows(q.hard_online, '-')}; institutions {windows(q.hard_institutions, '-')}; "
            f"soft inquiries {windows(q.soft, '-')}",
            "  Hard inquiries fall: " + "; ".join(drops),
            f"Open loan accounts {two('open_loan_accounts')} (online {two('open_online_loan_accounts')}); "
            f"online lenders with a balance {two('online_lenders_with_balance')}",
            f"Open credit {two('credit_granted', money=True)}, used {two('credit_used', money=True)}"
            + (f" (foreign-currency lines not added: {foreign})" if foreign else ""),
            (f"Card utilisation {two('card_utilisation', pct=True)}, highest card {card_top}"
             if f.card_utilisation.now is not None else "No open CNY credit card with a limit"),
            f"Opened in the past 6/12 months: {two('opened_6m')}/{two('opened_12m')} accounts (settled too); "
            f"institutions {two('open_lenders')}",
            f"Overdue now {two('overdue_now')}; in 5 years: {f.overdue_5y_accounts.now} accounts, "
            f"{f.overdue_5y_months.now} months; in 2 years: {overdue_2y} accounts (5-year totals only)",
        ]
        if f.liabilities.now:
            lines.append(f"Liabilities for others {f.liabilities.now}, balance ¥{f.liabilities_balance.now:,}: "
                         "not closable here, but lenders count them")
        lines += (["* above a commonly cited review point (in brackets): from public material, not any bank's rule,",
                   "  and no prediction of a decision. Sources: JSON readiness.hints, mappings/review_hints.csv"]
                  if highlighted else
                  ["No figure is above a commonly cited review point (public material, not any bank's rule)."])
    else:
        lines = [
            "体检：银行审核常看的数字（现在 → 待办全部办完后）",
            f"硬查询（贷款/信用卡审批、担保资格审查等）近1/3/6/12/24个月：{windows(q.hard)} 次",
            f"  其中网贷机构 {windows(q.hard_online, '-')} 次，涉及机构 {windows(q.hard_institutions, '-')} 家；"
            f"软查询 {windows(q.soft, '-')} 次",
            "  " + "；".join(drops),
            f"未结清贷款账户 {two('open_loan_accounts')} 个，其中网贷 {two('open_online_loan_accounts')} 个；"
            f"有余额的网贷机构 {two('online_lenders_with_balance')} 家",
            f"授信额度 {two('credit_granted', money=True)}，已用 {two('credit_used', money=True)}"
            + (f"（外币账户 {foreign} 个未计入）" if foreign else ""),
            (f"信用卡使用率 {two('card_utilisation', pct=True)}，单卡最高 {card_top}"
             if f.card_utilisation.now is not None else "没有在用的人民币贷记卡"),
            f"近6/12个月新开账户 {two('opened_6m')}/{two('opened_12m')} 个（含已结清，关闭不会删除）；"
            f"有账户的机构 {two('open_lenders')} 家",
            f"逾期：当前逾期 {two('overdue_now')} 个；近5年有逾期的账户 {f.overdue_5y_accounts.now} 个、共 "
            f"{f.overdue_5y_months.now} 个月；近2年 {overdue_2y} 个（报告只给5年合计）",
        ]
        if f.liabilities.now:
            lines.append(f"相关还款责任（为他人担保等）{f.liabilities.now} 笔，余额 ¥{f.liabilities_balance.now:,}："
                         "不能在这里关闭，但审批时会计入")
        lines += (["* 高于常见审核关注点（括号内）：关注点来自公开资料，不是任何银行的规则，也不预示审批结果",
                   "  来源见 --format json 的 readiness.hints，或 mappings/review_hints.csv"]
                  if highlighted else ["没有数字高于常见审核关注点（关注点来自公开资料，不是任何银行的规则）。"])
    if not report.complete:
        lines[0] += " — for the part that was read only" if en else "（仅就读出的部分）"
    return [clip(line, columns) for line in lines]


def readiness_change_lines(old: Report, new: Report, lang: str = "zh", columns: int = 100) -> list[str]:
    """``compare --readiness``: the readiness figures of OLD → NEW, with (in brackets) what OLD's to-do
    list, fully done, would have left; at most 6 lines of ``columns`` display columns."""
    a, b = old.readiness, new.readiness
    if a is None or b is None:
        return []
    en = lang == "en"
    fa, fb = a.figures, b.figures

    def value(v: object, money: bool = False, pct: bool = False) -> str:
        return "--" if v is None else (f"¥{v:,}" if money else f"{v}%" if pct else str(v))

    def change(name: str, **kw: bool) -> str:
        before, now = getattr(fa, name), getattr(fb, name)
        text = f"{value(before.now, **kw)} → {value(now.now, **kw)}"
        return text + (f" ({value(before.after, **kw)})" if en else f"（{value(before.after, **kw)}）")

    def windows(r: object, kind: str) -> str:
        return "/".join(value(v) for v in getattr(r.inquiries, kind).values())  # type: ignore[attr-defined]

    if en:
        lines = [
            "Check-up, old report → new report (in brackets: what the old to-do list, all done, would leave)",
            f"Hard inquiries past 1/3/6/12/24 months {windows(a, 'hard')} → {windows(b, 'hard')}; "
            f"soft {windows(a, 'soft')} → {windows(b, 'soft')}",
            f"Open loan accounts {change('open_loan_accounts')}, online {change('open_online_loan_accounts')}; "
            f"online lenders with a balance {change('online_lenders_with_balance')}",
            f"Open credit {change('credit_granted', money=True)}, used {change('credit_used', money=True)}",
            f"Card utilisation {change('card_utilisation', pct=True)}; institutions {change('open_lenders')}; "
            f"overdue now {change('overdue_now')}",
            f"Opened in the past 6/12 months {fa.opened_6m.now}/{fa.opened_12m.now} → {fb.opened_6m.now}/{fb.opened_12m.now}; "
            f"accounts overdue in 5 years {fa.overdue_5y_accounts.now} → {fb.overdue_5y_accounts.now}",
        ]
    else:
        lines = [
            "体检对比（旧报告 → 新报告；括号内为旧报告的待办全部办完后应有的数字）",
            f"硬查询 近1/3/6/12/24个月 {windows(a, 'hard')} → {windows(b, 'hard')} 次；"
            f"软查询 {windows(a, 'soft')} → {windows(b, 'soft')} 次",
            f"未结清贷款账户 {change('open_loan_accounts')} 个，其中网贷 {change('open_online_loan_accounts')} 个；"
            f"有余额的网贷机构 {change('online_lenders_with_balance')} 家",
            f"授信额度 {change('credit_granted', money=True)}，已用 {change('credit_used', money=True)}",
            f"信用卡使用率 {change('card_utilisation', pct=True)}；有账户的机构 {change('open_lenders')} 家；"
            f"当前逾期 {change('overdue_now')} 个",
            f"近6/12个月新开账户 {fa.opened_6m.now}/{fa.opened_12m.now} → {fb.opened_6m.now}/{fb.opened_12m.now} 个；"
            f"近5年有逾期的账户 {fa.overdue_5y_accounts.now} → {fb.overdue_5y_accounts.now} 个",
        ]
    return [clip(line, columns) for line in lines]


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


# --- compare ---------------------------------------------------------------------------------

VERDICT_TITLES = {
    "unverified": ("无法核实（有一份报告没有读全）", "Cannot be verified (a report was read only in part)"),
    "not_found": ("没有在新报告中找到，请人工核对", "Not found in the new report: check by hand"),
    "still_open": ("仍未关闭", "Still open"),
    "pending": ("等待更新", "Waiting for the report to update"),
    "confirmed": ("已确认关闭", "Confirmed closed"),
    "reopened": ("重新开立", "Reopened"),
    "gone": ("已结清的账户不再列出", "Settled accounts no longer listed"),
    "new_account": ("新增账户", "New accounts"),
}


def compare_json(result: Comparison, lang: str = "zh", show_pii: bool = False) -> dict[str, Any]:
    def head(h: Any, complete: bool) -> dict[str, Any]:
        name, id_no = subject(h, show_pii)
        return {"report_no": h.report_no, "report_time": h.report_time.isoformat(timespec="seconds") if h.report_time else None,
                "complete": complete, "subject_name": name, "subject_id": id_no}

    return {
        "schema_version": 1,
        "complete": result.old_complete and result.new_complete,
        "old": head(result.old, result.old_complete),
        "new": head(result.new, result.new_complete),
        "items": [{"lender": i.lender, "platform": i.platform, "old_ref": i.old_ref, "new_ref": i.new_ref,
                   "old_status": str(i.old_status) if i.old_status else None,
                   "new_status": str(i.new_status) if i.new_status else None, "verdict": i.verdict}
                  for i in result.items],
        "totals": {f: getattr(result.totals, f) for f in ("open_accounts_old", "open_accounts_new", "open_credit_limit_old",
                                                           "open_credit_limit_new", "lenders_old", "lenders_new")},
        "notes": [note[lang == "en"] for note in result.notes],
    }


def compare_view(result: Comparison, matcher: Matcher, lang: str = "zh", show_pii: bool = False) -> str:
    """Terminal view of ``compare``: totals, the items by verdict, and what to do about what is still open."""
    en = lang == "en"
    t = result.totals
    name, id_no = subject(result.new, show_pii)

    def when(h: Any) -> str:
        return h.report_time.strftime("%Y-%m-%d") if h.report_time else "--"

    lines = []
    for complete, which in ((result.old_complete, ("旧", "old")), (result.new_complete, ("新", "new"))):
        if not complete:  # said before any verdict: what rests on absence cannot be trusted
            lines += fill(f"[READ IN PART] The {which[1]} report was read only in part (run creditgap analyze on it to "
                          "see what). Nothing that rests on an account being absent is concluded: those items are "
                          "'cannot be verified'." if en else
                          f"【只读出了一部分】{which[0]}报告没有读全（用 creditgap analyze 查看原因）。凡是要靠“账户不见了”"
                          "才能下的结论都不下，这些账户列为“无法核实”。") + [""]
    lines += [part for note in result.notes for part in wrapped(f"[{'note' if en else '注意'}] ", note[en], indent=0)]
    lines += [(f"Old report {when(result.old)} → new report {when(result.new)}   subject {name}  ID {id_no}" if en else
              f"旧报告 {when(result.old)} → 新报告 {when(result.new)}   姓名 {name}  证件号码 {id_no}"),
             (f"Open accounts {t.open_accounts_old} → {t.open_accounts_new}; open credit ¥{t.open_credit_limit_old:,} → "
              f"¥{t.open_credit_limit_new:,}; lenders {t.lenders_old} → {t.lenders_new}" if en else
              f"未结清/未销户账户 {t.open_accounts_old} → {t.open_accounts_new} 个；授信额度 ¥{t.open_credit_limit_old:,} → "
              f"¥{t.open_credit_limit_new:,}；机构 {t.lenders_old} → {t.lenders_new} 家")]
    for verdict, titles in VERDICT_TITLES.items():
        items = [i for i in result.items if i.verdict == verdict]
        if not items:
            continue
        lines += ["", f"{titles[en]}（{len(items)}）" if not en else f"{titles[en]} ({len(items)})"]
        for i in items:
            refs = " → ".join(r for r in (i.old_ref, i.new_ref) if r)
            extra = ""
            if i.due_by:
                extra = f"  (expected by {i.due_by})" if en else f"  （预计 {i.due_by} 前更新）"
            lines.append(f"  {pad(refs, 10)} {pad(i.platform or '--', 18)} {i.lender}{extra}")
    still = [i for i in result.items if i.verdict == "still_open"]
    if still:
        lines += ["", "Next steps:" if en else "下一步："]
        for i in still:
            p = matcher.platforms.get(i.platform or "")
            contact = f"{p.steps}" + (f"（{p.phone}）" if p and p.phone else "") if p else ""
            if i.action in ("repay_then_close", "resolve_overdue"):  # nothing can be closed before the debt is paid
                contact = ("repay the balance first, then: " if en else "先还清欠款，再：") + contact
            lines += wrapped(f"{i.old_ref} {i.lender}：", contact or ("联系机构确认为何仍未关闭" if not en else
                                                                     "call the lender and ask why it is still open"), indent=2)
    for i in (i for i in result.items if i.verdict == "not_found"):
        if not any(line.startswith(("下一步", "Next steps")) for line in lines):
            lines += ["", "Next steps:" if en else "下一步："]
        lines += wrapped(f"{i.old_ref} {i.lender}：", "look for it in the new report by hand; if it is not there, ask the "
                         "lender whether it was closed" if en else "在新报告里人工查找这个账户；找不到就联系机构确认是否已关闭",
                         indent=2)
    return "\n".join(lines)


# --- batch -----------------------------------------------------------------------------------


def batch_csv(results: list[FileResult], lang: str = "zh", show_pii: bool = False) -> str:
    """Every file's to-do list in one CSV: the file and whose report it is (masked) first."""
    rows = ([safe_cell(r.path.name), safe_cell(subject(r.report.header, show_pii)[0])] + row
            for r in results if r.report is not None for row in todo_rows(r.report, lang))
    return csv_text((["文件", "姓名"] if lang == "zh" else ["file", "subject"]) + CSV_HEADERS[lang], rows)


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
