"""What OCR was not sure it read right, put on the records it concerns (issue 18, item 3).

After an OCR parse, ``mark_doubts`` puts each ``Doubt`` that ``read.ocr.repair`` raised on the
accounts, agreements and liabilities it belongs to (``ocr_doubt``), and runs the checks only a whole
report allows: ID checksum, date order, identifiers and statuses in their formats, 报告编号 against
报告时间. A lender name the mapping knows only by a fuzzy match takes the known spelling, and its
record is marked.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date
from typing import Any, Iterator, Sequence

from .. import fields as F
from ..lenders import default_matcher
from ..model import Account, Agreement, Check, Family, Liability, Report
from ..read.ocr.types import Doubt


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_checksum_ok(number: str | None) -> bool | None:
    """GB 11643 check character of an 18-character ID number; None when there is none to check
    (absent, masked, or not 18 characters)."""
    if not number or len(number) != 18 or "*" in number:
        return None
    if not re.fullmatch(r"\d{17}[\dXx]", number):
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


Record = Account | Agreement | Liability

# parser labels whose value failed (the parser's unreadable_field check) → the record field left None
_LABEL_FIELDS = {
    "开立日期": "opened", "债权接收日期": "opened", "到期日期": "due", "借款金额": "amount", "债权金额": "amount",
    "账户授信额度": "credit_limit", "余额": "balance", "透支余额": "balance", "已用额度": "used",
    "账户关闭日期": "closed_on", "销户日期": "closed_on", "转出月份": "closed_on", "账户标识": "account_id",
    "生效日期": "effective", "授信额度": "limit", "授信限额": "cap", "还款责任金额": "amount",
}
_UNREADABLE = re.compile(r"^第(\d+)页 (\S+) 无法识别：(.*)$")


def mark_doubts(report: Report, doubts: Sequence[Doubt]) -> Report:
    """After an OCR parse: ``ocr_doubt`` on every account, agreement and liability a doubt touches, the
    format checks only a whole report allows, and warnings that say what to check against the paper.
    Messages never quote a doubtful value (it may be a name or an ID number): only pages and refs.

    With ``report.source.ocr_pages`` set, the checks of the records' own values (lender names, date
    order, identifiers) and of the header concern only what was read on those pages: the text layer
    of the others is what the report printed."""
    pages = set(report.source.ocr_pages) if report.source and report.source.ocr_pages else None
    ranges = _page_ranges([*report.accounts, *report.liabilities, *report.agreements])

    def by_ocr(r: Record) -> bool:
        if pages is None:
            return True
        start, end = ranges.get(r.ref, (0, 0))
        return any(start <= p <= end for p in pages)

    def name_by_ocr(r: Record) -> bool:  # a name heads its block: the block's first page
        return pages is None or r.page in pages

    report = _canonical_lenders(report, name_by_ocr)
    records: list[Record] = [*report.accounts, *report.liabilities, *report.agreements]
    marked: set[str] = set()
    loose: list[Doubt] = []
    unreadable = _unreadable_fields(report)
    for doubt in doubts:
        hit = _attribute(doubt, records, ranges, unreadable, report)
        if hit is None:
            loose.append(doubt)
        else:
            marked.update(hit)
    marked.update(r.ref for r in records if getattr(r, "ocr_doubt", False))
    order_refs = [r.ref for r in records if by_ocr(r) and not _dates_in_order(r, report)]
    marked.update(order_refs)
    marked.update(r.ref for r in records if by_ocr(r) and not _fields_in_format(r))
    marked.update(r.ref for r in records if any(isinstance(v, str) and F.UNREAD in v for v in _strings(r)))
    header_by_ocr = pages is None or 1 in pages

    checks: list[Check] = []
    if order_refs:
        refs = "、".join(order_refs)
        checks.append(Check("warning", "ocr_date_order",
                            f"{refs} 的日期先后不合理（应为 开立 ≤ 截至 ≤ 报告时间）：可能识别有误，请对照纸质报告核对",
                            f"{', '.join(order_refs)}: dates out of order (opened ≤ as of ≤ report time): probably misread; "
                            "check against the paper"))
    if header_by_ocr and id_checksum_ok(report.header.subject_id) is False:
        checks.append(Check("warning", "ocr_id_checksum",
                            "证件号码的校验位不符：可能识别有误，请对照纸质报告核对",
                            "The ID number's check digit does not match: probably misread; check against the paper"))
    report_checks = list(report.checks)
    if header_by_ocr and (any(c.code == "report_number_mismatch" for c in report_checks) or _number_mismatch(report)):
        report_checks = [c for c in report_checks if c.code != "report_number_mismatch"]
        checks.append(Check("warning", "report_number_mismatch",
                            "报告编号的前14位与报告时间不一致：可能是文字识别有误，也可能报告被修改过，请核对原件",
                            "The report number does not start with the report time: misread by OCR, or the report "
                            "was edited; check the original"))
    if loose:
        pages = "、".join(str(p) for p in sorted({d.page for d in loose}))
        pages_en = ", ".join(str(p) for p in sorted({d.page for d in loose}))
        checks.append(Check("warning", "ocr_doubt_unattributed",
                            f"报告头、概要等处还有 {len(loose)} 处文字识别存疑（第 {pages} 页），请对照纸质报告核对",
                            f"{len(loose)} more values read with doubt by OCR in the header, summary or elsewhere "
                            f"(pages {pages_en}): check them against the paper"))
    flagged = [r.ref for r in records if r.ref in marked]
    if flagged:
        checks.insert(0, Check("warning", "ocr_doubt",
                               f"{'、'.join(flagged)} 有文字识别（OCR）存疑的内容（表中标 ?），请对照纸质报告核对",
                               f"{', '.join(flagged)} hold values read by OCR with doubt (marked ? in the tables): "
                               "check them against the paper"))

    def mark(r: Any) -> Any:
        return replace(r, ocr_doubt=True) if r.ref in marked else r

    return replace(report, accounts=tuple(map(mark, report.accounts)), agreements=tuple(map(mark, report.agreements)),
                   liabilities=tuple(map(mark, report.liabilities)), checks=tuple(report_checks) + tuple(checks))


def _strings(r: Record) -> Iterator[object]:
    return (getattr(r, f.name) for f in fields(r))


def _page_ranges(records: list[Record]) -> dict[str, tuple[int, int]]:
    """Pages each record's block may cover: from its page to the next record's page (a block runs on
    to the next page); the last one to the page after its own."""
    with_pages = sorted((r for r in records if r.page is not None), key=lambda r: r.page or 0)
    out: dict[str, tuple[int, int]] = {}
    for n, r in enumerate(with_pages):
        start = r.page or 0
        later = [x.page or 0 for x in with_pages[n + 1:] if (x.page or 0) > start]
        out[r.ref] = (start, later[0] if later else start + 1)
    return out


def _unreadable_fields(report: Report) -> list[tuple[int, str, str]]:
    """(page, field, raw text) of the parser's unreadable_field warnings."""
    out = []
    for c in report.checks:
        if c.code == "unreadable_field" and (m := _UNREADABLE.match(c.message)) and m.group(2) in _LABEL_FIELDS:
            out.append((int(m.group(1)), _LABEL_FIELDS[m.group(2)], m.group(3)))
    return out


def _parsed(value: str) -> set[Any]:
    """What a doubtful value could be in a record: as an amount, a date, a month, text."""
    out: set[Any] = set()
    text = F.squash(value)
    if not text or F.is_placeholder(text) or len(text) == 1:
        return out  # a grid symbol, a 0 or a digit is in every block: it names none
    out.add(text)
    for parse in (F.amount, F.day, F.day_or_month):  # day_or_month gives a day's ISO text too
        try:
            got = parse(text)
        except (F.FieldError, ValueError):
            continue
        if got is not None:
            out.add(got)
    return out


_VALUE_FIELDS = ("lender", "opened", "due", "amount", "credit_limit", "balance", "used", "as_of", "closed_on", "account_id",
                 "agreement_id", "card_tail", "status_raw", "business_type", "effective", "expires", "limit", "cap",
                 "purpose", "role")


def _record_values(r: Record) -> set[Any]:
    out: set[Any] = set()
    for name in _VALUE_FIELDS:
        v = getattr(r, name, None)
        if v is None or v == "":
            continue
        out.add(F.squash(v) if isinstance(v, str) else v)
        if isinstance(v, date):
            out.add(v.isoformat())
    return out


def _attribute(doubt: Doubt, records: list[Record], ranges: dict[str, tuple[int, int]],
               unreadable: list[tuple[int, str, str]], report: Report) -> set[str] | None:
    """The refs a doubt belongs to, or None when it belongs to no record (header, summary, elsewhere)."""
    near = [r for r in records if r.ref in ranges and ranges[r.ref][0] <= doubt.page <= ranges[r.ref][1]]
    values = _parsed(doubt.value)
    if values:
        hits = {r.ref for r in near if values & _record_values(r)}
        if hits:
            return hits
    # a value the parser could not read: its warning names the block's page and the label
    raw = F.squash(doubt.value)[:20]
    if raw:
        hits = set()
        for page, field, text in unreadable:
            if text == raw:
                hits |= {r.ref for r in records if r.page == page and getattr(r, field, "") is None}
        if hits:
            return hits
    h = report.header
    header = {F.squash(x) for x in (h.report_no, h.subject_id, h.subject_name) if x}
    if h.report_time is not None:
        header |= {h.report_time.date(), h.report_time.date().isoformat()}
    if values & header:
        return None
    if doubt.reason == "low_score":
        return None  # a right-looking value the recogniser was unsure of, in no field: a grid figure, a label
    on_page = [r for r in near if r.page == doubt.page] or near
    if len(on_page) == 1 and not (values and _summary_value(values, report)):
        return {on_page[0].ref}  # the one block on that page: an empty cell or a grid figure of it
    return None


def _summary_value(values: set[Any], report: Report) -> bool:
    figures = {report.summary.account_total}
    for s in report.summary.debt.values():
        figures |= {s.institutions, s.accounts, s.open_accounts, s.credit_total, s.balance}
    return bool(values & {f for f in figures if f is not None})


def _dates_in_order(r: Record, report: Report) -> bool:
    """开立 ≤ 截至 ≤ 报告时间 (at the precision printed), 开立 ≤ 到期 and 开立 ≤ 关闭."""
    when = report.header.report_time.date().isoformat() if report.header.report_time else None
    opened = getattr(r, "opened", None) or getattr(r, "effective", None)
    start = opened.isoformat() if opened else None
    points = [start, getattr(r, "as_of", None), when]
    known = [p for p in points if p]
    for a, b in zip(known, known[1:]):
        if a[: len(b)] > b[: len(a)]:
            return False
    closed = getattr(r, "closed_on", None)
    if start and closed and start[: len(closed)] > closed:
        return False
    if when and closed and closed[: len(when)] > when:
        return False
    ends = getattr(r, "due", None) or getattr(r, "expires", None)
    if opened and ends and ends < opened:
        return False
    return True


def _fields_in_format(r: Record) -> bool:
    """Identifiers are ASCII capitals and digits, a card tail four digits, amounts not negative, a
    status a word of the report's vocabulary (spec §4.2), and an account under a credit line
    (循环贷账户一/二) names its 授信协议标识 in its heading."""
    raw = getattr(r, "status_raw", None)
    if raw and F.squash(raw) not in F.STATUS_WORDS:
        return False
    if isinstance(r, Account) and r.family in (Family.REVOLVING_SUB, Family.REVOLVING) and not r.agreement_id:
        return False
    for name in ("account_id", "agreement_id"):
        v = getattr(r, name, None)
        if v and not re.fullmatch(r"[0-9A-Z]+", v):
            return False
        # <institution code [A-Z]\d{8}H\d{4}><serial> (report-format.md §2.5): letters where digits belong
        if v and len(v) >= 14 and v[0].isalpha() and v[9] == "H" and not (v[1:9] + v[10:14]).isdigit():
            return False
    tail = getattr(r, "card_tail", None)
    if tail and not re.fullmatch(r"\d{4}", tail):
        return False
    for name in ("amount", "credit_limit", "balance", "used", "limit", "cap"):
        v = getattr(r, name, None)
        if isinstance(v, int) and v < 0:
            return False
    return True


def _number_mismatch(report: Report) -> bool:
    h = report.header
    if h.generation != 2 or not h.report_no or h.report_time is None:
        return False
    return not h.report_no.startswith(h.report_time.strftime("%Y%m%d%H%M%S"))


_LEGAL = re.compile(r"股份有限公司|有限责任公司|有限公司")


def _canonical_lenders(report: Report, by_ocr: Any) -> Report:
    """A lender name the matcher knows only by a fuzzy match (read by OCR): the known name (with the
    branch as printed), and the record marked doubtful."""
    matcher = default_matcher()

    def fix(r: Any) -> Any:
        found = matcher.resolve(r.lender) if r.lender and by_ocr(r) else None
        if not found or found[2] != "fuzzy":
            return r
        known = found[0]
        m = _LEGAL.search(r.lender)
        tail = r.lender[m.end():] if m else ""
        if tail and _LEGAL.search(known) and not known.endswith(tail):
            known += tail
        return replace(r, lender=known, ocr_doubt=True)

    return replace(report, accounts=tuple(map(fix, report.accounts)), agreements=tuple(map(fix, report.agreements)),
                   liabilities=tuple(map(fix, report.liabilities)))
