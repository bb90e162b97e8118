"""Small pure parsers for the report's field values (spec §2, §4).

Every parser takes the printed text and returns a typed value or ``None`` for a placeholder
(``--``, empty). Text that is neither raises ``FieldError``; layout parsers turn that into a
check instead of guessing.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from .model import Status

PLACEHOLDERS = frozenset({"", "--", "-", "—", "－－", "——", "/"})

# What OCR hands the parsers for a cell with ink it could not read: not a placeholder (the value is
# unknown, never None-as-absent and never 0), and no field accepts it, so the parser's
# unreadable_field check names the block and the label.
UNREAD = "\ufffd"

# Full-width forms that producers and OCR mix with ASCII (spec §7).
_WIDTH = str.maketrans(
    {"（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "－": "-", "—": "-", "。": "."}
)


class FieldError(ValueError):
    """A cell or clause that should hold a value of some kind holds something else."""


def squash(text: str | None) -> str:
    """Join wrapped cell text: drop newlines and every kind of space (CJK wraps at any char)."""
    if text is None:
        return ""
    return re.sub(r"[\s\u3000]+", "", text)


def ascii_punct(text: str) -> str:
    """Map full-width brackets, commas, colons and dashes to ASCII, for matching only."""
    return text.translate(_WIDTH)


def is_placeholder(text: str | None) -> bool:
    return squash(text) in PLACEHOLDERS


def text(raw: str | None) -> str | None:
    """A free-text value (an identifier, a purpose): None for a placeholder; OCR's UNREAD refused."""
    if raw is not None and UNREAD in raw:
        raise FieldError("unread by OCR")
    return None if is_placeholder(raw) else squash(raw)


def amount(text: str | None) -> int | None:
    """``1,500,000`` → 1500000; ``--`` → None. Whole yuan (the report prints no decimals)."""
    t = squash(text).replace("，", ",").removesuffix("元")
    if t in PLACEHOLDERS:
        return None
    m = re.fullmatch(r"(-?(?:\d{1,3}(?:,\d{3})*|\d+))(?:\.(\d{1,2}))?", t)
    if not m:
        raise FieldError(f"not an amount: {t!r}")
    # reports print whole yuan; a producer that adds cents (1,500.00) is rounded half up
    whole = int(m.group(1).replace(",", ""))
    cents = int((m.group(2) or "0").ljust(2, "0"))
    return whole + (1 if cents >= 50 and whole >= 0 else -1 if cents >= 50 else 0)


def count(text: str | None) -> int | None:
    return amount(text)


_DOT_DATE = re.compile(r"(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CN_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
_DOT_MONTH = re.compile(r"(\d{4})[.\-/](\d{1,2})")


def _make_date(y: str, m: str, d: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError as e:
        raise FieldError(f"not a date: {y}-{m}-{d}") from e


def day(text: str | None) -> date | None:
    """``2014.09.30``, ``2014-09-30`` or ``2014年09月30日`` / ``2014年9月30日`` → date."""
    t = squash(text)
    if t in PLACEHOLDERS or t in ("长期", "长期有效"):
        return None
    m = _DOT_DATE.fullmatch(t) or _CN_DATE.fullmatch(t)
    if not m:
        raise FieldError(f"not a date: {t!r}")
    return _make_date(*m.groups())


def month(text: str | None) -> str | None:
    """``2023.11`` / ``2023年11月`` / ``2023年1月`` → ``2023-11``."""
    t = squash(text)
    if t in PLACEHOLDERS:
        return None
    m = _DOT_MONTH.fullmatch(t) or _CN_MONTH.fullmatch(t)
    if not m:
        raise FieldError(f"not a month: {t!r}")
    y, mo = int(m.group(1)), int(m.group(2))
    if not 1 <= mo <= 12:
        raise FieldError(f"not a month: {t!r}")
    return f"{y:04d}-{mo:02d}"


def day_or_month(text: str | None) -> str | None:
    """A date printed as a day or as a month, kept at the precision printed (ISO text)."""
    t = squash(text)
    if t in PLACEHOLDERS:
        return None
    try:
        d = day(t)
        return d.isoformat() if d else None
    except FieldError:
        return month(t)


def timestamp(text: str | None) -> datetime | None:
    """报告时间: ``2025-03-11 04:01:39`` (简版) or ``2026.07.19 09:08:07`` (详版)."""
    if text is None:
        return None
    m = re.search(r"(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?\s*(\d{1,2}):(\d{2}):(\d{2})", text)
    if not m:
        m2 = _DOT_DATE.search(text) or _CN_DATE.search(text)
        if not m2:
            raise FieldError(f"not a time: {text!r}")
        d = _make_date(*m2.groups())
        return datetime(d.year, d.month, d.day)
    y, mo, d, hh, mm, ss = (int(g) for g in m.groups())
    try:
        return datetime(y, mo, d, hh, mm, ss)
    except ValueError as e:
        raise FieldError(f"not a time: {text!r}") from e


# 账户状态 vocabulary (spec §4.2) → contract status.
STATUS_WORDS: dict[str, Status] = {
    "正常": Status.NORMAL,
    "逾期": Status.OVERDUE,
    "催收": Status.OVERDUE,  # 被追偿 account still being collected: a debt, not closable
    "结清": Status.SETTLED,
    "已结清": Status.SETTLED,
    "结束": Status.SETTLED,
    "呆账": Status.BAD_DEBT,
    "转出": Status.TRANSFERRED,
    "已转出": Status.TRANSFERRED,
    "销户": Status.CLOSED,
    "已销户": Status.CLOSED,
    "未激活": Status.INACTIVE,
    "尚未激活": Status.INACTIVE,
    "冻结": Status.FROZEN,
    "止付": Status.STOPPED,
    "银行止付": Status.STOPPED,
    "担保物不足": Status.OTHER,
    "强制平仓": Status.OTHER,
    "司法追偿": Status.OTHER,
    "以资抵债": Status.OTHER,
}


def status(text: str | None) -> Status:
    t = squash(text)
    if t in STATUS_WORDS:
        return STATUS_WORDS[t]
    if t in PLACEHOLDERS:
        raise FieldError("empty 账户状态")
    return Status.OTHER


# Statuses the contract keeps as ``other`` (Additions 2026-12) that are bad records: the account is
# not closable, the person settles with the institution first. Matched inside the printed wording
# (司法追偿 in 已变成司法追偿 / 被司法追偿 too).
BAD_OTHER_STATUSES = ("司法追偿", "担保物不足", "强制平仓", "以资抵债")


def bad_other(raw: str | None) -> str | None:
    """The bad-record status word inside ``raw`` (status_raw of an ``other`` account), or None."""
    t = squash(raw)
    return next((w for w in BAD_OTHER_STATUSES if w in t), None)


CURRENCIES: dict[str, str] = {
    "人民币": "CNY",
    "人民币元": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "日元": "JPY",
    "港元": "HKD",
    "港币": "HKD",
    "英镑": "GBP",
    "新加坡元": "SGD",
    "澳大利亚元": "AUD",
    "澳元": "AUD",
    "加拿大元": "CAD",
    "瑞士法郎": "CHF",
}
CURRENCY_NAMES = {code: name for name, code in reversed(list(CURRENCIES.items()))}


def currency(text: str | None) -> str:
    t = squash(text)
    if t in PLACEHOLDERS:
        return "CNY"
    if t in CURRENCIES:
        return CURRENCIES[t]
    if t.endswith("元") and t[:-1] in CURRENCIES:
        return CURRENCIES[t[:-1]]
    raise FieldError(f"unknown currency: {t!r}")
