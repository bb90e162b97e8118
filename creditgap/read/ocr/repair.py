"""OCR stage 4: field formats checked, certain confusions repaired, doubts kept (issue 18, item 3).

``repair`` sees the text of one table cell (详版) or one loose line (简版 sentences, headers) as the
recogniser gave it, without knowing its column. It repairs only what the *shape* of the text makes
certain, because every value printed in a report has a strict format (report-format.md §2):

* an amount is whole yuan with thousands separators, never decimals: ``38.114`` can only be
  ``38,114`` (a dot followed by a three-digit group is a thousands separator read wrong);
* a date is ``YYYY.MM.DD`` (or ``YYYY-MM-DD`` / ``YYYY年MM月DD日``): ``2025,01.03`` is ``2025.01.03``;
* in a run that is numeric (it has a real digit and no other letters) ``O o 〇`` are ``0`` and
  ``l I 丨`` are ``1``; ``一`` between digits is ``1`` when that, and not a dash, gives a valid format;
* a lone ``。`` / ``非`` / ``米`` / ``宗`` in a cell is the repayment grid's ``*`` (no other cell prints those alone);
* ``一一`` and a lone ``一`` are the placeholder ``--``; an empty inked cell stays empty (unknown), never ``0``;
* an institution name that the lender matcher knows only after undoing a glyph confusion
  (``徽众`` → ``微众``, ``货`` → ``贷``, ``颔`` → ``额``) takes the known spelling.

Anything else that fails its format is left exactly as read and reported as ``bad_format``; a value
the recogniser scored below ``LOW_SCORE`` is reported as ``low_score``. Each ``Doubt`` names the
smallest fragment: the cell, or the token of a line. ``parse.doubts.mark_doubts`` then puts the
doubts on the accounts, agreements and liabilities they belong to and runs the checks only a whole
report allows (ID checksum, date order, 报告编号 against 报告时间).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache
from itertools import product
from typing import Any, Iterable

from ... import fields as F
from ...lenders import default_matcher
from ...vocab import LABELS, norm_label
from .types import Doubt

# The recogniser's own score is a weak signal (issue 18: < 0.9 caught 7 of 37 wrong values, format
# checks 36): 0.9 is the figure measured there. Labels are never doubted (they are not values).
LOW_SCORE = 0.9

_ZERO, _ONE = "Oo〇", "lI丨"
_DIGIT_LIKE = str.maketrans({**{c: "0" for c in _ZERO}, **{c: "1" for c in _ONE}})
# characters a numeric value (amount, date, time, count, number) may hold as printed or as misread
_NUMERIC_CHARS = re.compile(r"[0-9" + _ZERO + _ONE + r"一,，.。·、\-－—/:：年月日元 ]+")
_GRID_STAR = frozenset({"。", "非", "※", "★", "米", "宗"})  # the grid's * as the recogniser reads it
_DASHES = re.compile(r"[一—－\-_＿]{2,3}|[_＿]")  # -- as read: 一一, ——, _ (a lone _ is nothing else)

# formats a numeric value may have (after NFKC): the report's own (report-format.md §2)
_AMOUNT = re.compile(r"-?\d{1,3}(?:,\d{3})*")
_INT = re.compile(r"\d+")
_DATE = re.compile(r"(\d{4})([.\-/])(\d{1,2})\2(\d{1,2})")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CN_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
_MONTH = re.compile(r"(\d{4})([.\-])(\d{1,2})")
_DATETIME = re.compile(r"(\d{4})([.\-/])(\d{1,2})\2(\d{1,2}) ?(\d{1,2}):(\d{2}):(\d{2})")
_PHONE = re.compile(r"\d{3,4}-\d{7,8}")
_SEPARATORS = ",，.。·、"

# glyphs the recogniser confuses in institution names → the character meant (report-format.md §7)
NAME_CONFUSIONS = {"徽": "微", "货": "贷", "颔": "额"}
_INSTITUTION = re.compile(r"银行|公司|金融|信托|小额贷款|信用社|合作联社|信用卡中心")

# 简版 sentences: the words an amount follows, and the dates
_AMOUNT_CONTEXT = re.compile(
    r"(?:发放的|余额为|余额|信用额度|已使用额度|透支余额|逾期金额|金额为|累计代偿金额|责任金额|担保金额|合同金额|授信额度|"
    r"折合人民币|欠税总额|欠费金额)"
)
_NUM = "0-9" + _ZERO + _ONE
_LINE_AMOUNT = re.compile(r"(?<=[^\d])([" + _NUM + r"](?:[" + _NUM + r",，.]*[" + _NUM + r"])?)(?=元|[^\d" + _NUM + r",，.]|[,，.]?$|[,，.](?![\d]))")
_LINE_DATE = re.compile(r"([" + _NUM + r"]{4})年([" + _NUM + r"]{1,2})月(?:([" + _NUM + r"]{1,2})日)?")
_ORDINAL = re.compile(r"(?:^|(?<=。))\s*(\d{1,3})()(?=(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)")
_ITEM_WORDS = re.compile(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日(?:[，,]为|[^。]*?(?:发放的|办理的|为[^。]*?授信|接收债权|以来))")
_HEADER_VALUE = re.compile(r"(报告编号|报告时间|证件号码|查询时间)\s*[:：]\s*([0-9" + _ZERO + _ONE + r"一,，.。·\-－/:：年月日 Xx]+)")


def repair(text: str, score: float, *, cell: bool, inked: bool = False, page: int) -> tuple[str, list[Doubt]]:
    """Text of one table cell (``cell=True``) or one loose text line (``cell=False``) as recognised →
    the text handed to the parsers, plus the doubtful fragments."""
    if cell:
        return _repair_cell(text, score, inked, page)
    return _repair_line(text, score, page)


# --- cells ---------------------------------------------------------------------------------------


def _repair_cell(text: str, score: float, inked: bool, page: int) -> tuple[str, list[Doubt]]:
    stripped = text.strip()
    if not stripped:
        # ink but nothing read: the value is unknown (never 0, never --); F.UNREAD fails every field's
        # parse, so the parser's unreadable_field check names the block and mark_doubts marks it
        return (F.UNREAD, [Doubt(page, "", F.UNREAD, "ink_no_text")]) if inked else (text, [])
    label, value = _split_label(stripped)
    if label:  # "报告编号：…" in one cell: the value after the label
        fixed, reason = _fix_header_value(label, value)
    else:
        fixed, reason = _fix_value(value)
    if reason is None and not label:
        name = _fix_name(_fix_brackets(value))
        if name != value:
            fixed, reason = name, "repaired"
    out = label + fixed if label else (fixed if fixed != value else text)
    if reason is not None:  # the value only, never the label in front of it
        return out, [Doubt(page, value, fixed, reason)]
    if score < LOW_SCORE and not _is_label(stripped):
        return out, [Doubt(page, value, value, "low_score")]
    return out, []


def _split_label(text: str) -> tuple[str, str]:
    m = re.match(r"^([\u4e00-\u9fff()（）]{2,12}[:：])\s*(.+)$", text)
    return (m.group(1), m.group(2)) if m else ("", text)


def _fix_value(value: str) -> tuple[str, str | None]:
    """(value to hand on, None | "repaired" | "bad_format") for a whole cell."""
    if F.is_placeholder(value):
        return value, None
    if value in _GRID_STAR:
        return "*", "repaired"
    if _DASHES.fullmatch(value):
        return "--", "repaired"
    if value == "一":  # a lone level stroke: a dash (— printed for --); a 1 is upright, never read as 一
        return "--", "repaired"
    if not _is_numeric(value):
        if len(value) <= 2 and re.fullmatch(r"[A-Za-z〇丨|]+", value) and not re.fullmatch(r"[NCGDZBMA]", value):
            return value, "bad_format"  # a letter no field holds alone (a grid symbol misread, a ruling line)
        return value, None
    norm = unicodedata.normalize("NFKC", value)
    if _valid_number(norm):
        return (norm if norm != value else value), None
    for candidate in _numeric_candidates(norm):
        if _valid_number(candidate):
            return candidate, "repaired"
    return value, "bad_format"


def _is_numeric(value: str) -> bool:
    """Only digits, their look-alikes and a number's punctuation, with at least one real digit."""
    norm = unicodedata.normalize("NFKC", value)
    return bool(_NUMERIC_CHARS.fullmatch(norm)) and any(c.isdigit() for c in norm)


def _valid_number(text: str) -> bool:
    """A format some field of the report prints (amounts never with decimals)."""
    t = text.removesuffix("元")
    if _AMOUNT.fullmatch(t) or _INT.fullmatch(t) or _PHONE.fullmatch(t):
        return True
    for pattern in (_DATE, _CN_DATE):
        if m := pattern.fullmatch(t):
            g = [x for x in m.groups() if x.isdigit()]
            return _real_date(*g)
    if m := _DATETIME.fullmatch(t):
        y, _, mo, d, hh, mm, ss = m.groups()
        return _real_date(y, mo, d) and int(hh) < 24 and int(mm) < 60 and int(ss) < 60
    for pattern in (_MONTH, _CN_MONTH):
        if m := pattern.fullmatch(t):
            return 1 <= int(m.groups()[-1]) <= 12
    return False


def _real_date(y: str, m: str, d: str) -> bool:
    try:
        date(int(y), int(m), int(d))
    except ValueError:
        return False
    return 1900 <= int(y) <= 2100


def _numeric_candidates(norm: str) -> Iterable[str]:
    """Readings of a numeric value with its certain confusions undone, most literal first."""
    base = norm.translate(_DIGIT_LIKE).replace("，", ",").replace("：", ":")
    base = re.sub(r" *([,.。·、]) *", r"\1", base)  # spaces around a separator (191 ,000)
    around = lambda c: c.isdigit() or c in _SEPARATORS  # noqa: E731
    ones = [i for i, c in enumerate(base) if c == "一" and 0 < i < len(base) - 1 and around(base[i - 1])
            and around(base[i + 1]) and (base[i - 1].isdigit() or base[i + 1].isdigit())]
    readings = [base]
    if ones:  # 一 between digits: 1, unless a dash there gives a valid format too (2025一01一03)
        as_one = "".join("1" if i in ones else c for i, c in enumerate(base))
        as_dash = "".join("-" if i in ones else c for i, c in enumerate(base))
        readings = [as_one] if not _valid_number(_separators(as_dash)) else [as_dash]
    for reading in readings:
        yield reading
        yield _separators(reading)


def _separators(text: str) -> str:
    """Separators read wrong: a thousands group after ``.`` is ``,``; a date's stray separator ``.``."""
    if re.fullmatch(r"-?\d{1,3}(?:[" + _SEPARATORS + r"]\d{3})+", text):
        return re.sub("[" + _SEPARATORS + "]", ",", text)
    sep_class = "[" + _SEPARATORS + r"\-/]"
    # a separator read as a space, with spaces around it, or dropped (2025.01 25, 2025 .08.16, 2021.0628)
    if m := re.fullmatch(rf"(\d{{4}}) *({sep_class}| ) *(\d{{2}}) *({sep_class}| ) *(\d{{2}})", text):
        if " " in text:
            sep = next((c for c in (m.group(2), m.group(4)) if c != " "), ".")
            text = f"{m.group(1)}{sep}{m.group(3)}{sep}{m.group(5)}"
    elif m := re.fullmatch(rf"(\d{{4}})({sep_class})(\d{{2}})({sep_class})?(\d{{2}}) ?(\d{{2}}:\d{{2}}:\d{{2}})", text):
        sep = m.group(2)  # a timestamp with a separator or the space dropped (2025.052216:42:22)
        text = f"{m.group(1)}{sep}{m.group(3)}{sep}{m.group(5)} {m.group(6)}"
    elif m := (re.fullmatch(rf"(\d{{4}})({sep_class})(\d{{2}})(\d{{2}})", text)
               or re.fullmatch(rf"(\d{{4}})(\d{{2}})({sep_class})(\d{{2}})", text)):
        parts = [g for g in m.groups() if g.isdigit()]
        sep = next(g for g in m.groups() if not g.isdigit())
        text = sep.join(parts)
    if m := re.fullmatch(r"(\d{4})([" + _SEPARATORS + r"\-/])(\d{2})([" + _SEPARATORS + r"\-/])(\d{2})( ?\d{1,2}[:.]\d{2}[:.]\d{2})?",
                         text):
        seps = {m.group(2), m.group(4)}
        sep = "-" if "-" in seps else "/" if "/" in seps else "."
        time = (m.group(6) or "")
        if time:
            time = " " + re.sub(r"[.]", ":", time.strip())
        return f"{m.group(1)}{sep}{m.group(3)}{sep}{m.group(5)}{time}"
    if m := re.fullmatch(r"(\d{4})[,，。·、](\d{2})", text):
        return f"{m.group(1)}.{m.group(2)}"
    return text


def _fix_header_value(label: str, value: str) -> tuple[str, str | None]:
    """The value of a ``label：value`` cell: 报告编号 and 证件号码 are digits (an ID may end in X),
    报告时间 a timestamp; others are checked like any value."""
    name = label.rstrip(":：")
    if name in ("报告编号", "证件号码", "被查询者证件号码"):
        return _fix_number(value, id_number="证件号码" in name)
    return _fix_report_time(value) if name == "报告时间" else _fix_value(value)


def _fix_report_time(value: str) -> tuple[str, str | None]:
    """报告时间 is always a date and HH:MM:SS (report-format.md §1): fourteen digits with their
    separators, so a time whose colons or space were lost (2024.10.18042358) is certain."""
    fixed, reason = _fix_value(value)
    if reason != "bad_format":
        return fixed, reason
    norm = unicodedata.normalize("NFKC", value).translate(_DIGIT_LIKE)
    m = re.fullmatch(r"(\d{4})([.\-/])(\d{2})\2(\d{2}) ?(\d{2})[:.]?(\d{2})[:.]?(\d{2})", norm)
    if m:
        y, sep, mo, d, hh, mm, ss = m.groups()
        fixed = f"{y}{sep}{mo}{sep}{d} {hh}:{mm}:{ss}"
        try:
            F.timestamp(fixed)
            return fixed, "repaired"
        except F.FieldError:
            pass
    return value, "bad_format"


def _fix_number(value: str, id_number: bool) -> tuple[str, str | None]:
    norm = unicodedata.normalize("NFKC", value).strip()
    if "*" in norm:  # a masked ID stays as printed
        return value, None
    pattern = r"\d{17}[\dX]" if id_number else r"\d{22}"
    if re.fullmatch(pattern, norm):
        return (norm if norm != value else value), None
    letters = set(re.sub(r"[\d" + _ZERO + _ONE + r"xX]", "", norm))
    fixed = norm.translate(_DIGIT_LIKE)
    if id_number and fixed[-1:] == "x":
        fixed = fixed[:-1] + "X"
    if not letters and any(c.isdigit() for c in norm) and re.fullmatch(pattern, fixed):
        return fixed, "repaired"
    return value, "bad_format"


@cache
def _labels() -> frozenset[str]:
    return frozenset(norm_label(label) for label in LABELS)


def _is_label(text: str) -> bool:
    return norm_label(text) in _labels()


# --- institution names ---------------------------------------------------------------------------


_HALF_TO_FULL = str.maketrans("()", "（）")


def _fix_brackets(value: str) -> str:
    """A value that mixes half- and full-width brackets (（厦门分中心) ) was misread: the report prints
    one width in one value, and a full-width one is never read for a half-width one. All full-width."""
    if any(c in "（）" for c in value) and any(c in "()" for c in value):
        return value.translate(_HALF_TO_FULL)
    return value


def _fix_name(value: str) -> str:
    """A name the lender matcher knows only once a glyph confusion is undone takes that spelling;
    a name it already knows (or none of the readings knows, or two readings know differently) stays."""
    if len(value) < 4 or not _INSTITUTION.search(value) or not any(c in NAME_CONFUSIONS for c in value):
        return value
    matcher = default_matcher()
    if value in matcher.rows_by_lender:
        return value
    spots = [i for i, c in enumerate(value) if c in NAME_CONFUSIONS][:4]
    found: dict[str, str] = {}
    readings = []
    for choice in product((False, True), repeat=len(spots)):
        if not any(choice):
            continue
        chars = list(value)
        for i, swap in zip(spots, choice):
            if swap:
                chars[i] = NAME_CONFUSIONS[chars[i]]
        readings.append("".join(chars))
    literal = [r for r in readings if r in matcher.rows_by_lender]  # a legal name the mapping holds, spelt out
    if len(literal) == 1:
        return literal[0]
    if _known(matcher, value):  # known as read (the matcher forgives 货款 itself): left as printed
        return value
    for reading in readings:
        if (lender := _known(matcher, reading)) is not None:
            found.setdefault(lender, reading)
    return next(iter(found.values())) if len(found) == 1 else value


def _known(matcher: Any, name: str) -> str | None:
    """The bundled lender a name resolves to without guessing (exact, alias or its distinctive core)."""
    found = matcher.resolve(name)
    return found[0] if found and found[2] != "fuzzy" else None


# --- lines ---------------------------------------------------------------------------------------


def _repair_line(text: str, score: float, page: int) -> tuple[str, list[Doubt]]:
    """A 简版 sentence or a header line: only numeric tokens in an amount or date context, and the
    报告编号 / 报告时间 / 证件号码 values, are repaired."""
    doubts: list[Doubt] = []
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement) in ``text``

    for m in _HEADER_VALUE.finditer(text):
        label, raw = m.group(1), m.group(2).strip()
        start = m.start(2)
        if label in ("报告编号", "证件号码"):
            token = re.match(r"[0-9" + _ZERO + _ONE + r"Xx]+", raw)
            if token:
                fixed, reason = _fix_number(token.group(), id_number=label == "证件号码")
                spans.append((start, start + token.end(), fixed))
                if reason:
                    doubts.append(Doubt(page, token.group(), fixed, reason))
        else:
            token = re.match(r"\S+(?: \S+)?", raw)
            if token:
                fixed, reason = (_fix_report_time if label == "报告时间" else _fix_value)(token.group().strip())
                spans.append((start, start + token.end(), fixed))
                if reason:
                    doubts.append(Doubt(page, token.group(), fixed, reason))

    taken = [(s, e) for s, e, _ in spans]
    for m in _LINE_DATE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        token = m.group()
        fixed = token.translate(_DIGIT_LIKE)
        ok = _valid_number(fixed)
        if fixed != token and ok and any(c.isdigit() for c in token):
            spans.append((m.start(), m.end(), fixed))
            doubts.append(Doubt(page, token, fixed, "repaired"))
        elif not ok and any(c.isdigit() for c in token):
            doubts.append(Doubt(page, token, token, "bad_format"))
        taken.append((m.start(), m.end()))

    for ctx in _AMOUNT_CONTEXT.finditer(text):
        m = _LINE_AMOUNT.match(text, ctx.end())
        if not m or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        token = m.group(1)
        if not any(c.isdigit() for c in token):
            continue
        norm = unicodedata.normalize("NFKC", token)
        if _AMOUNT.fullmatch(norm):
            taken.append((m.start(), m.end()))
            continue
        fixed = next((c for c in _numeric_candidates(norm) if _AMOUNT.fullmatch(c)), None)
        if fixed is not None:
            spans.append((m.start(1), m.end(1), fixed))
            doubts.append(Doubt(page, token, fixed, "repaired"))
        else:
            doubts.append(Doubt(page, token, token, "bad_format"))
        taken.append((m.start(), m.end()))

    # an item's ordinal whose dot was lost (12018年06月13日… for 1.2018年06月13日…): the parser needs it to
    # tell the items apart. Only before an account or liability sentence (an inquiry row prints no dot).
    for m in _ORDINAL.finditer(text):
        if _ITEM_WORDS.match(text, m.end()) and not any(s < m.end() and m.start() < e for s, e, _ in spans):
            spans.append((m.start(2), m.start(2), "."))

    out = text
    for start, end, fixed in sorted(spans, reverse=True):
        out = out[:start] + fixed + out[end:]
    if score < LOW_SCORE and not doubts:
        # the smallest fragments a low score may concern: the line's amounts and dates
        for m in _LINE_DATE.finditer(out):
            doubts.append(Doubt(page, m.group(), m.group(), "low_score"))
        for ctx in _AMOUNT_CONTEXT.finditer(out):
            if (m := _LINE_AMOUNT.match(out, ctx.end())) and any(c.isdigit() for c in m.group(1)):
                doubts.append(Doubt(page, m.group(1), m.group(1), "low_score"))
    return out, doubts
