"""The 简版 path on pdfium: a page's text lines from pdfium's own text page (its line breaks and spaces).

The fidelity check guards it (``fidelity``): ``NO_BOXES`` when pdfium placed text without a font for
it (its line layout is then not to be trusted, its characters may be: the 详版 path reads those),
``LOST`` when its text page left out text (pdfplumber reads the page).
"""

from __future__ import annotations

import ctypes
import itertools
from typing import Any

import pypdfium2.raw as pdfium_c

from ..items import Item, normalize_text
from .calls import text_object
from .fidelity import lost_text, pdfium_loses_text
from .pages import check_page_chars


LOST, NO_BOXES = "lost", "no boxes"  # why pdfium_lines gave no lines


def pdfium_lines(doc: Any, index: int, guard: bool = True) -> list[Item] | str:
    """Lines of a page from pdfium's text layer, without rotated (watermark) characters. With ``guard``
    (the fidelity check, see ``fidelity``): NO_BOXES when pdfium placed text without a font for it (its
    line layout is then not to be trusted, its characters may be), LOST when its text page left out text."""
    page = doc[index]
    textpage = page.get_textpage()
    try:
        check_page_chars(textpage, index)
        if guard and pdfium_loses_text(page, textpage):
            return NO_BOXES
        raw = textpage.raw  # the raw handle: pypdfium2's wrapper costs a lookup per call
        angle, generated, unicode = pdfium_c.FPDFText_GetCharAngle, pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetUnicode
        count = pdfium_c.FPDFText_CountChars(raw)
        # one call per character: its text object, for the fidelity check and for the angle, which
        # is its object's (asked once per object); rotated: a watermark (pdfium's own breaks stay)
        objects = list(map(text_object, itertools.repeat(ctypes.cast(raw, ctypes.c_void_p).value), range(count)))
        if guard and lost_text(page, textpage, seen=set(objects)):
            return LOST
        text = textpage.get_text_range(0, count)  # one call; one UTF-16 unit per character unless one is astral
        if len(text) != count:
            text = "".join(chr(unicode(raw, i)) for i in range(count))
        upright: dict[int, bool] = {}
        chars = []
        kept: list[range | list[int]] = []  # the text page's index of each character kept, run by run
        i = 0
        for obj, run in itertools.groupby(objects):  # runs of one text object: most are kept whole
            end = i + sum(1 for _ in run)
            if obj:
                for k in range(i, end):  # its angle, from a character of its own (not a space pdfium put in it)
                    if obj in upright:
                        break
                    if not generated(raw, k):
                        upright[obj] = abs(angle(raw, k)) <= 1e-3
            if not obj or upright.get(obj, True):
                chars.append(text[i:end])
                kept.append(range(i, end))
            else:  # rotated: a watermark; pdfium's own breaks and spaces stay
                ks = [k for k in range(i, end) if generated(raw, k)]
                chars += [text[k] for k in ks]
                kept.append(ks)
            i = end
        text = "".join(chars)
        positions = [k for run in kept for k in run]
        if any("\ud800" <= ch <= "\udfff" for ch in text):  # UTF-16 units: join pairs, drop a lone half (as page_chars does)
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
            positions = []  # the units no longer line up with the characters: no geometry for this page
        items = []
        offset = 0
        origin = page.get_mediabox()  # (left, bottom, right, top): boxes from the page's top-left
        for line in text.replace("\r\n", "\n\x00").replace("\r", "\n").split("\n"):
            start, offset = offset, offset + len(line) + 1  # \r\n: two characters, the \x00 stands for the \n
            at = positions[start:start + len(line)]
            line = line.replace("\x00", "")
            if line.strip():
                items.append((line, _line_box(raw, at, origin) if positions else None))
    finally:
        textpage.close()
        page.close()
    return [Item(page=index + 1, top=float(n), text=normalize_text(line), box=box) for n, (line, box) in enumerate(items)]


def _line_box(raw: Any, indices: list[int], origin: tuple[float, float, float, float]) -> tuple[float, float, float, float] | None:
    """The box of a line's characters (text page indices), from pdfium's own rectangles (a few per line:
    pdfium merges a run's glyphs), top-left origin."""
    boxes = []
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    for _, run in itertools.groupby(enumerate(indices), key=lambda p: p[1] - p[0]):  # runs of consecutive indices
        run_indices = [k for _, k in run]
        for r in range(pdfium_c.FPDFText_CountRects(raw, run_indices[0], len(run_indices))):
            if pdfium_c.FPDFText_GetRect(raw, r, left, top, right, bottom) and right.value > left.value:
                boxes.append((left.value - origin[0], origin[3] - top.value, right.value - origin[0], origin[3] - bottom.value))
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
