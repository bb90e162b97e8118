"""The to-do list as an Excel workbook (``analyze --xlsx``, the page's download): sheets 待办, 账户, 说明.

待办 has the CSV's columns in the CSV's order (todo_rows.CSV_HEADERS), with real types: 序号 and 涉及额度
numbers, 匹配置信度 a number, 客服电话 text, 办理日期 a date column that accepts only dates. A text cell
that starts with = + - @ is stored as text (never a formula). openpyxl comes with the ``xlsx`` and
``web`` extras; without it the command says how to install it.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from ..model import Report
from .files import check_target, openpyxl_module, write_bytes_file
from .readiness_view import readiness_lines
from .todo_rows import CSV_HEADERS, todo_groups, todo_values
from .wording import FAMILY_LABELS, OCR_DOUBT, PARTIAL_READ, doubtful_refs, header_lines, impact_line, ocr_line, status_text

SHEETS = {"zh": ("待办", "账户", "说明"), "en": ("To do", "Accounts", "How to use")}
DONE_COLUMN = 11  # 办理日期, 0-based in CSV_HEADERS
# display widths (characters) of the to-do columns, in CSV order
TODO_WIDTHS = (6, 14, 26, 10, 12, 40, 10, 44, 14, 14, 8, 12, 24, 8, 8, 30)
DATE_FORMAT = "yyyy-mm-dd"
DATE_ROWS = 500  # the validation covers rows the user may add below the list


def _text(cell: Any, value: str | None) -> None:
    """A text cell that is never read as a formula."""
    cell.value = value or None
    if value:
        cell.data_type = "s"
        if value[:1] in ("=", "+", "-", "@"):
            cell.quotePrefix = True


def _put(cell: Any, value: Any) -> None:
    """Text as text (never a formula); numbers and dates as themselves."""
    if isinstance(value, str):
        _text(cell, value)
    else:
        cell.value = value


def todo_workbook(report: Report, lang: str = "zh", done: Mapping[int, date] | None = None,
                  notes: Mapping[int, str] | None = None) -> bytes:
    """The workbook as bytes; ``done`` fills 办理日期 and ``notes`` 凭证/备注 by to-do id (the page's fields)."""
    openpyxl = openpyxl_module()
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    en = lang == "en"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEETS[lang][0]
    _todo_sheet(ws, report, lang, done or {}, notes or {})
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    accounts = wb.create_sheet(SHEETS[lang][1])
    heads = (["ref", "family", "lender", "platform", "opened", "due", "status", "open", "balance", "credit_limit",
              "amount", "used", "currency", "as_of", "closed_on", "page", "ocr_doubt"] if en else
             ["编号", "类别", "机构", "平台", "开立日期", "到期日期", "状态", "未结清", "余额", "授信额度", "借款金额", "已用额度",
              "币种", "截至", "关闭日期", "页", "识别存疑"])
    accounts.append(heads)
    for cell in accounts[1]:
        cell.font, cell.fill = bold, head_fill
    for r, a in enumerate(report.accounts, 2):
        values = [a.ref, FAMILY_LABELS[lang][a.family], a.lender, a.platforms[0].platform if a.platforms else "",
                  a.opened, a.due, status_text(a, lang), ("yes" if a.is_open else "no") if en else ("是" if a.is_open else "否"),
                  a.balance, a.credit_limit, a.amount, a.used, a.currency, a.as_of or "", a.closed_on or "", a.page,
                  (("true" if en else "是") if a.ocr_doubt else "")]
        for col, value in enumerate(values, 1):
            cell = accounts.cell(row=r, column=col)
            _put(cell, value)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif col in (9, 10, 11, 12):
                cell.number_format = "#,##0"
    for col, w in enumerate((6, 10, 34, 16, 12, 12, 8, 8, 12, 12, 12, 12, 6, 12, 12, 5, 10), 1):
        accounts.column_dimensions[get_column_letter(col)].width = w
    accounts.freeze_panes = "A2"

    notes = wb.create_sheet(SHEETS[lang][2])
    notes.column_dimensions["A"].width = 100
    for n, line in enumerate(guide_lines(report, lang), 1):
        cell = notes.cell(row=n, column=1)
        _text(cell, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if n == 1 or line.startswith(("【", "[READ")):
            cell.font = Font(bold=True, color="C00000" if line.startswith(("【只读", "[READ")) else None)
    if report.readiness is not None:  # the check-up: the terminal block, then every figure now and after
        checkup = wb.create_sheet("Check-up" if en else "体检")
        checkup.column_dimensions["A"].width = 34
        checkup.column_dimensions["B"].width = 14
        checkup.column_dimensions["C"].width = 14
        lines = readiness_lines(report, lang, columns=400)
        for n, line in enumerate(lines, 1):
            _text(checkup.cell(row=n, column=1), line)
        first = len(lines) + 2
        for col, head in enumerate(["figure", "now", "after to-do"] if en else ["数字", "现在", "待办办完后"], 1):
            checkup.cell(row=first, column=col, value=head).font = bold
        for n, (name, pair) in enumerate(report.readiness.to_json(lang)["figures"].items(), first + 1):
            _text(checkup.cell(row=n, column=1), name)
            checkup.cell(row=n, column=2, value=pair["now"])
            checkup.cell(row=n, column=3, value=pair["after"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _todo_sheet(ws: Any, report: Report, lang: str, done: Mapping[int, date], notes: Mapping[int, str]) -> None:
    """待办: the CSV's columns, grouped by app. Each platform's heading row (no 序号, no 账户: compare
    skips it) carries its steps, phone and update time once; its items follow without them. An item
    whose platform is unknown keeps its row whole. Printed landscape, one page wide, header repeated."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    en = lang == "en"
    bold = Font(bold=True)
    group_fill = PatternFill("solid", fgColor="F2F2F2")
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append(CSV_HEADERS[lang])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = bold, PatternFill("solid", fgColor="DDEBF7"), Alignment(wrap_text=True,
                                                                                                        vertical="center")
    rows = todo_values(report, lang, done, notes)
    by_id = {values[0]: values for values in rows if values[0] is not None}
    laid: list[tuple[str, list[Any]]] = []  # (kind, values): "group" heading, "item", "note"
    for g in todo_groups(report.todo):
        if g.platform is None:
            laid += [("item", by_id[t.id]) for t in g.items]
            continue
        count = f"{len(g.items)} items" if en else f"{len(g.items)} 项"
        heading: list[Any] = [None, g.platform, count] + [""] * (len(CSV_HEADERS[lang]) - 3)
        heading[7], heading[8], heading[9] = g.steps or "", g.phone or "", g.expected_update or ""
        laid.append(("group", heading))
        for t in g.items:
            values = list(by_id[t.id])
            values[7] = values[8] = values[9] = ""  # said once, on the heading
            laid.append(("item", values))
    laid += [("note", values) for values in rows if values[0] is None]
    for row, (kind, values) in enumerate(laid, 2):
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=row, column=col)
            _put(cell, value)
            cell.alignment = wrap  # long cells wrap: the sheet prints one page wide
            if kind == "group":
                cell.font, cell.fill = bold, group_fill
        if kind == "note":  # like the CSV: a last row without 序号 or 账户 says the read was partial
            ws.cell(row=row, column=6).font = Font(bold=True, color="C00000")
            continue
        if kind == "item":
            ws.cell(row=row, column=7).number_format = "#,##0"
            ws.cell(row=row, column=11).number_format = "0.00"
        ws.cell(row=row, column=9).number_format = "@"
    last = len(laid) + 1
    for r in range(2, last + 1):
        if ws.cell(row=r, column=1).value is not None:
            ws.cell(row=r, column=DONE_COLUMN + 1).number_format = DATE_FORMAT
    ws.column_dimensions[get_column_letter(DONE_COLUMN + 1)].number_format = DATE_FORMAT  # rows typed below
    for col, w in enumerate(TODO_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.freeze_panes = "A2"
    # printed as a person expects: landscape A4, all columns on one page wide, the header on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    letter = get_column_letter(DONE_COLUMN + 1)
    dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2099,12,31)",
                        allow_blank=True, showErrorMessage=True, errorStyle="stop",
                        errorTitle="Date only" if en else "只能填日期",
                        error="Type the date you did it, e.g. 2025-08-02" if en else "请填写办理日期，例如 2025-08-02",
                        promptTitle="done_on" if en else "办理日期",
                        prompt="The date you did this item" if en else "办完这一项的日期，例如 2025-08-02",
                        showInputMessage=True)
    dv.add(f"{letter}2:{letter}{DATE_ROWS}")
    ws.add_data_validation(dv)


def guide_lines(report: Report, lang: str = "zh") -> list[str]:
    """The 说明 sheet: a partial read first, then the report, then how to use the workbook."""
    en = lang == "en"
    lines = [] if report.complete else [PARTIAL_READ[en], ""]
    lines += ["creditgap — closure to-do list" if en else "creditgap 待办清单"]
    lines += header_lines(report, lang)  # masked name and ID number
    if ocr := ocr_line(report, lang):
        lines.append(ocr)
    if doubtful_refs(report):
        lines.append(OCR_DOUBT[en])
    if report.todo and report.impact:
        lines.append(("For the part that was read only: " if en else "（仅就读出的部分）") * (not report.complete)
                     + impact_line(report, lang))
    lines += [""] + ([
        "How to use it:",
        "1. Sheet “To do”: grouped by app, the most important first; each app's row gives its “steps” and “phone” once, "
        "then one row per thing to do there. Open the app and follow the steps; if it does not work, call the number.",
        "2. When you have done an item, type the date in “done_on” (a date such as 2025-08-02; the cell accepts "
        "dates only), and in “proof/notes” what shows you did it: a screenshot's file name, a ticket number, the agent.",
        "3. The change shows on your credit report after “expected_update”. Then get a new report and run: "
        "creditgap compare OLD.pdf NEW.pdf --todo this-file.xlsx (or use the compare page of creditgap serve).",
        "4. Sheet “Accounts”: every account the report lists, settled ones too.",
        "Do not rename the columns or delete the report_no column: compare uses them to check the list belongs "
        "to the old report.",
        "Everything was computed on your own computer; the name and ID number are masked.",
    ] if en else [
        "怎么用：",
        "1. “待办”表：按 App 分组，重要的在前；每个 App 的标题行写一次“操作步骤”和“客服电话”，下面每行一件要在这个 App 办的事。办不了就打客服电话。",
        "2. 办完一项，在“办理日期”列填上日期（例如 2025-08-02；这一列只接受日期），在“凭证/备注”列记下截图文件名、工单号或客服工号。",
        "3. 过了“预计生效”的时间，报告上才会看到变化。到时重新打印报告，运行：creditgap compare 旧报告.pdf 新报告.pdf "
        "--todo 本文件.xlsx（或在 creditgap serve 页面的“对比”里上传）。",
        "4. “账户”表：报告上列出的全部账户，包括已结清的。",
        "请不要改列名，也不要删除“报告编号”列：对比时要用它确认清单来自旧报告。",
        "所有计算都在你自己的电脑上完成；姓名和证件号码已打码。",
    ])
    return lines


def write_xlsx(path: Path, report: Report, lang: str = "zh", force: bool = False) -> None:
    """``analyze --xlsx``: the workbook, written atomically."""
    path = Path(path)
    check_target(path, force)  # before the work
    write_bytes_file(path, todo_workbook(report, lang), force=force)
