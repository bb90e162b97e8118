"""Stage 1 of the pdfium path: the page's characters with pdfminer's boxes, fake-bold copies removed.

pdfplumber is the reference (see ``items``): each character gets the box pdfminer gives it, from
pdfium's origin, font size and matrix and the PDF's own glyph widths and font descent; rotated
(watermark) characters are dropped as ``plumber.is_upright`` drops them; ``dedupe_chars`` removes
what pdfplumber's ``dedupe_chars`` removes.
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

import pypdfium2.raw as pdfium_c

from ..tables import DEDUPE_TOL
from .calls import char_origin, char_unicode, text_font, text_object

DATA = Path(__file__).resolve().parent.parent.parent / "data"


class Char:
    """One character as pdfplumber describes it (only the attributes the later stages read)."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "doctop", "upright", "font", "size", "matrix", "_n")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, doctop: float,
                 upright: bool, font: bytes, size: float, matrix: tuple[float, float, float, float]):
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.doctop, self.upright, self.font, self.size, self.matrix = doctop, upright, font, size, matrix

    def __repr__(self) -> str:
        return f"Char({self.text!r}, {self.x0:.2f}, {self.top:.2f}, {self.x1:.2f}, {self.bottom:.2f})"


_STD14: dict[str, Any] | None = None


def _std14(name: str) -> tuple[float, dict[int, float]] | None:
    """pdfminer's AFM metrics (descent, widths by code point) when ``name`` is one of its FONT_METRICS.

    pdfminer sizes such a simple font from its own table whatever the PDF says; pdfium, for one that is
    not embedded, reports width 1000 and its substitute's descent. data/std14.json is pdfminer's table
    (tools/make_std14_metrics.py), read the first time such a font is met.
    """
    global _STD14
    if _STD14 is None:
        import json

        _STD14 = json.loads((DATA / "std14.json").read_text(encoding="utf-8"))
    hit = _STD14["fonts"].get(name)
    if hit is None:
        return None
    descent, table = hit
    return descent, {ord(k): float(v) for k, v in _STD14["widths"][table].items() if len(k) == 1}


class FontCache:
    """Per pdfium font handle: base name, descent (1/1000 em, from the font descriptor), widths by code point."""

    def __init__(self) -> None:
        self.fonts: dict[int, tuple[bytes, float, dict[int, float], bool, Any]] = {}
        self._f = ctypes.c_float()
        self._buf = ctypes.create_string_buffer(256)

    def get(self, font: Any) -> tuple[bytes, float, dict[int, float], bool, Any]:
        """(name, descent, widths, fixed, handle): a fixed table is complete, a missing code is 0 wide (pdfminer's default)."""
        key = font if isinstance(font, int) else (ctypes.cast(font, ctypes.c_void_p).value or 0)
        hit = self.fonts.get(key)
        if hit is None:
            font = ctypes.cast(key, pdfium_c.FPDF_FONT)
            n = pdfium_c.FPDFFont_GetBaseFontName(font, self._buf, 256)
            name = self._buf.raw[: max(n - 1, 0)]
            std = _std14(name.decode("latin-1")) if name[:1].isalpha() else None
            if std is not None:
                hit = self.fonts[key] = (name, std[0], std[1], True, font)
            else:
                pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), self._f)
                hit = self.fonts[key] = (name, self._f.value, {}, False, font)
        return hit

    def width(self, font: Any, widths: dict[int, float], code: int) -> float:
        """The glyph's advance in 1/1000 em, from the PDF's /W or /Widths (pdfminer's ``char_width``).

        Not the loose box's width: for a substituted font pdfium measures that from the substitute's glyph.
        """
        w = widths.get(code)
        if w is None:
            pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(1000.0), self._f)
            w = widths[code] = self._f.value
        return w


def _is_upright(m: tuple[float, float, float, float]) -> bool:
    a, b, c, d = m
    return abs(b) < 1e-3 and abs(c) < 1e-3 and a > 0 and d > 0  # the same test as plumber.is_upright


def page_chars(textpage: Any, height: float, doctop0: float, fonts: FontCache, drop_rotated: bool,
               dropped: dict | None = None) -> list[Char]:
    """Characters in content order, with pdfminer's box: x from the origin over the advance, y from the
    origin plus the font's descent over one font size (LTChar), both through the character's matrix.

    Matrix, font and size belong to the text object, so they are asked once per object; per character
    pdfium is asked three things (code point, text object, origin).
    """
    tp = textpage.raw if hasattr(textpage, "raw") else textpage
    tp_int = ctypes.cast(tp, ctypes.c_void_p).value
    n = pdfium_c.FPDFText_CountChars(tp)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    m = pdfium_c.FS_MATRIX()
    out: list[Char] = []
    get_unicode, get_origin = char_unicode, char_origin
    px, py = ctypes.addressof(ox), ctypes.addressof(oy)
    last_obj = None
    last_at: tuple | None = None  # (text object, origin) of the character just kept
    obj_state: tuple = ()
    i = 0
    while i < n:
        code = get_unicode(tp_int, i)
        obj = text_object(tp_int, i)
        if not obj or pdfium_c.FPDFText_IsGenerated(tp, i):
            # spaces and line breaks pdfium infers (they have no text object); pdfminer has no such
            # characters, except a space object pdfium replaced by one of them (see _walk_paths)
            last_at = None
            if code == 0x20 and dropped:
                get_origin(tp_int, i, px, py)
                hit = dropped.pop((round(ox.value, 3), round(oy.value, 3)), None)
                if hit is not None:
                    font, size, full, _ = hit
                    mat = full[:4]
                    if not drop_rotated or _is_upright(mat):
                        out.append(_char(" ", 0x20, font, fonts.get(font), size, mat, full[4], full[5], height, doctop0, fonts))
            i += 1
            continue
        if code == 0x02 and pdfium_c.FPDFText_IsHyphen(tp, i):
            # pdfium reports a "-" that ends a line as U+0002 with IsHyphen; the content stream (and
            # pdfminer) has a hyphen-minus there
            code = 0x2D
        j = i + 1
        text = chr(code) if code < 0xD800 or code > 0xDFFF else ""
        if 0xD800 <= code < 0xDC00 and j < n:  # pdfium speaks UTF-16: join a surrogate pair
            low = get_unicode(tp_int, j)
            if 0xDC00 <= low <= 0xDFFF:
                text = chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                j += 1
        if obj != last_obj:
            last_obj = obj
            pdfium_c.FPDFText_GetMatrix(tp, i, m)
            mat = (m.a, m.b, m.c, m.d)
            font = text_font(obj)
            obj_state = (mat, pdfium_c.FPDFText_GetFontSize(tp, i), font, fonts.get(font), not drop_rotated or _is_upright(mat))
        mat, size, font, info, keep = obj_state
        if keep:  # rotated (watermark) characters are dropped here, as plumber.is_upright drops them
            get_origin(tp_int, i, px, py)
            here = (obj, ox.value, oy.value)
            if here == last_at and out:
                # a piece: one glyph whose ToUnicode entry holds several characters (机 → "»ú" in a
                # re-encoded copy) is one pdfminer character with all of them; pdfium gives one per piece
                out[-1].text += text
            else:
                out.append(_char(text, code, font, info, size, mat, ox.value, oy.value, height, doctop0, fonts))
            last_at = here
        else:
            last_at = None
        i = j
    return out


def _char(text: str, code: int, font: Any, info: tuple, size: float, mat: tuple[float, float, float, float], e: float,
          f: float, height: float, doctop0: float, fonts: FontCache) -> Char:
    """LTChar's box: apply_matrix_rect over (0, descent) - (adv, descent + size), then y measured from the top."""
    name, descent, widths, fixed, handle = info
    adv = (widths.get(code, 0.0) if fixed else fonts.width(handle, widths, code)) * size / 1000.0
    lo = descent * size / 1000.0
    hi = lo + size
    a, b, c, d = mat
    if b == 0 and c == 0 and a > 0 and d > 0:  # upright and unskewed: the same floats, fewer steps
        x0, x1, y0, y1 = e, a * adv + e, d * lo + f, d * hi + f
    else:
        xs = (c * lo + e, a * adv + c * lo + e, a * adv + c * hi + e, c * hi + e)
        ys = (d * lo + f, b * adv + d * lo + f, b * adv + d * hi + f, d * hi + f)
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = height - y1
    return Char(text, x0, x1, top, height - y0, doctop0 + top, a * d > 0 and b * c <= 0, name, y1 - y0, mat)


def _chain(items: list[tuple], tolerance: float) -> list[list[tuple]]:
    """cluster_list on items sorted by their first field: a value within ``tolerance`` of the previous joins its cluster."""
    out = [[items[0]]]
    for prev, cur in zip(items, items[1:]):
        if cur[0] <= prev[0] + tolerance:
            out[-1].append(cur)
        else:
            out.append([cur])
    return out


def dedupe_chars(chars: list[Char]) -> list[Char]:
    """pdfplumber's ``dedupe_chars()``: of characters with the same text, font and size within 1 pt, keep the first.

    pdfium's text page already drops some overprinted text objects; what it leaves is deduplicated here
    exactly as pdfplumber would, so the result does not depend on which copy pdfium kept. Same clusters
    as pdfplumber's cluster_objects (doctop, then x0, chained within 1 pt); the kept character is the
    least (doctop, x0), the earliest on a tie. Most groups hold one character and cost a dict entry.
    """
    groups: dict[tuple, list[int]] = {}
    for n, ch in enumerate(chars):
        groups.setdefault((ch.upright, ch.text, ch.font, ch.size), []).append(n)
    drop: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        by_y = sorted((chars[n].doctop, n) for n in members)
        for y_cluster in _chain(by_y, DEDUPE_TOL):
            if len(y_cluster) < 2:
                continue
            by_x = sorted((chars[n].x0, n) for _, n in y_cluster)
            for x_cluster in _chain(by_x, DEDUPE_TOL):
                if len(x_cluster) > 1:
                    keep = min(x_cluster, key=lambda t: (chars[t[1]].doctop, t[0], t[1]))[1]
                    drop.update(n for _, n in x_cluster if n != keep)
    return [ch for n, ch in enumerate(chars) if n not in drop] if drop else chars
