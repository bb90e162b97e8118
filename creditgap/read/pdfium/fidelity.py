"""Which engine reads a page: does pdfium's text layer hold what pdfminer reads?

pdfium (the fast path) and pdfplumber (pdfminer, the reference) must never give different answers.
They differ only where pdfium's text page leaves text out or places it without a font, so each page
is checked before pdfium's reading of it is used:

- ``lost_text``: a text object on the page (forms included) with no character on the text page,
  other than a space pdfium replaced by a generated one and an overprint (fake bold) that
  pdfplumber's ``dedupe_chars`` removes as well. This is what a bare machine costs (pdfium drops a
  one-character text-show it has no font for) and what pdfium's own overprint check costs where
  the copies stand further apart than dedupe's 1 pt. Such a page is read by pdfplumber.
- ``pdfium_loses_text``: a text object in a non-embedded, non-standard font with a zero-width or
  zero-height box. pdfium's own text page (its line breaks and spaces, which the 简版 path reads)
  is then laid out without glyph boxes; the character path (``chars``, ``items``), which places each
  character from its origin and the PDF's widths as pdfminer does, still reads such a page.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

import pypdfium2.raw as pdfium_c

from .objects import page_objects

# Latin fonts every pdfium carries (its built-in Foxit fonts stand in for them): a degenerate box
# in one of these is a glyph without an outline (a space), not a missing font.
_BUILT_IN_FONTS = re.compile(r"(?:[A-Z]{6}\+)?(?:Helvetica|Arial|Times|TimesNewRoman|Courier|CourierNew|Symbol|ZapfDingbats)"
                             r"(?:MT|PSMT)?(?:[-,].*)?")


def lost_text(page: Any, textpage: Any, drop_rotated: bool = True, seen: set[int | None] | None = None) -> bool:
    """True when pdfium's text page left out text pdfminer reads on this page (see the module's note).

    About 1 ms a page: one call per character (its text object; none when ``seen``, the text
    objects of the page's characters, is given) and one walk over the page's objects.
    """
    _, dropped = page_objects(page, textpage, paths=False, seen=seen)
    if not unexplained(dropped, drop_rotated):
        return False
    # a space object pdfium replaced: a generated space stands exactly on its origin (as page_chars sees it)
    tp = textpage.raw if hasattr(textpage, "raw") else textpage
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(pdfium_c.FPDFText_CountChars(tp)):
        if pdfium_c.FPDFText_GetUnicode(tp, i) == 0x20 and (not pdfium_c.FPDFText_GetTextObject(tp, i)
                                                            or pdfium_c.FPDFText_IsGenerated(tp, i)):
            pdfium_c.FPDFText_GetCharOrigin(tp, i, x, y)
            dropped.pop((round(x.value, 3), round(y.value, 3)), None)
    return unexplained(dropped, drop_rotated)


def pdfium_loses_text(page: Any, textpage: Any) -> bool:
    """True when pdfium placed text on this page without a font for it (see the module's note).

    pdfium needs a font to give a glyph a box. When a font is not embedded (reportlab's STSong-Light,
    any predefined CMap such as UniGB-UCS2-H, a non-embedded Identity-H font) and the machine has no
    font with the glyphs, its text objects get zero-width or zero-height boxes; its text page then
    skips one-character objects and lays out lines without boxes. A text object in a non-embedded
    font other than pdfium's built-in Latin ones, with a degenerate box, says so. About 1 ms a page.
    """
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    built_in: dict[int, bool] = {}
    stack = [(page, pdfium_c.FPDFPage_CountObjects(page), pdfium_c.FPDFPage_GetObject)]
    while stack:
        owner, count, get = stack.pop()
        for i in range(count):
            obj = get(owner, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:  # text inside a form XObject is on the page too
                stack.append((obj, pdfium_c.FPDFFormObj_CountObjects(obj), pdfium_c.FPDFFormObj_GetObject))
                continue
            if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            # a box with an area is the common case and settles it in one call; the font only matters otherwise
            if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top) and \
                    right.value - left.value >= 0.01 and top.value - bottom.value >= 0.01:
                continue
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            if font and pdfium_c.FPDFFont_GetIsEmbedded(font):
                continue
            key = ctypes.cast(font, ctypes.c_void_p).value or 0
            if key not in built_in:
                built_in[key] = bool(font) and bool(_BUILT_IN_FONTS.fullmatch(_base_font_name(font)))
            if not built_in[key]:
                return True
    return False


def _base_font_name(font: Any) -> str:
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(size, 1))
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("latin-1")


def unexplained(dropped: dict, drop_rotated: bool = True) -> bool:
    """True when a text object the text page dropped (``page_objects``; the spaces page_chars put
    back already removed) is neither an overprint nor a rotated watermark that is dropped anyway."""
    return any(not copy and not (drop_rotated and not _upright(mat[:4])) for _, _, mat, copy in dropped.values())


def _upright(m: tuple[float, ...]) -> bool:
    a, b, c, d = m
    return abs(b) < 1e-3 and abs(c) < 1e-3 and a > 0 and d > 0  # the same test as plumber.is_upright
