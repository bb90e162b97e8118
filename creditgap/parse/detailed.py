"""The 二代 详版 (本人版) parser, tabular (report-format.md §3).

Input: the page items of ``PdfText`` (table rows and loose text lines, in reading order, pages
concatenated). A single pass walks them with a little state: the current section, the current
account family, the open block (account, agreement or summary table) and a pending label row.

Nothing keys on positions or cell counts: a row whose non-empty cells are all known labels is a
label row, and the next row holds its values cell by cell. So label rows of 4, 6 or 8 cells,
one table or several per block, and blocks broken by a page break all read the same.
Markers: 信贷交易信息明细, 信贷交易授信及负债信息概要, 本人版 (spec §1 routing heuristics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .. import fields as F
from ..model import Account, Agreement, Check, Family, Header, Inquiry, Liability, Report, Status, Where
from ..read.document import PdfText
from ..read.items import Item, union
from ..vocab import norm_label
from .common import FOOTER, NO_CREDIT_HISTORY, check_summary, header_fields
from .detailed_rows import aligned, inline_pairs, is_label_row, row_xs
from .detailed_summary import SUB as _SUB
from .detailed_summary import SummaryReader

MARKERS = ("信贷交易信息明细", "信贷交易授信及负债信息概要", "本人版", "个人基本信息")

TOP_SECTIONS = ("个人基本信息", "信息概要", "信贷交易信息明细", "非信贷交易信息明细", "公共信息明细",
                "本人声明", "异议标注", "查询记录", "报告说明")
_TOP = re.compile(r"^(?:[一二三四五六七八九十]+[、.]?)?(" + "|".join(TOP_SECTIONS) + r")$")

FAMILY_HEADINGS: dict[str, Family | None] = {
    "被追偿信息": Family.RECOVERED,
    "非循环贷账户": Family.LOAN,
    "循环贷账户一": Family.REVOLVING_SUB,
    "循环贷账户(一)": Family.REVOLVING_SUB,
    "循环额度下分账户": Family.REVOLVING_SUB,
    "循环贷账户二": Family.REVOLVING,
    "循环贷账户(二)": Family.REVOLVING,
    "循环贷账户": Family.REVOLVING,
    "贷记卡账户": Family.CREDIT_CARD,
    "准贷记卡账户": Family.SEMI_CREDIT_CARD,
    "相关还款责任信息": None,
}
_HEADING = re.compile(r"^账户(\d*)(\(.*)?$")
_BRACKET = re.compile(r"\((授信协议标识|卡片尾号):([^()]*)\)")
_AGREEMENT = re.compile(r"^授信协议(\d*)$")
_AS_OF = re.compile(r"截至(\d{4}年\d{1,2}月\d{1,2}日)")
# 截至…，账户状态为“未激活”。 in place of a status table (spec §3.5.3); any status word read the same way.
_STATUS_SENTENCE = re.compile(r"账户状态为[“\"']?([^”\"'.,;]+)")
# A status cell whose closing date ran into it (2021.02.23结清, spec §3.5.3): the date either side.
_DATED_STATUS = re.compile(r"(\d{4}\.\d{1,2}(?:\.\d{1,2})?)?(\D+?)(\d{4}\.\d{1,2}(?:\.\d{1,2})?)?")
_GRID = re.compile(r"(\d{4})年(\d{1,2})月-(\d{4})年(\d{1,2})月的还款记录")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_GRID_SYMBOL = re.compile(r"^[NC*#/DZBGMA1-7]$")
_OVERDUE_SYMBOL = re.compile(r"^[1-7]$")


LENDER_LABELS = ("管理机构", "发卡机构")  # the row that names the lender: where the record is shown


@dataclass
class Block:
    """An account or agreement being read: its label → value cells and what else it said."""

    kind: str  # account | agreement | summary | header
    family: Family | None
    page: int
    heading: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    as_of: str | None = None
    sentence_status: str | None = None  # 账户状态为“…” in a sentence
    grid_seen: bool = False
    overdue_months: int = 0
    boxes: dict[int, list[tuple[float, float, float, float]]] = field(default_factory=dict)  # page → its rows' boxes
    lender_page: int | None = None  # the page whose row gave 管理机构 / 发卡机构

    def saw(self, item: Item) -> None:
        """``item`` (the heading, a label or value row, the 截至 line) is part of this record."""
        if item.box is not None:
            self.boxes.setdefault(item.page, []).append(item.box)

    def where(self) -> Where | None:
        """The page whose row names the lender (else the page holding most of the record's rows: a
        heading alone at a page's foot does not count for more than the table it heads), and the
        outline of the record's rows there."""
        if not self.boxes:
            return None
        page = self.lender_page if self.lender_page in self.boxes else max(sorted(self.boxes), key=lambda p: len(self.boxes[p]))
        box = union(self.boxes[page])
        return Where(page, box) if box else None


class DetailedParser:
    name = "detailed"
    description = "二代 详版（本人版），表格式"

    def identify(self, doc: PdfText) -> bool:
        text = F.squash(doc.first_text())
        return "个人信用报告" in text and sum(m in text for m in MARKERS) >= 2 and "企业信用报告" not in text

    def extract(self, doc: PdfText) -> Report:
        return _Walker().run(doc.all_items())


class _Walker:
    def __init__(self) -> None:
        self.section: str | None = None
        self.family: Family | None = None
        self.in_agreements = False
        self.in_liabilities = False
        self.for_whom = "个人"
        self.block: Block | None = None
        self.labels: list[str] | None = None
        self.label_xs: tuple[tuple[float, float] | None, ...] | None = None
        self.in_grid = False
        self.header_text: list[str] = []
        self.header_values: dict[str, str] = {}
        self.accounts: list[Account] = []
        self.agreements: list[Agreement] = []
        self.liabilities: list[Liability] = []
        self.inquiries: list[Inquiry] = []
        self.summary = SummaryReader()
        self.checks: list[Check] = []
        self.pending_heading: Item | None = None
        self.inquiry_labels: tuple[list[str], tuple[tuple[float, float] | None, ...] | None] | None = None
        self.no_credit_history = False

    # -- driving ---------------------------------------------------------------------------
    def run(self, items: object) -> Report:
        for item in items:  # type: ignore[attr-defined]
            self.feed(item)
        self.close_block()
        report_no, report_time = header_fields(" ".join(self.header_text))
        header = Header(
            layout="detailed", generation=2, report_no=report_no, report_time=report_time,
            subject_name=self.header_values.get("被查询者姓名"), subject_id=self.header_values.get("被查询者证件号码"),
        )
        report = Report(
            header=header, accounts=tuple(self.accounts), agreements=tuple(self.agreements),
            inquiries=tuple(self.inquiries), liabilities=tuple(self.liabilities),
            summary=self.summary.summary(self.no_credit_history),
            checks=tuple(self.checks + self.summary.checks),
        )
        return report.with_checks(*check_summary(report))

    def feed(self, item: Item) -> None:
        text = norm_label(item.joined())
        if not text:
            return
        if FOOTER.fullmatch(text):
            return
        if "报告编号" in text or "报告时间" in text:
            if self.section is None and item.joined() not in self.header_text:
                self.header_text.append(item.joined())
            return  # after the first page: the page header again
        if text in ("个人信用报告", "(本人版)", "个人信用报告(本人版)"):
            return
        if NO_CREDIT_HISTORY.search(text):
            self.no_credit_history = True
        if self.pending_heading is not None:
            if text.startswith("(") and not is_label_row(item):
                self.pending_heading = Item(item.page, item.top, text=self.pending_heading.joined() + text,
                                            box=union((self.pending_heading.box, item.box)))
                self.try_heading(self.pending_heading)
                return
            self.pending_heading = None
        if self.structure(text, item):
            return
        if self.section == "查询记录":
            self.inquiry(item, text)
            return
        if self.in_liabilities:
            if text in ("为个人", "为企业"):
                self.close_block()
                self.for_whom = text[1:]
                return
            if item.is_row and "管理机构" in (norm_label(c) for c in item.cells or ()):
                self.close_block()  # a 相关还款责任 block has no heading: its first row starts it
                self.block = Block("liability", None, item.page, heading={"for_whom": self.for_whom})
                self.block.saw(item)
        if self.block is None:
            self.pair(item)  # header block of the first page
            return
        if m := _AS_OF.search(text):
            self.block.saw(item)
            self.block.as_of = F.day_or_month(m.group(1))
            if said := _STATUS_SENTENCE.search(text):
                self.block.sentence_status = said.group(1)
            return
        if _GRID.search(text):
            self.in_grid = True
            self.block.grid_seen = True
            return
        if self.in_grid and self.grid_row(item):
            return
        self.pair(item)

    # -- structure -------------------------------------------------------------------------
    def structure(self, text: str, item: Item) -> bool:
        """Section, subsection, account and agreement headings; True when ``text`` was one."""
        if m := _TOP.match(text):
            self.close_block()
            self.section, self.family, self.in_agreements, self.in_liabilities = m.group(1), None, False, False
            return True
        if self.section == "信息概要":  # its tables, each by its own labels (detailed_summary.py)
            self.summary.feed(item, text)
            return True
        if (m := _SUB.match(text)) and self.section == "信贷交易信息明细":
            name = m.group(1)
            self.close_block()
            self.in_agreements = name == "授信协议信息"
            self.in_liabilities = name == "相关还款责任信息"
            self.family = FAMILY_HEADINGS.get(name)
            if name not in FAMILY_HEADINGS and not self.in_agreements:
                self.checks.append(Check("error", "unknown_section",
                                         f"第{item.page}页的“{name[:20]}”部分无法识别，其中的账户没有计入",
                                         f"page {item.page}: section “{name[:20]}” is not known; its accounts are not counted"))
            return True
        if self.section == "信贷交易信息明细":
            if self.in_agreements and (m := _AGREEMENT.match(text)):
                self.close_block()
                self.block = Block("agreement", None, item.page)
                self.block.saw(item)
                return True
            if not self.in_agreements and self.family is not None and _HEADING.match(text):
                return self.try_heading(Item(item.page, item.top, text=text, box=item.box))
        return False

    def try_heading(self, item: Item) -> bool:
        text = norm_label(item.joined())
        self.close_block()
        self.block = Block("account", self.family, item.page)
        self.block.saw(item)
        for key, value in _BRACKET.findall(text):
            self.block.heading[key] = value
        self.pending_heading = item if text.count("(") > text.count(")") else None
        return True

    def pair(self, item: Item) -> None:
        """Label row → remember it; the next row → its values. Or label, value, label, value in one row."""
        if not item.is_row:
            return
        if is_label_row(item):
            if self.block is not None:
                self.block.saw(item)
            self.labels = [norm_label(c) for c in item.cells or ()]
            self.label_xs = row_xs(item, len(self.labels))
            return
        target = self.block.values if self.block else self.header_values
        if self.block is not None:
            self.block.saw(item)
        if self.labels is None:
            for label, value in inline_pairs(item.cells or ()):
                target.setdefault(label, F.squash(value))
                if self.block is not None and label in LENDER_LABELS:
                    self.block.lender_page = self.block.lender_page or item.page
            return
        for label, value in aligned(self.labels, self.label_xs, item):
            if label and label not in target:
                target[label] = value
                if self.block is not None and label in LENDER_LABELS:
                    self.block.lender_page = self.block.lender_page or item.page
        self.labels = self.label_xs = None

    def grid_row(self, item: Item) -> bool:
        cells = [F.squash(c) for c in item.cells] if item.is_row else (item.text or "").split()
        cells = [c for c in cells if c]
        if not cells:
            return False
        if _YEAR.match(cells[0]) and all(_GRID_SYMBOL.match(c) for c in cells[1:]):
            assert self.block is not None
            self.block.overdue_months += sum(1 for c in cells[1:] if _OVERDUE_SYMBOL.match(c))
            return True
        # the month header (1..12) and amount rows are numbers only
        return all(re.fullmatch(r"[\d,]+|--", c) for c in cells)

    def inquiry(self, item: Item, text: str) -> None:
        """A 查询记录 row, read by its table's column labels (编号, 查询日期, 查询机构 or 查询操作员,
        查询原因) when the label row was seen: an operator column, column order and other grids do
        not matter, and a row holding only the rest of a wrapped cell continues the row above.
        Without labels: 编号, date, institution…, reason."""
        cells = [F.squash(c) for c in item.cells] if item.is_row else (item.text or "").split()
        names = {norm_label(c) for c in cells}
        if "查询日期" in names and "查询原因" in names:
            self.inquiry_labels = ([norm_label(c) for c in item.cells or cells],
                                   item.xs if item.is_row and item.xs is not None and len(item.xs) == len(item.cells or ()) else None)
            return
        if self.inquiry_labels is not None and item.is_row:
            labels, xs = self.inquiry_labels
            got = dict(aligned(labels, xs, item))
            institution = got.get("查询机构") or got.get("查询操作员") or ""
            reason = got.get("查询原因", "")
            if not got.get("编号") and not got.get("查询日期") and self.inquiries and (institution or reason):
                last = self.inquiries[-1]  # the rest of a wrapped cell, on a row of its own
                self.inquiries[-1] = Inquiry(date=last.date, institution=last.institution + institution,
                                             reason=last.reason + reason)
                return
            try:
                when = F.day(got.get("查询日期"))
            except F.FieldError:
                return
            if when is not None and got.get("编号", "").isdigit():
                if not institution and reason.startswith("本人查询"):
                    institution = "本人"
                self.inquiries.append(Inquiry(date=when, institution=institution, reason=reason))
            return
        cells = [c for c in cells if c]
        if len(cells) < 4 or not cells[0].isdigit():
            return
        try:
            when = F.day(cells[1])
        except F.FieldError:
            return
        if when is not None:
            self.inquiries.append(Inquiry(date=when, institution="".join(cells[2:-1]), reason=cells[-1]))

    # -- building records ------------------------------------------------------------------
    def close_block(self) -> None:
        block, self.block = self.block, None
        self.labels, self.label_xs, self.in_grid = None, None, False
        if block is None:
            return
        if block.kind == "agreement":
            self.agreements.append(self.agreement(block))
        elif block.kind == "liability":
            self.liabilities.append(self.liability(block))
        elif block.kind == "account" and block.family is not None:
            self.accounts.append(self.account(block))

    def value(self, block: Block, parse: Callable[[str | None], object], *labels: str) -> object:
        for label in labels:
            if label in block.values:
                raw = block.values[label]
                try:
                    return parse(raw)
                except F.FieldError:
                    self.checks.append(Check("warning", "unreadable_field",
                                             f"第{block.page}页 {label} 无法识别：{raw[:20]}",
                                             f"page {block.page}: cannot read {label}: {raw[:20]}"))
                    return None
        return None

    def agreement(self, block: Block) -> Agreement:
        v = lambda parse, *labels: self.value(block, parse, *labels)  # noqa: E731
        return Agreement(
            ref=f"P{len(self.agreements) + 1}", lender=block.values.get("管理机构", ""),
            agreement_id=v(F.text, "授信协议标识"), effective=v(F.day, "生效日期"), expires=v(F.day, "到期日期"),
            purpose=v(F.text, "授信额度用途"), limit=v(F.amount, "授信额度"), cap=v(F.amount, "授信限额"),
            used=v(F.amount, "已用额度"), currency=v(F.currency, "币种", "账户币种") or "CNY", page=block.page, where=block.where(),
        )

    def liability(self, block: Block) -> Liability:
        """相关还款责任: the main borrower's name and ID number are read past, never kept."""
        v = lambda parse, *labels: self.value(block, parse, *labels)  # noqa: E731
        return Liability(
            ref=f"L{len(self.liabilities) + 1}", lender=block.values.get("管理机构", ""), opened=v(F.day, "开立日期"),
            for_whom=block.heading.get("for_whom", "个人"), role=v(F.text, "责任人类型"),
            amount=v(F.amount, "还款责任金额"), balance=v(F.amount, "余额"), as_of=block.as_of, page=block.page, where=block.where(),
        )

    def status(self, block: Block) -> tuple[str | None, Status, str | None]:
        """(账户状态 as printed, its status, a closing date printed into the same cell).

        A word the vocabulary does not hold is ``other`` with a warning, never normal (contract
        Additions 2026-12); a missing one is an error: the block was not read whole."""
        raw = block.sentence_status or block.values.get("账户状态") or block.values.get("状态")
        if raw is None or F.is_placeholder(raw):
            self.checks.append(Check("error", "missing_status",
                                     f"第{block.page}页的账户缺少“账户状态”，可能没有读全",
                                     f"the account on page {block.page} has no 账户状态; it may be incomplete"))
            return None, Status.OTHER, None
        if raw in F.STATUS_WORDS:
            return raw, F.STATUS_WORDS[raw], None
        m = _DATED_STATUS.fullmatch(F.ascii_punct(raw))
        if m and m.group(2) in F.STATUS_WORDS and (m.group(1) or m.group(3)):
            try:
                return m.group(2), F.STATUS_WORDS[m.group(2)], F.day_or_month(m.group(1) or m.group(3))
            except F.FieldError:
                pass
        self.checks.append(Check("warning", "unknown_status",
                                 f"第{block.page}页的账户状态“{raw[:20]}”无法识别：按“其他”处理，不据此给出关闭建议，请核对原件",
                                 f"page {block.page}: account status “{raw[:20]}” is not known; taken as other, "
                                 "no closing advice rests on it; check the paper"))
        return raw, Status.OTHER, None

    def account(self, block: Block) -> Account:
        v = lambda parse, *labels: self.value(block, parse, *labels)  # noqa: E731
        family = block.family
        assert family is not None
        raw_status, status, closed_on = self.status(block)
        semi = family is Family.SEMI_CREDIT_CARD
        return Account(
            ref=f"A{len(self.accounts) + 1}",
            family=family,
            lender=block.values.get("管理机构") or block.values.get("发卡机构") or "",
            opened=v(F.day, "开立日期", "债权接收日期"),
            due=v(F.day, "到期日期"),
            amount=v(F.amount, "借款金额", "债权金额"),
            credit_limit=v(F.amount, "账户授信额度"),
            shared_limit=v(F.amount, "共享授信额度"),
            currency=v(F.currency, "账户币种", "币种") or "CNY",
            business_type=v(F.text, "业务种类"),
            status=status,
            status_raw=raw_status or None,
            five_class=v(F.text, "五级分类"),
            balance=v(F.amount, "透支余额" if semi else "余额"),
            used=v(F.amount, "已用额度") if family is Family.CREDIT_CARD else None,
            as_of=block.as_of,
            closed_on=v(F.day_or_month, "账户关闭日期", "销户日期", "转出月份") or closed_on,
            account_id=v(F.text, "账户标识"),
            agreement_id=block.heading.get("授信协议标识") or None,
            card_tail=block.heading.get("卡片尾号") or None,
            overdue_months_5y=block.overdue_months if block.grid_seen else None,
            page=block.page,
            where=block.where(),
        )
