"""The 简版's 信息概要 tables as the sample renderer prints them (report-format.md §5.1, §7.1).

``summary_tables`` prints the project's own styles (one header row, or 贷款 over 购房 / 其他 in a
second row) and, with ``style.official``, the grid as the reference centre prints it: 信用卡 and
其他业务 spanning both header rows and 贷款 spanning 购房 and 其他, so the text layer gives 贷款 a line
of its own, then ``信用卡 其他业务``, then ``购房 其他``; the side notes printed to the right share
lines with the rows; the 资产处置信息 | 垫款信息 table before or after the grid; the 相关还款责任 row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from creditgap.model import Summary

from .pdfkit import CELL, FONT, para

if TYPE_CHECKING:
    from .render_simplified import SimplifiedStyle

SIDE_NOTES = ("逾期记录可能影响对您的信用评价。",
              "购房贷款，包括个人住房商业贷款、个人商用房（包括商住两用）贷款和个人住房公积金贷款。",
              "发生过逾期的信用卡账户，指曾经“未按时还最低还款额”的贷记卡账户和“透支超过60天”的准贷记卡账户。")
# The notes cut as the printed column cuts them, one piece per grid row (spec §7.1), the rest below.
NOTE_PIECES = ("逾期记录可能影响对您的信用评", "价。", "购房贷款，包括个人住房商业贷款、", "个人商用房（包括商住两用）贷款和",
               "个人住房公积金贷款。", "发生过逾期的信用卡账户，指曾经", "“未按时还最低还款额”的贷记卡账",
               "户和“透支超过60天”的准贷记卡账户。")
ROWS = [("账户数", "accounts"), ("未结清/未销户账户数", "open_accounts"), ("发生过逾期的账户数", "overdue_accounts"),
        ("发生过90天以上逾期的账户数", "overdue_90_accounts")]


def shown(v: int | None) -> str:
    return "--" if v is None else str(v)


def summary_tables(summary: Summary, style: SimplifiedStyle) -> list[object]:
    if style.official:
        return official_tables(summary, style)
    cols = [c for c in ("信用卡", "购房贷款", "其他贷款", "其他业务") if c in summary.debt]
    if style.summary_two_rows:
        header = [["", "信用卡", "贷款", "", *(["其他业务"] if "其他业务" in cols else [])],
                  ["", "", "购房", "其他", *([""] if "其他业务" in cols else [])]]
    else:
        header = [[""] + cols]
    body = [[label] + [shown(getattr(summary.debt[c], key)) for c in cols] for label, key in ROWS]
    t = Table([[para(c, CELL) if isinstance(c, str) else c for c in r] for r in header + body],
              colWidths=[150] + [70] * len(cols))
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    out: list[object] = [t]
    if "为个人" in summary.debt:
        out += [Spacer(1, 6), _small(summary, "为个人", "为企业", "相关还款责任账户数", ("为个人", "为企业"))]
    if "资产处置" in summary.debt:
        out += [Spacer(1, 6), _small(summary, "资产处置信息", "垫款信息", "账户数", ("资产处置", "垫款"))]
    return out


def _small(summary: Summary, left: str, right: str, label: str, keys: tuple[str, str]) -> Table:
    small = Table([["", para(left, CELL), para(right, CELL)],
                   [para(label, CELL), shown(summary.debt[keys[0]].accounts), shown(summary.debt[keys[1]].accounts)]],
                  colWidths=[150, 80, 80])
    small.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return small


def official_tables(summary: Summary, style: SimplifiedStyle) -> list[object]:
    """The grid with its side notes, the 资产处置 / 垫款 table before or after it, the 相关还款责任 row."""
    d = summary.debt
    cols = ("信用卡", "购房贷款", "其他贷款", "其他业务")
    grid = [["", "信用卡", "贷款", "", "其他业务"], ["", "", "购房", "其他", ""]]
    grid += [[label] + [shown(getattr(d[c], key)) for c in cols] for label, key in ROWS]
    commands = [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (4, -1), "CENTER"),
                ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (3, 0)), ("SPAN", (4, 0), (4, 1)),
                ("GRID", (0, 0), (4, 5), 0.5, colors.black), ("LEFTPADDING", (5, 0), (5, -1), 14)]
    if style.notes_beside:  # the notes as one paragraph beside the grid: its lines drift across the rows
        notes = Paragraph("<br/>".join(SIDE_NOTES), CELL)
        grid = [r + [notes if n == 0 else ""] for n, r in enumerate(grid)]
        commands += [("SPAN", (5, 0), (5, -1)), ("VALIGN", (5, 0), (5, -1), "TOP")]
        heights: list[float | None] = [14] * len(grid)
    else:  # one piece per row, on the row's own line; what is left goes on under the grid. The first
        # sits low in its row: a line of its own between 贷款 and 信用卡 其他业务, as spec §7.1 shows.
        rows = len(grid)
        grid = [r + [NOTE_PIECES[n]] for n, r in enumerate(grid)]
        grid += [["", "", "", "", "", piece] for piece in NOTE_PIECES[rows:]]
        heights = [22, 22] + [14] * (rows - 2) + [10] * (len(grid) - rows)
        commands += [("VALIGN", (5, 0), (5, 0), "BOTTOM"), ("BOTTOMPADDING", (5, 0), (5, 0), 1)]
    t = Table(grid, colWidths=[130, 48, 48, 48, 48, 190], rowHeights=heights, hAlign="LEFT")
    t.setStyle(TableStyle(commands))
    small = _small(summary, "资产处置信息", "垫款信息", "账户数", ("资产处置", "垫款"))
    liabilities = _small(summary, "为个人", "为企业", "相关还款责任账户数", ("为个人", "为企业"))
    first, then = ([small, t] if style.small_first else [t, small])
    return [first, Spacer(1, 6), then, Spacer(1, 6), liabilities]
