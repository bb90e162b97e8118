"""Plain text laid out for a terminal: display widths, aligned tables, wrapped paragraphs.

East Asian wide characters count as two columns so Chinese text lines up; a table gives way to
the terminal's width, widest columns first; a line never starts with a closing mark.
"""

from __future__ import annotations

import re
import shutil
import sys
import unicodedata
from typing import Any, Sequence


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


def fill(text: str) -> list[str]:
    """A paragraph wrapped to the terminal's width."""
    return wrapped("", text, indent=0)


# C0 controls but tab and newline, DEL, C1 controls, and the bidi marks, embeddings, overrides and
# isolates: a PDF's text may carry an ESC sequence (which a terminal obeys) or U+202E (which shows a
# lender name or an amount reversed); what the terminal shows is the report's text without them
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` without control and bidi-override characters (what a terminal would act on)."""
    return _UNSAFE.sub("", text)
