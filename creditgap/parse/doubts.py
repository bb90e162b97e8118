"""What OCR was not sure it read right, put on the records it concerns (issue 18, item 3).

After an OCR parse, ``mark_doubts`` puts each ``Doubt`` that ``read.ocr.repair`` raised on the
accounts, agreements and liabilities it belongs to (``ocr_doubt``), and runs the checks only a whole
report allows: ID checksum, date order, identifiers and statuses in their formats, 报告编号 against
报告时间. A lender name the mapping knows only by a fuzzy match takes the known spelling, and its
record is marked.
"""

from __future__ import annotations

import re
from dataclasses import asdict, fields, replace
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


# a record field → the name a doubt gives it (the JSON's key), and its label for people
_FIELD_NAME = {"status_raw": "status"}
FIELD_LABELS = {
    "lender": ("管理机构", "lender"), "opened": ("开立日期", "opened"), "due": ("到期日期", "due"),
    "amount": ("金额", "amount"), "credit_limit": ("授信额度", "credit limit"), "balance": ("余额", "balance"),
    "used": ("已用额度", "used"), "as_of": ("截至日期", "as-of date"), "closed_on": ("关闭日期", "closing date"),
    "account_id": ("账户标识", "account id"), "agreement_id": ("授信协议标识", "agreement id"),
    "card_tail": ("卡号尾号", "card tail"), "status": ("账户状态", "status"), "business_type": ("业务种类", "business type"),
    "effective": ("生效日期", "effective date"), "expires": ("到期日期", "expiry"), "limit": ("授信额度", "limit"),
    "cap": ("授信限额", "cap"), "purpose": ("授信用途", "purpose"), "role": ("责任人类型", "role"),
    "report_no": ("报告编号", "report number"), "report_time": ("报告时间", "report time"),
    "subject_id": ("证件号码", "ID number"), "subject_name": ("姓名", "name"),
    "date": ("查询日期", "date"), "institution": ("查询机构", "institution"), "reason": ("查询原因", "reason"),
    "overdue_months_5y": ("还款记录", "repayment record"),
}
_HEADER_PRINTED = ("report_no", "report_time", "subject_name", "subject_id")
_DATE_FIELDS = ("opened", "effective", "as_of", "closed_on", "due", "expires")


def mark_doubts(report: Report, doubts: Sequence[Doubt]) -> Report:
    """After an OCR parse: every doubt on the field it is about (``doubts`` of an account, agreement or
    liability, and ``ocr_doubt``; ``report.doubts`` for the header, summary and inquiries), the format
    checks only a whole report allows, and warnings that name each field to check against the paper.
    A doubtful fragment that feeds no field (prose, a heading, a watermark) is only counted.
    Messages never quote a doubtful value (it may be a name or an ID number): only refs and fields.

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
    marked: dict[str, set[str]] = {r.ref: set(r.doubts) for r in records}
    others: set[str] = set()
    loose = 0
    unreadable = _unreadable_fields(report)
    places = _other_places(report)
    for doubt in doubts:
        hit, other = _attribute(doubt, records, ranges, unreadable, places, report.header.layout == "detailed")
        for ref, name in hit:
            marked[ref].add(name)
        others |= other
        loose += not hit and not other
    order_refs = []
    for r in records:
        if by_ocr(r) and not _dates_in_order(r, report):
            order_refs.append(r.ref)
            marked[r.ref] |= {_FIELD_NAME.get(n, n) for n in _DATE_FIELDS if getattr(r, n, None)}
        if by_ocr(r):
            marked[r.ref] |= _fields_out_of_format(r)
            if report.header.layout == "detailed" and isinstance(r, Account):
                marked[r.ref] |= _printed_but_empty(r)
        marked[r.ref] |= {_FIELD_NAME.get(f.name, f.name) for f in fields(r)
                          if isinstance(getattr(r, f.name), str) and F.UNREAD in getattr(r, f.name)}
    header_by_ocr = pages is None or 1 in pages
    others |= _short_summary_rows(report)
    others |= {f"inquiries[{n}].reason" for n, q in enumerate(report.inquiries, 1) if not _known_reason(q.reason)}

    checks: list[Check] = []
    if order_refs:
        refs = "、".join(order_refs)
        checks.append(Check("warning", "ocr_date_order",
                            f"{refs} 的日期先后不合理（应为 开立 ≤ 截至 ≤ 报告时间）：可能识别有误，请对照纸质报告核对",
                            f"{', '.join(order_refs)}: dates out of order (opened ≤ as of ≤ report time): probably misread; "
                            "check against the paper"))
    if header_by_ocr and id_checksum_ok(report.header.subject_id) is False:
        others.add("report.subject_id")
        checks.append(Check("warning", "ocr_id_checksum",
                            "证件号码的校验位不符：可能识别有误，请对照纸质报告核对",
                            "The ID number's check digit does not match: probably misread; check against the paper"))
    if header_by_ocr:
        # every report prints these (report-format.md §1): one the parse left empty was not read,
        # which is a doubt on it, never a silent gap
        others |= {f"report.{name}" for name in _HEADER_PRINTED if getattr(report.header, name) is None}
    report_checks = list(report.checks)
    if header_by_ocr and (any(c.code == "report_number_mismatch" for c in report_checks) or _number_mismatch(report)):
        others |= {"report.report_no", "report.report_time"}
        report_checks = [c for c in report_checks if c.code != "report_number_mismatch"]
        checks.append(Check("warning", "report_number_mismatch",
                            "报告编号的前14位与报告时间不一致：可能是文字识别有误，也可能报告被修改过，请核对原件",
                            "The report number does not start with the report time: misread by OCR, or the report "
                            "was edited; check the original"))
    others_sorted = tuple(sorted(others, key=_place_order))
    if others_sorted:
        summary = [p for p in others_sorted if p.startswith("summary.")]
        named = [p for p in others_sorted if not p.startswith("summary.")]
        zh = "、".join([_place_label(p, "zh") for p in named] + ([f"信息概要中的 {len(summary)} 个数"] if summary else []))
        en = "; ".join([_place_label(p, "en") for p in named] + ([f"{len(summary)} figures of the summary"] if summary else []))
        checks.append(Check("warning", "ocr_doubt_fields", f"{zh} 的文字识别（OCR）存疑，请对照纸质报告核对",
                            f"Read by OCR with doubt: {en}; check against the paper"))
    flagged = [r for r in records if marked[r.ref]]
    if flagged:
        zh = "；".join(f"{r.ref} 的" + "、".join(FIELD_LABELS.get(n, (n, n))[0] for n in _ordered(marked[r.ref]))
                      for r in flagged)
        en = "; ".join(f"{r.ref}: " + ", ".join(FIELD_LABELS.get(n, (n, n))[1] for n in _ordered(marked[r.ref]))
                       for r in flagged)
        checks.insert(0, Check("warning", "ocr_doubt",
                               f"{zh} 有文字识别（OCR）存疑（表中标 ?），请对照纸质报告核对",
                               f"Read by OCR with doubt (marked ? in the tables): {en}; check them against the paper"))

    def mark(r: Any) -> Any:
        found = _ordered(marked[r.ref])
        return replace(r, ocr_doubt=True, doubts=found) if found else r

    return replace(report, accounts=tuple(map(mark, report.accounts)), agreements=tuple(map(mark, report.agreements)),
                   liabilities=tuple(map(mark, report.liabilities)), checks=tuple(report_checks) + tuple(checks),
                   doubts=others_sorted, unattributed_doubts=loose)


def _ordered(names: set[str]) -> tuple[str, ...]:
    order = list(FIELD_LABELS)
    return tuple(sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n)))


def _place_order(place: str) -> tuple[int, str]:
    return ({"report": 0, "summary": 1, "inquiries": 2}.get(re.split(r"[.\[]", place)[0], 3), place)


_SHORT_ROW = re.compile(r"^信息概要 (\S+)：\d+ 栏只读出 \d+ 个数$")


def _short_summary_rows(report: Report) -> set[str]:
    """A 简版 信息概要 row that gave fewer figures than it has columns (a -- the recogniser missed):
    which figure went to which column is not known, so every figure of that row is in doubt."""
    from .simplified_summary import SUMMARY_ROWS

    out: set[str] = set()
    for c in report.checks:
        if c.code == "unreadable_field" and (m := _SHORT_ROW.match(c.message)) and m.group(1) in SUMMARY_ROWS:
            # the row's columns: those read, and those a short row may have left out
            columns = set(report.summary.debt) | set(_LIABILITY_COLUMNS if m.group(1) == "相关还款责任账户数" else _DEBT_COLUMNS)
            out |= {f"summary.debt.{column}.{SUMMARY_ROWS[m.group(1)]}" for column in columns}
    return out


_DEBT_COLUMNS = ("信用卡", "购房贷款", "其他贷款", "其他业务")
_LIABILITY_COLUMNS = ("为个人", "为企业")


def _place_label(place: str, lang: str) -> str:
    """"inquiries[4].reason" → 查询记录第 4 条的查询原因 / inquiry 4's reason."""
    n = 0 if lang == "zh" else 1
    if m := re.fullmatch(r"inquiries\[(\d+)\]\.(\w+)", place):
        label = FIELD_LABELS.get(m.group(2), (m.group(2),) * 2)[n]
        return f"查询记录第 {m.group(1)} 条的{label}" if lang == "zh" else f"inquiry {m.group(1)}'s {label}"
    if place.startswith("report."):
        label = FIELD_LABELS.get(place[7:], (place[7:],) * 2)[n]
        return f"报告头的{label}" if lang == "zh" else f"the header's {label}"
    return f"信息概要（{place[8:]}）" if lang == "zh" else f"the summary ({place[8:]})"


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


def _parsed(value: str, short: bool = False) -> set[Any]:
    """What a doubtful value could be in a record: as an amount, a date, a month, text. One
    character only if ``short`` (a grid symbol, a 0 or a digit is in every block: it names none)."""
    out: set[Any] = set()
    text = F.squash(value)
    if not text or F.is_placeholder(text) or (len(text) == 1 and not short):
        return out
    out.add(text)
    for parse in (F.amount, F.day, F.day_or_month):  # day_or_month gives a day's ISO text too
        try:
            got = parse(text)
        except (F.FieldError, ValueError):
            continue
        if got is not None:
            out.add(got)
    if re.search(r"\d:\d{2}:\d{2}", text):  # a time of day: only the header's 报告时间 holds one
        try:
            out.add(F.timestamp(text).strftime("%H:%M:%S"))
        except (F.FieldError, AttributeError):
            pass
    return out


_GRID_SYMBOL = re.compile(r"[NC*#/DZBGMA1-7]")  # what a repayment grid's cell holds (parse/detailed.py)
_VALUE_FIELDS = ("lender", "opened", "due", "amount", "credit_limit", "balance", "used", "as_of", "closed_on", "account_id",
                 "agreement_id", "card_tail", "status_raw", "business_type", "effective", "expires", "limit", "cap",
                 "purpose", "role")


def _field_values(value: Any) -> set[Any]:
    if value is None or value == "":
        return set()
    out = {F.squash(value) if isinstance(value, str) else value}
    if isinstance(value, date):
        out.add(value.isoformat())
    return out


def _record_fields(r: Record) -> Iterator[tuple[str, set[Any]]]:
    for name in _VALUE_FIELDS:
        got = _field_values(getattr(r, name, None))
        if got:
            yield _FIELD_NAME.get(name, name), got


Places = list[tuple[str, set[Any]]]


def _other_places(report: Report) -> Places:
    """The values outside records a doubt may be about, each by its place in the JSON."""
    h = report.header
    out: Places = [("report.report_no", _field_values(F.squash(h.report_no) if h.report_no else None)),
                   ("report.subject_id", _field_values(F.squash(h.subject_id) if h.subject_id else None)),
                   ("report.subject_name", _field_values(F.squash(h.subject_name) if h.subject_name else None))]
    if h.report_time is not None:
        out.append(("report.report_time", {h.report_time.date(), h.report_time.date().isoformat(),
                                           h.report_time.strftime("%H:%M:%S")}))
    for n, q in enumerate(report.inquiries, 1):
        for name in ("date", "institution", "reason"):
            out.append((f"inquiries[{n}].{name}", _field_values(getattr(q, name))))
    for key, value in _flat(asdict(report.summary)).items():
        if isinstance(value, int) and not isinstance(value, bool):
            out.append((f"summary.{key}", {value}))
    return [(place, values) for place, values in out if values]


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: value}


def _attribute(doubt: Doubt, records: list[Record], ranges: dict[str, tuple[int, int]],
               unreadable: list[tuple[int, str, str]], places: Places,
               grids: bool = False) -> tuple[set[tuple[str, str]], set[str]]:
    """The (ref, field) pairs of records a doubt is about, and the other places (header, summary,
    inquiries) it is about: by the value it gave, on the pages of the record's block."""
    near = [r for r in records if r.ref in ranges and ranges[r.ref][0] <= doubt.page <= ranges[r.ref][1]]
    values = _parsed(doubt.value)
    if values:
        hits = {(r.ref, name) for r in near for name, got in _record_fields(r) if values & got}
        if hits:
            return hits, set()
    # a value the parser could not read: its warning names the block's page and the label
    raw = F.squash(doubt.value)[:20]
    if raw:
        hits = set()
        for page, name, text in unreadable:
            if text == raw:
                hits |= {(r.ref, name) for r in records if r.page == page and getattr(r, name, "") is None}
        if hits:
            return hits, set()
    if grids and len(raw) == 1 and not F.is_placeholder(raw) and not _GRID_SYMBOL.fullmatch(raw):
        # a lone character no grid holds, in a 详版 (the 简版 prints no grid): a repayment grid's cell
        # misread, and the row it is in is not counted; the grids of the blocks on that page are in doubt
        hits = {(r.ref, "overdue_months_5y") for r in near if getattr(r, "overdue_months_5y", None) is not None
                and (r.page == doubt.page or ranges[r.ref][0] < doubt.page)}
        if hits:
            return hits, set()
    values = values or _parsed(doubt.value, short=True)
    return set(), {place for place, got in places if values & got}


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


def _printed_but_empty(r: Account) -> set[str]:
    """The fields every 详版 account prints that the read left empty: its 管理机构 and 开立日期, a
    loan's 借款金额. Empty means not read (a block whose rulings were lost is read as loose lines),
    never a value: a doubt on the field, not a silent gap."""
    out = {name for name in ("lender", "opened") if not getattr(r, name)}
    if r.family is Family.LOAN and r.amount is None:
        out.add("amount")
    return out


def _fields_out_of_format(r: Record) -> set[str]:
    """The fields out of their format: identifiers are ASCII capitals and digits, a card tail four
    digits, amounts not negative, a status a word of the report's vocabulary (spec §4.2), and an
    account under a credit line (循环贷账户一/二) names its 授信协议标识 in its heading."""
    out: set[str] = set()
    raw = getattr(r, "status_raw", None)
    if raw and F.squash(raw) not in F.STATUS_WORDS:
        out.add("status")
    if isinstance(r, Account) and r.family in (Family.REVOLVING_SUB, Family.REVOLVING) and not r.agreement_id:
        out.add("agreement_id")
    for name in ("account_id", "agreement_id"):
        v = getattr(r, name, None)
        if v and not re.fullmatch(r"[0-9A-Z]+", v):
            out.add(name)
        # <institution code [A-Z]\d{8}H\d{4}><serial> (report-format.md §2.5): letters where digits belong
        elif v and len(v) >= 14 and v[0].isalpha() and v[9] == "H" and not (v[1:9] + v[10:14]).isdigit():
            out.add(name)
    tail = getattr(r, "card_tail", None)
    if tail and not re.fullmatch(r"\d{4}", tail):
        out.add("card_tail")
    for name in ("amount", "credit_limit", "balance", "used", "limit", "cap"):
        v = getattr(r, name, None)
        if isinstance(v, int) and v < 0:
            out.add(name)
    return out


_REASON_WORDS = frozenset(["贷后管理", "贷款审批", "信用卡审批", "担保资格审查", "司法调查", "公积金提取复核", "特约商户实名审查",
                           "保前审查", "保后管理", "法人代表、负责人、高管等资信审查", "客户准入资格审查", "融资审批", "资信审查",
                           "额度审批", "异议处理", "本人查询", "其他", "授信审批"])


def _known_reason(reason: str) -> bool:
    """A 查询原因 of the report's vocabulary (spec §4.4), or 本人查询 with its channel in brackets."""
    text = F.squash(reason)
    return text in _REASON_WORDS or bool(re.fullmatch(r"本人查询[（(][^（）()]+[）)]", text))


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
        return replace(r, lender=known, ocr_doubt=True, doubts=tuple(sorted({*r.doubts, "lender"})))

    return replace(report, accounts=tuple(map(fix, report.accounts)), agreements=tuple(map(fix, report.agreements)),
                   liabilities=tuple(map(fix, report.liabilities)))
