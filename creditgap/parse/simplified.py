"""The 简版 parser, sentence style, both generations (report-format.md §5).

Lines of all pages are walked once. Page furniture (footer, the repeated 报告编号 / 姓名 lines)
is dropped; inside an account section the remaining lines are joined without spaces, so a
sentence, a lender name or a number broken across lines or pages comes back whole; the text is
split at list ordinals (``3.`` followed by a date) and each sentence is read by the templates of
§5.3 (simplified_sentences). A sentence no template reads becomes an ``error`` check, never a
silent loss; so does a number skipped in a section's list (items are numbered 1, 2, … through a
section). 信息概要 is read by its
labels (simplified_summary), the official 二代 grid included (spec §7.1).
Markers: 信贷记录, 这部分包含您的信用卡, 发生过逾期的账户明细如下 (spec §1 routing heuristics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import fields as F
from ..model import Account, Check, Header, Inquiry, Liability, Report, Status, Summary, Where
from ..read.document import PdfText
from ..read.items import Item, union
from .common import FOOTER, NO_CREDIT_HISTORY, header_fields
from .simplified_sentences import SentenceError, norm, parse_liability, parse_sentence
from .simplified_summary import BriefSummary, check_brief_summary, summary_debt

__all__ = ["SimplifiedParser", "SentenceError", "parse_sentence", "parse_liability"]

MARKERS = ("信贷记录", "这部分包含您的信用卡", "明细如下")
ACCOUNT_SECTIONS = {"资产处置信息", "垫款信息", "保证人代偿信息", "信用卡", "贷款", "购房贷款", "其他贷款", "其他业务",
                    "相关还款责任信息", "为他人担保信息"}
OTHER_SECTIONS = {"信贷记录", "信息概要", "非信贷交易记录", "公共记录", "查询记录", "机构查询记录明细", "个人查询记录明细",
                  "本人查询记录明细",
                  "说明", "机构说明", "本人声明", "异议标注"}
LIABILITY_SECTIONS = {"相关还款责任信息", "为他人担保信息"}  # others' debts: kept apart from the accounts

# 查询原因 (spec §4.4): rows are read by this vocabulary, so a wrapped cell or a lost cell border
# does not matter; longest first so that 资信审查 does not cut 法人代表、负责人、高管等资信审查.
REASONS = sorted(["贷后管理", "贷款审批", "信用卡审批", "担保资格审查", "司法调查", "公积金提取复核", "特约商户实名审查",
                  "保前审查", "保后管理", "法人代表、负责人、高管等资信审查", "客户准入资格审查", "融资审批", "资信审查",
                  "额度审批", "异议处理", "本人查询", "其他"], key=len, reverse=True)
_DATE_CELL = r"(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[.\-]\d{1,2}[.\-]\d{1,2})"
_INQUIRY = re.compile(rf"(\d{{1,3}})({_DATE_CELL})((?:(?!\d{{1,3}}{_DATE_CELL}).)*?)(本人查询[（(][^）)]*[）)]|{'|'.join(REASONS)})"
                      rf"(?=\d{{1,3}}{_DATE_CELL}|$)")
_INQUIRY_START = re.compile(rf"(?:^|(?<=\D))\d{{1,3}}(?={_DATE_CELL})")

# List ordinals (``3.``) start items; one is followed by the item's date, or stands alone at the
# end of a line whose item goes on after the page furniture (spec §7).
_ORDINAL = re.compile(r"(\d{1,3})\.(?=\d{4}年)")
_LINE_ORDINAL = re.compile(r"^\d{1,3}\.(?:\d{4}年|$)")
_GROUP_END = re.compile(r"\d,\d{3}$")
_SUBGROUP = re.compile(r"^(?:[^\d].{0,40}明细如下:?|为个人|为企业)$")
# Logo and notice text some copies carry in their text layer (spec §7.3): the reference centre's
# name, and the box 本报告仅供您了解自身信用状况… in pieces as it wraps.
_LOGO = re.compile(r"^(?:中国人民银行)?征信中心$|^CreditReferenceCenter", re.IGNORECASE)
_NOTICE = norm("本报告仅供您了解自身信用状况，请妥善保管。因保管不当造成个人隐私泄露的，征信中心将不承担相关责任。")




def is_furniture(text: str) -> bool:
    """A page footer, the reference centre's logo, or a piece of its notice box (``text`` normalised)."""
    return bool(FOOTER.fullmatch(text) or _LOGO.match(text) or (len(text) >= 4 and text in _NOTICE))


@dataclass
class _Buffer:
    """Joined text of an account section (or one of its subgroups), with the page each character
    came from and where each printed line starts."""

    section: str
    text: str = ""
    pages: list[tuple[int, int]] = field(default_factory=list)  # (offset, page)
    line_starts: set[int] = field(default_factory=set)
    boxes: list[tuple[int, int, int, tuple[float, float, float, float] | None]] = field(default_factory=list)  # (start, end, page, box)

    def add(self, line: str, page: int, box: tuple[float, float, float, float] | None = None) -> None:
        self.pages.append((len(self.text), page))
        self.line_starts.add(len(self.text))
        self.boxes.append((len(self.text), len(self.text) + len(line), page, box))
        self.text += line

    def where(self, start: int, end: int) -> Where | None:
        """The outline of the printed lines holding text[start:end] on the page where it starts."""
        page = self.page_at(start)
        box = union(b for s, e, p, b in self.boxes if p == page and s < end and e > start)
        return Where(page, box) if box else None

    def page_at(self, offset: int) -> int:
        page = self.pages[0][1] if self.pages else 0
        for start, p in self.pages:
            if start > offset:
                break
            page = p
        return page

    def items(self, due: int) -> list[re.Match[str]]:
        """The ordinals that start items, ``due`` being the number the next item should carry.

        An ordinal starts an item at the start of a printed line or after a sentence's 。 (a number
        may be skipped: an item lost, reported by the caller); inside a line only when it is the
        very number due (a line the text layer joined to the one before, a sentence without its
        。). The first item of a subgroup may number from 1 again.
        """
        text = self.text
        # a number starts after a non-digit, at a line start, or after a whole thousands group (80,000|2.)
        candidates = sorted({p for p in range(len(text)) if text[p].isdigit() and (
            p == 0 or not text[p - 1].isdigit() or (p >= 5 and _GROUP_END.match(text, p - 5, p)))}
            | {p for p in self.line_starts if p < len(text) and text[p].isdigit()})
        found: list[re.Match[str]] = []
        for p in candidates:
            m = _ORDINAL.match(text, p)
            if m is None or (found and p < found[-1].end()):
                continue
            n, before = int(m.group(1)), text[p - 1] if p else ""
            strong = p == 0 or p in self.line_starts or before in ("。", ";")
            if n >= 1 and ((strong and (n >= due or (not found and n == 1))) or (n == due and before not in (",", "."))):
                found.append(m)
                due = n + 1
        return found


class SimplifiedParser:
    name = "simplified"
    description = "简版（一代、二代），句子式"

    def identify(self, doc: PdfText) -> bool:
        text = F.squash(doc.first_text())
        # the title, or the header lines a 2nd-generation page repeats (a copy without its first page)
        titled = "个人信用报告" in text or ("报告编号" in text and "姓名" in text and "证件号码" in text)
        return (titled and any(m in text for m in MARKERS)
                and "信贷交易信息明细" not in text and "企业信用报告" not in text)

    def extract(self, doc: PdfText) -> Report:
        return _Walker().run(doc.all_lines())


class _Walker:
    def __init__(self) -> None:
        self.header_lines: list[str] = []
        self.section: str | None = None
        self.pending: list[str] = []  # section words inside 信息概要: a heading, or the grid's header cells?
        self.buffer: _Buffer | None = None
        self.accounts: list[Account] = []
        self.sections: dict[str, str] = {}  # account ref → the section it was listed in
        self.next_item: dict[str, int] = {}  # section → the number its next item should carry
        self.liabilities: list[Liability] = []
        self.inquiries: list[Inquiry] = []
        self.checks: list[Check] = []
        self.summary = BriefSummary()
        self.inquiry_text: list[tuple[str, int]] = []
        self.no_credit_history = False

    def run(self, items: object) -> Report:
        for item in items:  # type: ignore[attr-defined]
            self.feed(item)
        if self.pending:
            self.open(self.pending[-1])
        self.flush()
        report_no, report_time = header_fields(" ".join(self.header_lines))
        joined = " ".join(self.header_lines)
        name = re.search(r"姓名[:：]\s*(\S+?)\s*证件类型", joined)
        id_no = re.search(r"证件号码[:：]\s*([0-9Xx*]+)", joined)
        header = Header(layout="simplified", generation=1 if "查询时间" in joined else 2, report_no=report_no,
                        report_time=report_time, subject_name=name.group(1) if name else None,
                        subject_id=id_no.group(1) if id_no else None)
        summary = Summary(debt=summary_debt(self.summary), no_credit_history=self.no_credit_history)
        report = Report(header=header, accounts=tuple(self.accounts), inquiries=tuple(self.inquiries),
                        liabilities=tuple(self.liabilities), summary=summary,
                        checks=tuple(self.summary.checks + self.checks))
        return report.with_checks(*check_brief_summary(report, self.sections))

    # -- the walk ---------------------------------------------------------------------------
    def feed(self, item: Item) -> None:
        raw = item.joined()
        text = norm(raw)
        if not text or is_furniture(text):
            return
        if NO_CREDIT_HISTORY.search(text):
            self.no_credit_history = True
        if "报告编号" in text or ("证件号码" in text and "姓名" in text):
            if self.section in (None, "个人信用报告") and raw not in self.header_lines:
                self.header_lines.append(raw)
            return  # after the first page: the header lines again
        if text in ACCOUNT_SECTIONS and self.section == "信息概要":
            self.pending.append(text)  # a lone 贷款 is the grid's header cell over 购房 and 其他 (spec §7.1)
            return
        if self.pending:  # what follows section words in 信息概要 says what they were
            words, self.pending = self.pending, []
            heading = text in OTHER_SECTIONS or _SUBGROUP.match(text) or _LINE_ORDINAL.match(text)
            for word in words[:-1] if heading else words:
                self.summary.header_cell(word)
            if heading:
                self.open(words[-1])
        if text in ACCOUNT_SECTIONS or text in OTHER_SECTIONS or text == "个人信用报告":
            self.open(text)
            return
        if self.buffer is not None:
            if _SUBGROUP.match(text):
                self.flush()
                self.buffer = _Buffer(self.section or "")
            else:
                self.buffer.add(text, item.page, item.box)
            return
        if self.section == "信息概要":
            self.summary.line(" ".join(c or "" for c in item.cells or ()) if item.is_row else raw.replace("\u3000", " "))
        elif self.section in ("机构查询记录明细", "个人查询记录明细", "本人查询记录明细", "查询记录"):
            self.inquiry_text.append((F.squash(raw), item.page))  # as printed: brackets stay as they are

    def open(self, section: str) -> None:
        self.flush()
        self.section = section
        self.buffer = _Buffer(section) if section in ACCOUNT_SECTIONS else None
        self.next_item[section] = 1

    def flush(self) -> None:
        self.flush_inquiries()
        buffer, self.buffer = self.buffer, None
        if buffer is None or not buffer.text:
            return
        section = buffer.section
        starts = buffer.items(self.next_item.get(section, 1))
        if not starts:
            self.checks.append(Check("error", "unparsed_text", f"第{buffer.page_at(0)}页“{section}”部分有无法识别的文字",
                                     f"page {buffer.page_at(0)}: text in “{section}” could not be read"))
            return
        due = self.next_item.get(section, 1)
        for n, m in enumerate(starts):
            end = starts[n + 1].start() if n + 1 < len(starts) else len(buffer.text)
            number, page = int(m.group(1)), buffer.page_at(m.start())
            if n == 0 and number == 1:
                due = 1  # a section, or a subgroup that numbers from 1 again
            for missing in range(due, number):  # items are numbered 1, 2, … : a number skipped is an item not read
                self.checks.append(Check(
                    "error", "missing_item",
                    f"第{page}页“{section}”第{missing}条没有读出（编号不连续），这个账户没有计入",
                    f"page {page}: item {missing} of “{section}” was not read (its number is skipped) "
                    "and is not counted"))
            due = max(due, number + 1)
            self.item(section, m.group(1), buffer.text[m.end():end], page, buffer.where(m.start(), end))
        self.next_item[section] = due

    def item(self, section: str, number: str, sentence: str, page: int, where: Where | None = None) -> None:
        """One numbered item: an account, a liability, or an error check naming it."""
        try:
            if section in LIABILITY_SECTIONS:
                fields = parse_liability(sentence)
                self.liabilities.append(Liability(**{**fields, "ref": f"L{len(self.liabilities) + 1}", "page": page,
                                                       "where": where}))
                return
            unknown: list[str] = []
            account = parse_sentence(sentence, section, unknown)
        except (SentenceError, F.FieldError):
            self.checks.append(Check(
                "error", "unparsed_sentence",
                f"第{page}页“{section}”第{number}条无法识别，这个账户没有计入：{sentence[:14]}…",
                f"page {page}: item {number} of “{section}” could not be read and is not counted"))
            return
        ref = f"A{len(self.accounts) + 1}"
        for clause in unknown:
            if account["status"] is Status.OTHER and account.get("status_raw") == clause:
                self.checks.append(Check(
                    "warning", "unknown_status",
                    f"第{page}页“{section}”第{number}条（{ref}）的状态“{clause[:20]}”无法识别，按“其他”处理，请核对原文",
                    f"page {page}: item {number} of “{section}” ({ref}) states “{clause[:20]}”, a status "
                    "creditgap does not know; read as other, check the original"))
                continue
            self.checks.append(Check(
                "warning", "unknown_clause",
                f"第{page}页“{section}”第{number}条（{ref}）有一句无法识别，账户已计入，请核对原文：{clause[:30]}",
                f"page {page}: item {number} of “{section}” ({ref}) has a clause that could not be read; "
                f"the account is kept, check the original: {clause[:30]}"))
        self.sections[ref] = section
        self.accounts.append(Account(**{**account, "ref": ref, "page": page, "where": where}))

    # -- tables -----------------------------------------------------------------------------
    def flush_inquiries(self) -> None:
        """Rows of a 查询记录 table from its text joined whole: 编号, 日期, 机构, then a known 查询原因."""
        lines, self.inquiry_text = self.inquiry_text, []
        text = "".join(t for t, _ in lines if not t.startswith("编号"))
        if not text:
            return
        rows = list(_INQUIRY.finditer(text))
        for m in rows:
            when = F.day(m.group(2))
            institution = m.group(3) or ("本人" if m.group(4).startswith("本人查询") else "")  # 本人 not printed
            if when is not None:
                self.inquiries.append(Inquiry(date=when, institution=institution, reason=m.group(4)))
        starts = len(_INQUIRY_START.findall(text))
        if starts > len(rows):
            page = lines[0][1]
            self.checks.append(Check("warning", "unread_inquiries", f"第{page}页起的查询记录有 {starts - len(rows)} 条无法识别",
                                     f"{starts - len(rows)} inquiry rows from page {page} could not be read"))
