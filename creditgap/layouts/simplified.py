"""Stage 2: the 简版 parser, sentence style, both generations (report-format.md §5).

Lines of all pages are walked once. Page furniture (footer, the repeated 报告编号 / 姓名 lines)
is dropped; inside an account section the remaining lines are joined without spaces, so a
sentence, a lender name or a number broken across lines or pages comes back whole; the text is
split at list ordinals (``3.`` followed by a date) and each sentence is read by the templates of
§5.3. A sentence no template reads becomes an ``error`` check, never a silent loss.
Markers: 信贷记录, 这部分包含您的信用卡, 发生过逾期的账户明细如下 (spec §1 routing heuristics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import fields as F
from ..model import Account, Check, DebtSummary, Family, Header, Inquiry, Liability, Report, Status, Summary
from ..pdftext import Item, PdfText
from .common import FOOTER, NO_CREDIT_HISTORY, header_fields

MARKERS = ("信贷记录", "这部分包含您的信用卡", "明细如下")
ACCOUNT_SECTIONS = {"资产处置信息", "垫款信息", "保证人代偿信息", "信用卡", "贷款", "购房贷款", "其他贷款", "其他业务",
                    "相关还款责任信息", "为他人担保信息"}
OTHER_SECTIONS = {"信贷记录", "信息概要", "非信贷交易记录", "公共记录", "查询记录", "机构查询记录明细", "个人查询记录明细",
                  "本人查询记录明细",
                  "说明", "机构说明", "本人声明", "异议标注"}
LIABILITY_SECTIONS = {"相关还款责任信息", "为他人担保信息"}  # others' debts: kept apart from the accounts

# Like fields.ascii_punct, but 。 stays: a sentence ends with it and the list is split after it.
_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})
D = r"(\d{4}年\d{1,2}月\d{1,2}日)"
M = r"(\d{4}年\d{1,2}月)"
AMT = r"(-?\d{1,3}(?:,\d{3})+(?![\d])|-?\d+|--)"  # 67,600,2022年…: the amount ends before 2022
_ORDINAL = re.compile(r"(?:^|(?<=。))(\d{1,3})\.(?=\d{4}年)")
_SUBGROUP = re.compile(r"^(?:[^\d].{0,40}明细如下:?|为个人|为企业)$")

# Heads: what an item is (spec §5.3). Everything after the head is a list of clauses.
_CARD = re.compile(rf"^{D}(?P<inst>.+?)发放的(?P<kind>准贷记卡|贷记卡)(?:\((?P<br>[^()]*)\))?")
_LINE = re.compile(rf"^{D}(?P<inst>.+?)为(?P<bt>[^,。]+?)授信")
_LOAN = re.compile(rf"^{D}(?P<inst>.+?)(?:发放|办理)的{AMT}元\((?P<ccy>[^)]+)\)(?P<bt>[^,。]+)")
_PARTY = r"为(?P<whom>.+?)\(证件类型:(?P<idtype>[^,]+),证件号码:[^)]*\)在(?P<inst>.+?)办理的"
_LIABILITY = re.compile(rf"^{D},{_PARTY}[^,。]*?承担相关还款责任,责任人类型为(?P<role>[^,]+),"
                        rf"相关还款责任金额(?P<amount>{AMT[1:-1]})(?:\(保证合同编号:[^)]*\))?。"
                        rf"截至(?P<asof>\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?),[^,。]*?余额(?P<balance>{AMT[1:-1]})")
_GUARANTEE = re.compile(rf"^{D},{_PARTY}(?:贷款|贷记卡)提供担保,担保(?:贷款合同金额|授信额度){AMT},"
                        rf"担保金额(?P<amount>{AMT[1:-1]})。截至(?P<asof>\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?),"
                        rf"担保贷款余额(?P<balance>{AMT[1:-1]})")
_DISPOSAL = re.compile(rf"^{D}(?P<inst>.+?)接收债权,金额为{AMT}")
_ADVANCE = re.compile(rf"^{D}以来(?P<inst>.+?)累计代偿金额{AMT}")

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
    ("ended", rf"(?:{M})?(已?)(结清|转出|销户)"),
    ("ended_on", rf"(已)于{M}(结清|转出|销户)"),  # 已于2009年11月结清
    ("inactive", r"尚未激活"),
    ("bad_debt", r"已?变成呆账"),
    ("history", r"最近5年内有(\d+)个月(?:处于逾期状态|透支超过60天)"),
    ("history_90", r"(?:其中\d+个月(?:逾期|透支)超过90天|没有发生过90天以上逾期|从未发生过逾期|最近5年内(?:没有|无)逾期)"),
    ("last_payment", rf"最近一次还款日期为{D}"),
]]


# 查询原因 (spec §4.4): rows are read by this vocabulary, so a wrapped cell or a lost cell border
# does not matter; longest first so that 资信审查 does not cut 法人代表、负责人、高管等资信审查.
REASONS = sorted(["贷后管理", "贷款审批", "信用卡审批", "担保资格审查", "司法调查", "公积金提取复核", "特约商户实名审查",
                  "保前审查", "保后管理", "法人代表、负责人、高管等资信审查", "客户准入资格审查", "融资审批", "资信审查",
                  "额度审批", "异议处理", "本人查询", "其他"], key=len, reverse=True)
_DATE_CELL = r"(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[.\-]\d{1,2}[.\-]\d{1,2})"
_INQUIRY = re.compile(rf"(\d{{1,3}})({_DATE_CELL})((?:(?!\d{{1,3}}{_DATE_CELL}).)*?)(本人查询[（(][^）)]*[）)]|{'|'.join(REASONS)})"
                      rf"(?=\d{{1,3}}{_DATE_CELL}|$)")
_INQUIRY_START = re.compile(rf"(?:^|(?<=\D))\d{{1,3}}(?={_DATE_CELL})")

SUMMARY_ROWS = {"账户数": "accounts", "未结清/未销户账户数": "open_accounts", "发生过逾期的账户数": "overdue_accounts",
                "发生过90天以上逾期的账户数": "overdue_90_accounts", "相关还款责任账户数": "accounts"}
COLUMN_WORDS = {"信用卡": "信用卡", "购房贷款": "购房贷款", "购房": "购房贷款", "其他贷款": "其他贷款", "其他": "其他贷款",
                "其他业务": "其他业务", "贷款": "贷款", "资产处置信息": "资产处置", "垫款信息": "垫款",
                "为个人": "为个人", "为企业": "为企业"}


class SentenceError(ValueError):
    """A numbered sentence no template reads."""


def _norm(text: str) -> str:
    return F.squash(text).translate(_WIDTH)


@dataclass
class _Buffer:
    """Joined text of an account section, with the page each character came from."""

    section: str
    text: str = ""
    pages: list[tuple[int, int]] = field(default_factory=list)  # (offset, page)

    def add(self, line: str, page: int) -> None:
        self.pages.append((len(self.text), page))
        self.text += line

    def page_at(self, offset: int) -> int:
        page = self.pages[0][1] if self.pages else 0
        for start, p in self.pages:
            if start > offset:
                break
            page = p
        return page


class SimplifiedParser:
    name = "simplified"
    description = "简版（一代、二代），句子式"

    def identify(self, doc: PdfText) -> bool:
        text = F.squash(doc.first_text())
        return ("个人信用报告" in text and any(m in text for m in MARKERS)
                and "信贷交易信息明细" not in text and "企业信用报告" not in text)

    def extract(self, doc: PdfText) -> Report:
        return _Walker().run(doc.all_lines())


class _Walker:
    def __init__(self) -> None:
        self.header_lines: list[str] = []
        self.section: str | None = None
        self.buffer: _Buffer | None = None
        self.accounts: list[Account] = []
        self.liabilities: list[Liability] = []
        self.inquiries: list[Inquiry] = []
        self.checks: list[Check] = []
        self.columns: list[str] = []
        self.inquiry_text: list[tuple[str, int]] = []
        self.last_was_header = False
        self.debt: dict[str, dict[str, int | None]] = {}
        self.no_credit_history = False

    def run(self, items: object) -> Report:
        for item in items:  # type: ignore[attr-defined]
            self.feed(item)
        self.flush()
        report_no, report_time = header_fields(" ".join(self.header_lines))
        joined = " ".join(self.header_lines)
        name = re.search(r"姓名[:：]\s*(\S+?)\s*证件类型", joined)
        id_no = re.search(r"证件号码[:：]\s*([0-9Xx*]+)", joined)
        header = Header(layout="simplified", generation=1 if "查询时间" in joined else 2, report_no=report_no,
                        report_time=report_time, subject_name=name.group(1) if name else None,
                        subject_id=id_no.group(1) if id_no else None)
        summary = Summary(debt={k: DebtSummary(**v) for k, v in self.debt.items()}, no_credit_history=self.no_credit_history)
        report = Report(header=header, accounts=tuple(self.accounts), inquiries=tuple(self.inquiries),
                        liabilities=tuple(self.liabilities), summary=summary, checks=tuple(self.checks))
        return report.with_checks(*check_brief_summary(report))

    # -- the walk ---------------------------------------------------------------------------
    def feed(self, item: Item) -> None:
        raw = item.joined()
        text = _norm(raw)
        if not text or FOOTER.fullmatch(text):
            return
        if NO_CREDIT_HISTORY.search(text):
            self.no_credit_history = True
        if "报告编号" in text or ("证件号码" in text and "姓名" in text):
            if self.section in (None, "个人信用报告") and raw not in self.header_lines:
                self.header_lines.append(raw)
            return  # after the first page: the header lines again
        if text in ACCOUNT_SECTIONS or text in OTHER_SECTIONS or text == "个人信用报告":
            self.flush()
            self.section = text
            self.buffer = _Buffer(text) if text in ACCOUNT_SECTIONS else None
            return
        if self.buffer is not None:
            if _SUBGROUP.match(text):
                self.flush()
                self.buffer = _Buffer(self.section or "")
            else:
                self.buffer.add(text, item.page)
            return
        if self.section == "信息概要":
            self.summary_line(item)
        elif self.section in ("机构查询记录明细", "个人查询记录明细", "本人查询记录明细", "查询记录"):
            self.inquiry_text.append((F.squash(raw), item.page))  # as printed: brackets stay as they are

    def flush(self) -> None:
        self.flush_inquiries()
        buffer, self.buffer = self.buffer, None
        if buffer is None or not buffer.text:
            return
        starts = [m for m in _ORDINAL.finditer(buffer.text)]
        if not starts:
            self.checks.append(Check("error", "unparsed_text", f"第{buffer.page_at(0)}页“{buffer.section}”部分有无法识别的文字",
                                     f"page {buffer.page_at(0)}: text in “{buffer.section}” could not be read"))
            return
        for n, m in enumerate(starts):
            end = starts[n + 1].start() if n + 1 < len(starts) else len(buffer.text)
            sentence = buffer.text[m.end():end]
            page = buffer.page_at(m.start())
            try:
                if buffer.section in LIABILITY_SECTIONS:
                    fields = parse_liability(sentence)
                    ref = f"L{len(self.liabilities) + 1}"
                    self.liabilities.append(Liability(**{**fields, "ref": ref, "page": page}))
                    continue
                unknown: list[str] = []
                account = parse_sentence(sentence, buffer.section, unknown)
            except (SentenceError, F.FieldError):
                self.checks.append(Check(
                    "error", "unparsed_sentence",
                    f"第{page}页“{buffer.section}”第{m.group(1)}条无法识别，这个账户没有计入：{sentence[:14]}…",
                    f"page {page}: item {m.group(1)} of “{buffer.section}” could not be read and is not counted"))
                continue
            ref = f"A{len(self.accounts) + 1}"
            for clause in unknown:
                self.checks.append(Check(
                    "warning", "unknown_clause",
                    f"第{page}页“{buffer.section}”第{m.group(1)}条（{ref}）有一句无法识别，账户已计入，请核对原文：{clause[:30]}",
                    f"page {page}: item {m.group(1)} of “{buffer.section}” ({ref}) has a clause that could not be read; "
                    f"the account is kept, check the original: {clause[:30]}"))
            self.accounts.append(Account(**{**account, "ref": ref, "page": page}))

    # -- tables -----------------------------------------------------------------------------
    def summary_line(self, item: Item) -> None:
        cells = [F.squash(c) for c in item.cells if c and F.squash(c)] if item.is_row else (item.text or "").split()
        cells = [c.translate(_WIDTH) for c in cells]
        if cells and all(c in COLUMN_WORDS for c in cells):
            names = [COLUMN_WORDS[c] for c in cells]
            if self.last_was_header and "贷款" in self.columns:  # second row under a spanning 贷款
                at = self.columns.index("贷款")
                names = self.columns[:at] + names + self.columns[at + 1:]
            self.columns, self.last_was_header = names, True
            return
        self.last_was_header = False
        if cells and cells[0] in SUMMARY_ROWS and self.columns:
            key = SUMMARY_ROWS[cells[0]]
            for column, value in zip(self.columns, cells[1:]):
                try:
                    self.debt.setdefault(column, {})[key] = F.count(value)
                except F.FieldError:
                    self.checks.append(Check("warning", "unreadable_field", f"信息概要 {cells[0]} 无法识别：{value}",
                                             f"summary {cells[0]}: cannot read {value}"))

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


# --- sentences ---------------------------------------------------------------------------------


def parse_sentence(sentence: str, section: str, unknown: list[str] | None = None) -> dict[str, object]:
    """The Account fields a 简版 item states (without ref and page).

    The item is split into its head (date, lender, what was issued) and its clauses, each read on
    its own and in any order. A clause no rule reads is appended to ``unknown`` (when given) and
    the account is kept; only a head that cannot be read raises SentenceError.
    """
    s = _norm(sentence).strip()
    if section in ("资产处置信息", "垫款信息", "保证人代偿信息"):
        m = _DISPOSAL.match(s) or _ADVANCE.match(s)
        if not m:
            raise SentenceError(s[:20])
        out: dict[str, object] = dict(family=Family.RECOVERED, opened=F.day(m.group(1)), lender=m.group("inst"),
                                      amount=F.amount(m.group(3)), currency="CNY",
                                      business_type="资产处置" if section == "资产处置信息" else "垫款")
    elif m := _CARD.match(s):
        bracket = m.group("br") or ""
        ccy = re.search(r"([^,:]+?)账户", bracket)
        tail = re.search(r"卡片尾号:?(\d{4})", bracket)
        out = dict(family=Family.SEMI_CREDIT_CARD if m.group("kind") == "准贷记卡" else Family.CREDIT_CARD,
                   opened=F.day(m.group(1)), lender=m.group("inst"),
                   currency=F.currency(ccy.group(1)) if ccy else "CNY", card_tail=tail.group(1) if tail else None)
    elif m := _LINE.match(s):
        out = dict(family=Family.REVOLVING, opened=F.day(m.group(1)), lender=m.group("inst"), business_type=m.group("bt"),
                   currency="CNY")
    elif m := _LOAN.match(s):
        out = dict(family=Family.LOAN, opened=F.day(m.group(1)), lender=m.group("inst"), amount=F.amount(m.group(3)),
                   currency=F.currency(m.group("ccy")), business_type=m.group("bt"))
    else:
        raise SentenceError(s[:20])
    said: dict[str, object] = {}
    for clause in _CLAUSE_END.split(s[m.end():]):
        if clause := clause.strip():
            if not _read_clause(clause, said):
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
            said["overdue"] = (F.amount(c.group(1)) or 0) > 0
        elif name == "current":
            said["overdue"] = c.group(1) == "有"
        elif name == "ended":
            said["ended"] = (c.group(3), c.group(2) + c.group(3), F.month(c.group(1)) if c.group(1) else None)
        elif name == "ended_on":
            said["ended"] = (c.group(3), c.group(1) + c.group(3), F.month(c.group(2)))
        elif name == "inactive":
            said["inactive"] = True
        elif name == "bad_debt":
            said["bad_debt"] = True
        elif name == "history":
            said["overdue_months_5y"] = int(c.group(1))
        return True
    return False


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
    if said.get("inactive"):
        return {**out, "status": Status.INACTIVE, "status_raw": "尚未激活"}
    if said.get("bad_debt"):
        return {**out, "status": Status.BAD_DEBT, "status_raw": "呆账"}
    if family is Family.RECOVERED or said.get("overdue"):
        return {**out, "status": Status.OVERDUE}
    return {**out, "status": Status.NORMAL}


def parse_liability(sentence: str) -> dict[str, object]:
    """What a 相关还款责任 (2nd gen) or 为他人担保 (1st gen) sentence states, the other party left out."""
    s = _norm(sentence)
    m = _LIABILITY.match(s) or _GUARANTEE.match(s)
    if not m:
        raise SentenceError(s[:20])
    role = m.groupdict().get("role") or "保证人"
    return dict(lender=m.group("inst"), opened=F.day(m.group(1)), role=role,
                for_whom="企业" if m.group("idtype") in ("中征码", "统一社会信用代码") else "个人",
                amount=F.amount(m.group("amount")), balance=F.amount(m.group("balance")),
                as_of=F.day_or_month(m.group("asof")))


# --- checks ------------------------------------------------------------------------------------


def brief_column(a: Account) -> str | None:
    """The 信息概要 column an account counts in."""
    if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD):
        return "信用卡"
    if a.family is Family.RECOVERED:
        return a.business_type
    bt = a.business_type or ""
    if "融资租赁" in bt or "证券" in bt:
        return "其他业务"
    return "购房贷款" if ("住房" in bt or "商用房" in bt) else "其他贷款"


def check_brief_summary(report: Report) -> list[Check]:
    """Compare the sentences read with the 信息概要 counts (``--`` counts as zero)."""
    checks: list[Check] = []
    for column, s in report.summary.debt.items():
        if column in ("为个人", "为企业"):  # 相关还款责任账户数
            found = sum(1 for liability in report.liabilities if liability.for_whom == column[1:])
            if (s.accounts or 0) != found:
                checks.append(Check("error", "summary_liabilities_mismatch",
                                    f"相关还款责任{column}：信息概要为 {s.accounts or 0} 笔，解析到 {found} 笔",
                                    f"liabilities {column}: the summary says {s.accounts or 0}, {found} were read"))
            continue
        items = [a for a in report.accounts if brief_column(a) == column]
        for label, expected, parsed in (("账户数", s.accounts, len(items)),
                                        ("未结清/未销户账户数", s.open_accounts, sum(a.is_open for a in items))):
            if expected is None and label == "未结清/未销户账户数" and s.accounts is None and parsed == 0:
                continue
            if (expected or 0) != parsed and not (expected is None and column in ("资产处置", "垫款")):
                checks.append(Check("error", "summary_accounts_mismatch",
                                    f"{column}：信息概要{label}为 {expected or 0}，解析到 {parsed}，可能有账户没有读出",
                                    f"{column}: the summary says {label} {expected or 0}, {parsed} were read; "
                                    "some may be missing"))
    return checks
