"""The 详版 reading path on pypdfium2 alone: the same ``Item``s as ``PdfText._read`` (pdfplumber), many times faster.

pdfplumber is the reference. Every stage below reproduces one step of it, on pdfium's data:

1. ``page_chars``   characters with pdfminer's boxes (pdfium's origin, font size, matrix and the PDF's
                    own glyph widths and font descent), rotated ones dropped (``_is_upright``),
                    fake-bold duplicates removed (``dedupe_chars``);
2. ``page_edges``   ruling lines from path objects, form XObjects included, classified the way pdfminer
                    classifies paths (line, rect, curve) and turned into edges the way pdfplumber does;
3. ``find_tables``  pdfplumber's default "lines" strategy: 1 pt prefilter, 3 pt snap and join, 3 pt
                    edge minimum, 3 pt intersections, intersections -> cells -> tables, rows with
                    ``None`` for spanned cells;
4. ``table_cells``  ``Table.extract()``: characters whose centre is in a cell, ``extract_text``;
5. ``text_lines``   ``extract_text_lines()`` on the characters outside every table.

No pdfminer or pdfplumber import: the point is to skip their start-up and their per-character
Python objects. pdfium is asked for everything per character in one pass (ctypes calls are the
cost; each one is ~1 us).
"""

from __future__ import annotations

import ctypes
import itertools
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Iterable

import pypdfium2
import pypdfium2.raw as pdfium_c

from .fidelity import DEDUPE_TOL, mark_overprints, text_state, unexplained

if TYPE_CHECKING:
    from .pdftext import Item

SNAP = 3  # pdfplumber TableSettings defaults: snap_tolerance, join_tolerance,
JOIN = 3
EDGE_MIN = 3  # edge_min_length,
EDGE_PREFILTER = 1  # edge_min_length_prefilter,
INTERSECT = 3  # intersection_tolerance,
X_TOL = 3  # and the text settings (x_tolerance, y_tolerance) of extract_text / extract_text_lines
Y_TOL = 3

LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}  # pdfplumber's expansions


class Unsupported(Exception):
    """A page this path does not reproduce exactly (rotated page, offset MediaBox): read it with pdfplumber."""


class Char:
    """One character as pdfplumber describes it (only the attributes the later stages read)."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "doctop", "upright", "font", "size", "matrix", "_n")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, doctop: float,
                 upright: bool, font: bytes, size: float, matrix: tuple[float, float, float, float]):
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.doctop, self.upright, self.font, self.size, self.matrix = doctop, upright, font, size, matrix

    def __repr__(self) -> str:
        return f"Char({self.text!r}, {self.x0:.2f}, {self.top:.2f}, {self.x1:.2f}, {self.bottom:.2f})"


# --- stage 1: characters --------------------------------------------------------------------------

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
        from pathlib import Path

        _STD14 = json.loads((Path(__file__).parent / "data" / "std14.json").read_text(encoding="utf-8"))
    hit = _STD14["fonts"].get(name)
    if hit is None:
        return None
    descent, table = hit
    return descent, {ord(k): float(v) for k, v in _STD14["widths"][table].items() if len(k) == 1}


class _FontCache:
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
    return abs(b) < 1e-3 and abs(c) < 1e-3 and a > 0 and d > 0  # the same test as pdftext._is_upright


def _fast(name: str, restype: Any, *argtypes: Any) -> Any:
    """A second ctypes prototype of a pdfium function, returning a plain int for a pointer: comparing
    text objects per character is then an int comparison, not a ctypes.cast."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value)


_text_object = _fast("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_text_font = _fast("FPDFTextObj_GetFont", ctypes.c_void_p, ctypes.c_void_p)
_unicode = _fast("FPDFText_GetUnicode", ctypes.c_uint, ctypes.c_void_p, ctypes.c_int)
_origin = _fast("FPDFText_GetCharOrigin", ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def page_chars(textpage: Any, height: float, doctop0: float, fonts: _FontCache, drop_rotated: bool,
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
    get_unicode, get_origin = _unicode, _origin
    px, py = ctypes.addressof(ox), ctypes.addressof(oy)
    last_obj = None
    last_at: tuple | None = None  # (text object, origin) of the character just kept
    obj_state: tuple = ()
    i = 0
    while i < n:
        code = get_unicode(tp_int, i)
        obj = _text_object(tp_int, i)
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
            font = _text_font(obj)
            obj_state = (mat, pdfium_c.FPDFText_GetFontSize(tp, i), font, fonts.get(font), not drop_rotated or _is_upright(mat))
        mat, size, font, info, keep = obj_state
        if keep:  # rotated (watermark) characters are dropped here, as pdftext._is_upright drops them
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
          f: float, height: float, doctop0: float, fonts: _FontCache) -> Char:
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


def cluster_list(xs: list[float], tolerance: float) -> list[list[float]]:
    """pdfplumber.utils.cluster_list."""
    if tolerance == 0 or len(xs) < 2:
        return [[x] for x in sorted(xs)]
    xs = sorted(xs)
    groups, current, last = [], [xs[0]], xs[0]
    for x in xs[1:]:
        if x <= last + tolerance:
            current.append(x)
        else:
            groups.append(current)
            current = [x]
        last = x
    groups.append(current)
    return groups


def cluster_objects(xs: list[Any], key: Any, tolerance: float, preserve_order: bool = False) -> list[list[Any]]:
    """pdfplumber.utils.cluster_objects: groups whose keys chain within ``tolerance``; sorted by group unless preserve_order."""
    cluster_of = {v: i for i, group in enumerate(cluster_list(list({key(x) for x in xs}), tolerance)) for v in group}
    tagged = [(x, cluster_of[key(x)]) for x in xs]
    if not preserve_order:
        tagged.sort(key=itemgetter(1))
    return [[x for x, _ in grp] for _, grp in itertools.groupby(tagged, key=itemgetter(1))]


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


# --- stage 2: ruling lines ------------------------------------------------------------------------

def _matmul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (pdfminer's mult_matrix order)."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _walk_paths(container: Any, count: Any, get: Any, base: tuple[float, ...] | None, out: list[tuple[tuple, list]] | None,
                textpage: Any = None, dropped: dict | None = None, seen: set[int] | None = None,
                texts: list[tuple] | None = None) -> None:
    """Every painted path object in content order, descending into form XObjects, with its full matrix
    (into ``out``, unless None); every text object with its form's matrix (into ``texts``); and (into
    ``dropped``, by origin) every text object pdfium's text page left without a character (``seen``:
    the text objects the text page has characters of).

    Clipping paths are not painted, so pdfminer never sees them and neither do we; a painted path that a
    clip hides is still a ruling line to pdfminer, so it is kept here too.
    """
    m = pdfium_c.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(count(container)):
        obj = get(container, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            pdfium_c.FPDFPageObj_GetMatrix(obj, m)
            mat = (m.a, m.b, m.c, m.d, m.e, m.f)
            _walk_paths(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject,
                        mat if base is None else _matmul(mat, base), out, textpage, dropped, seen, texts)
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT and dropped is not None:
            # pdfium drops a text object holding only a space (mixed-font producers write the space
            # between 一 and 个人 in Helvetica) and puts a generated space in its place. pdfminer keeps
            # it as a character, and a space character ends a word; page_chars turns the generated
            # space standing exactly on such an object's origin back into that character. What else
            # the text page drops is an overprint (fake bold) or lost text: see fidelity.lost_text.
            if seen is None:
                lost = pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) <= 2  # just the terminating NUL
            else:
                lost = (ctypes.cast(obj, ctypes.c_void_p).value or 0) not in seen
            if lost:
                font, size, mat = text_state(obj, base)
                dropped[(round(mat[4], 3), round(mat[5], 3))] = [font, size, mat, False]
            if texts is not None:  # its state is asked only when some object was dropped (fidelity.mark_overprints)
                texts.append((obj, base))
        elif out is None:
            continue
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
            if not fill.value and not stroke.value:
                continue  # "n": ends a path without painting it
            pdfium_c.FPDFPageObj_GetMatrix(obj, m)
            mat = (m.a, m.b, m.c, m.d, m.e, m.f)
            if base is not None:
                mat = _matmul(mat, base)
            segs = []
            for s in range(pdfium_c.FPDFPath_CountSegments(obj)):
                seg = pdfium_c.FPDFPath_GetPathSegment(obj, s)
                pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
                segs.append((pdfium_c.FPDFPathSegment_GetType(seg), x.value, y.value,
                             bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
            out.append((mat, segs))


def _subpaths(mat: tuple[float, ...], segs: list[tuple[int, float, float, bool]]) -> Iterable[tuple[str, list[tuple[float, float]]]]:
    """pdfium segments as pdfminer sees the path: one (shape, points) per subpath, in page space.

    pdfminer's shape letters: m, l, c (one per Bezier: pdfium gives its three points as three
    segments, the last is the end point), h (a close: pdfium instead closes with a line back to the
    start flagged "close", or flags the last point when it already is the start).
    """
    a, b, c, d, e, f = mat
    shape: list[str] = []
    pts: list[tuple[float, float]] = []
    start = None
    bez = 0
    for kind, x, y, close in segs:
        p = (a * x + c * y + e, b * x + d * y + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if shape:
                yield "".join(shape), pts
            shape, pts, start, bez = ["m"], [p], p, 0
            continue
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bez += 1
            if bez % 3:
                continue  # control points: pdfminer keeps only each curve's end point
            shape.append("c")
        else:
            shape.append("l")
        pts.append(p)
        if close:
            if shape[-1] == "l" and p == start:
                shape[-1] = "h"  # "... l h": pdfminer's h stands on the start point
            else:
                shape.append("h")
                pts.append(start)
    if shape:
        yield "".join(shape), pts


def page_objects(page: Any, textpage: Any, paths: bool = True, seen: set[int | None] | None = None,
                 ) -> tuple[list[tuple[tuple, list]], dict]:
    """Painted paths (matrix, segments; empty unless ``paths``) and the text objects pdfium's text page
    left without a character, by origin: {(x, y): [font, size, matrix, is an overprint]}. ``seen``:
    the text objects of the text page's characters, when the caller has them."""
    tp = textpage.raw if hasattr(textpage, "raw") else textpage
    if seen is None:
        tp_int = ctypes.cast(tp, ctypes.c_void_p).value
        seen = set(map(_text_object, itertools.repeat(tp_int), range(pdfium_c.FPDFText_CountChars(tp))))
    found: list[tuple[tuple, list]] = []
    dropped: dict = {}
    texts: list[tuple] = []
    _walk_paths(page.raw if hasattr(page, "raw") else page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject,
                None, found if paths else None, tp, dropped, seen, texts)
    mark_overprints(dropped, texts)
    return found, dropped


def page_edges(paths: list[tuple[tuple, list]], height: float) -> list[dict[str, Any]]:
    """pdfplumber's ``page.edges``: line edges, then rect edges, then curve edges, each in content order."""
    lines: list[dict] = []
    rects: list[dict] = []
    curves: list[dict] = []
    for mat, segs in paths:
        for shape, pts in _subpaths(mat, segs):
            if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
                shape = shape[:-2] + "h"  # pdfminer drops a redundant l before h
                pts = pts[:-2] + pts[-1:]
            if shape in ("mlh", "ml"):
                lines.append(_component(pts[:2], height))
            elif shape in ("mlllh", "mllll"):
                (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
                if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or
                                         (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
                    rects.append(_component([(x0, y0), (x2, y0), (x2, y2), (x0, y2)], height))
                else:
                    curves.append(_component(pts, height))
            else:
                curves.append(_component(pts, height))
    edges = [dict(ln, orientation="h" if ln["top"] == ln["bottom"] else "v") for ln in lines]
    for r in rects:
        edges += _rect_edges(r)
    for cv in curves:
        edges += _curve_edges(cv)
    return edges


def _component(pts: list[tuple[float, float]], height: float) -> dict[str, Any]:
    """An LTCurve's attributes as pdfplumber stores them (bounds of the points, y from the top)."""
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    return {"x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0, "width": x1 - x0, "height": y1 - y0,
            "pts": [(x, height - y) for x, y in pts]}


def _rect_edges(r: dict[str, Any]) -> list[dict[str, Any]]:
    """pdfplumber.utils.rect_to_edges (only the attributes the table finder reads)."""
    top, bottom, height, width = r["top"], r["bottom"], r["height"], r["width"]
    return [
        {"x0": r["x0"], "x1": r["x1"], "top": top, "bottom": top, "width": width, "height": 0, "orientation": "h"},
        {"x0": r["x0"], "x1": r["x1"], "top": top + height, "bottom": bottom, "width": width, "height": 0, "orientation": "h"},
        {"x0": r["x0"], "x1": r["x0"], "top": top, "bottom": bottom, "width": 0, "height": height, "orientation": "v"},
        {"x0": r["x1"], "x1": r["x1"], "top": top, "bottom": bottom, "width": 0, "height": height, "orientation": "v"},
    ]


def _curve_edges(cv: dict[str, Any]) -> list[dict[str, Any]]:
    """pdfplumber.utils.curve_to_edges."""
    out = []
    for p0, p1 in zip(cv["pts"], cv["pts"][1:]):
        out.append({"x0": min(p0[0], p1[0]), "x1": max(p0[0], p1[0]), "top": min(p0[1], p1[1]), "bottom": max(p0[1], p1[1]),
                    "width": abs(p0[0] - p1[0]), "height": abs(p0[1] - p1[1]),
                    "orientation": "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)})
    return out


# --- stage 3: the table grid ----------------------------------------------------------------------

def _long_enough(edges: list[dict], orientation: str | None, min_length: float) -> list[dict]:
    return [e for e in edges if (orientation is None or e["orientation"] == orientation)
            and e["height" if e["orientation"] == "v" else "width"] >= min_length]


def _snap(edges: list[dict], attr: str, tolerance: float) -> list[dict]:
    """pdfplumber.utils.snap_objects: move every edge of a cluster to the cluster's mean."""
    out = []
    for cluster in cluster_objects(edges, itemgetter(attr), tolerance):
        avg = sum(e[attr] for e in cluster) / len(cluster)
        for e in cluster:
            shift = avg - e[attr]
            if attr == "x0":
                out.append(dict(e, x0=e["x0"] + shift, x1=e["x1"] + shift))
            else:
                out.append(dict(e, top=e["top"] + shift, bottom=e["bottom"] + shift))
    return out


def _join(edges: list[dict], orientation: str, tolerance: float) -> list[dict]:
    """pdfplumber.table.join_edge_group: join collinear edges that overlap or nearly touch."""
    lo, hi, size = ("x0", "x1", "width") if orientation == "h" else ("top", "bottom", "height")
    ordered = sorted(edges, key=itemgetter(lo))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[lo] <= last[hi] + tolerance:
            if e[hi] > last[hi]:
                joined[-1] = dict(last, **{hi: e[hi], size: e[hi] - last[lo]})
        else:
            joined.append(e)
    return joined


def merge_edges(edges: list[dict]) -> list[dict]:
    """The "lines" strategy's edges: prefilter, snap, join, filter (TableFinder.get_edges)."""
    v = _long_enough(edges, "v", EDGE_PREFILTER)
    h = _long_enough(edges, "h", EDGE_PREFILTER)
    snapped = _snap(v, "x0", SNAP) + _snap(h, "top", SNAP)
    group = lambda e: ("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"])  # noqa: E731
    merged: list[dict] = []
    for k, items in itertools.groupby(sorted(snapped, key=group), key=group):
        merged += _join(list(items), k[0], JOIN)
    return _long_enough(merged, None, EDGE_MIN)


def intersections(edges: list[dict]) -> dict[tuple[float, float], dict[str, list]]:
    """pdfplumber.table.edges_to_intersections, with its 3 pt tolerance."""
    out: dict[tuple[float, float], dict[str, list]] = {}
    v_edges = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    h_edges = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    for v in v_edges:
        for h in h_edges:
            if (v["top"] <= h["top"] + INTERSECT and v["bottom"] >= h["top"] - INTERSECT
                    and v["x0"] >= h["x0"] - INTERSECT and v["x0"] <= h["x1"] + INTERSECT):
                vertex = (v["x0"], h["top"])
                hit = out.get(vertex)
                if hit is None:
                    hit = out[vertex] = {"v": [], "h": []}
                hit["v"].append(v)
                hit["h"].append(h)
    return out


def cells(points: dict[tuple[float, float], dict[str, list]]) -> list[tuple[float, float, float, float]]:
    """pdfplumber.table.intersections_to_cells: for each point, the smallest cell it is the top-left of.

    Same search order as pdfplumber; the points below and to the right come from indexes instead
    of a scan of every later point.
    """
    bbox = itemgetter("x0", "top", "x1", "bottom")
    v_of = {p: {bbox(e) for e in d["v"]} for p, d in points.items()}
    h_of = {p: {bbox(e) for e in d["h"]} for p, d in points.items()}

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        if p1[0] == p2[0] and not v_of[p1].isdisjoint(v_of[p2]):
            return True
        return p1[1] == p2[1] and not h_of[p1].isdisjoint(h_of[p2])

    ordered = sorted(points)
    by_x: dict[float, list] = {}
    by_y: dict[float, list] = {}
    at: dict[tuple[float, float], tuple[int, int]] = {}
    for p in ordered:  # ascending (x, y): each list is in the order pdfplumber's scan meets them
        col = by_x.setdefault(p[0], [])
        row = by_y.setdefault(p[1], [])
        at[p] = (len(col), len(row))
        col.append(p)
        row.append(p)
    out = []
    for pt in ordered[:-1]:
        i, j = at[pt]
        below = by_x[pt[0]][i + 1:]  # same x, greater y
        right = by_y[pt[1]][j + 1:]  # same y, greater x
        found = None
        for b in below:
            if not connects(pt, b):
                continue
            for r in right:
                if not connects(pt, r):
                    continue
                corner = (r[0], b[1])
                if corner in points and connects(corner, r) and connects(corner, b):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


def tables(cell_list: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber.table.cells_to_tables: groups of cells sharing corners, top-to-bottom, more than one cell.

    pdfplumber grows a group by rescanning the remaining cells until none joins, i.e. it finds the
    connected components of "shares a corner"; here the same components come from one walk over a
    corner -> cells index. Cell order inside a table does not matter (rows are sorted from it).
    """
    by_corner: dict[tuple[float, float], list[int]] = {}
    corners = []
    for n, (x0, top, x1, bottom) in enumerate(cell_list):
        cc = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
        corners.append(cc)
        for c in cc:
            by_corner.setdefault(c, []).append(n)
    seen = [False] * len(cell_list)
    found = []
    for start in range(len(cell_list)):
        if seen[start]:
            continue
        seen[start] = True
        group, todo = [], [start]
        while todo:
            n = todo.pop()
            group.append(n)
            for c in corners[n]:
                for m in by_corner[c]:
                    if not seen[m]:
                        seen[m] = True
                        todo.append(m)
        found.append([cell_list[n] for n in sorted(group)])
    found.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in found if len(t) > 1]


def table_rows(table: list[tuple[float, float, float, float]]) -> list[list[tuple | None]]:
    """pdfplumber Table.rows: cells by top, one slot per distinct x0 of the table, None where none starts."""
    xs = sorted({c[0] for c in table})
    rows = []
    for _, row_cells in itertools.groupby(sorted(table, key=itemgetter(1, 0)), itemgetter(1)):
        by_x = {c[0]: c for c in row_cells}
        rows.append([by_x.get(x) for x in xs])
    return rows


def find_tables(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    return tables(cells(intersections(merge_edges(edges))))


# --- stages 4 and 5: text -------------------------------------------------------------------------

def _begins_word(prev: Char, cur: Char, upright: bool) -> bool:
    """WordExtractor.char_begins_new_word for ltr lines (upright) and ttb lines (rotated)."""
    if upright:
        return cur.x0 < prev.x0 or cur.x0 > prev.x1 + X_TOL or abs(cur.top - prev.top) > Y_TOL
    return cur.top < prev.top or cur.top > prev.bottom + Y_TOL or abs(cur.x0 - prev.x0) > X_TOL


def _line_words(line: list[Char], upright: bool, out: list[tuple[str, list[Char]]]) -> None:
    """The words of one line, its characters already in reading order, appended to ``out``."""
    current: list[Char] = []
    for ch in line:
        if ch.text.isspace() or not ch.text:
            if current:
                out.append(("".join(LIGATURES.get(c.text, c.text) for c in current), current))
            current = []
        elif current and _begins_word(current[-1], ch, upright):
            out.append(("".join(LIGATURES.get(c.text, c.text) for c in current), current))
            current = [ch]
        else:
            current.append(ch)
    if current:
        out.append(("".join(LIGATURES.get(c.text, c.text) for c in current), current))


def words(chars: list[Char]) -> list[tuple[str, list[Char]]]:
    """WordExtractor.iter_extract_tuples with the defaults: runs of one uprightness, lines, words."""
    out: list[tuple[str, list[Char]]] = []
    for upright, run in itertools.groupby(chars, key=lambda ch: ch.upright):
        line_key = (lambda ch: ch.top) if upright else (lambda ch: ch.x0)
        sort_key = (lambda ch: ch.x0) if upright else (lambda ch: (ch.top, ch.bottom))
        for line in cluster_objects(list(run), line_key, Y_TOL if upright else X_TOL):
            _line_words(sorted(line, key=sort_key), upright, out)
    return out


def extract_text(chars: list[Char]) -> str:
    """pdfplumber.utils.extract_text without layout: words, lines by top (3 pt), joined by space and newline."""
    if not chars:
        return ""
    # Most table cells hold one upright line: every top within the tolerance makes one cluster of
    # characters and one of words, so the clustering can be skipped (same result, a third of the work).
    tops = [ch.top for ch in chars]
    if max(tops) - min(tops) <= Y_TOL and all(ch.upright for ch in chars):
        out: list[tuple[str, list[Char]]] = []
        _line_words(sorted(chars, key=lambda ch: ch.x0), True, out)
        return " ".join(w for w, _ in out)
    ws = words(chars)
    lines = cluster_objects(ws, lambda w: min(c.top for c in w[1]), Y_TOL)
    return "\n".join(" ".join(w[0] for w in line) for line in lines)


def text_lines(chars: list[Char]) -> list[tuple[float, str]]:
    """page.extract_text_lines(return_chars=False): (top, text) of each non-blank line of the text map.

    The text map keeps the words in extraction order (presorted) and starts a new line where a
    word's top leaves the current cluster; lines are stripped of the spaces between words.
    """
    ws = words(chars)
    if not ws:
        return []
    tops = [min(c.top for c in w[1]) for w in ws]
    out = []
    for line in cluster_objects(list(zip(ws, tops)), itemgetter(1), Y_TOL, preserve_order=True):
        text = " ".join(w[0] for w, _ in line).strip(" ")
        if text.strip():  # whitespace-only matches are dropped
            out.append((min(t for _, t in line), text))
    return out


def chars_by_middle(chars: list[Char]) -> tuple[list[float], list[Char]]:
    """Characters sorted by vertical middle (and that middle), for table_cells."""
    for n, ch in enumerate(chars):
        ch._n = n
    ordered = sorted(chars, key=lambda ch: (ch.top + ch.bottom) / 2)
    return [(ch.top + ch.bottom) / 2 for ch in ordered], ordered


def _position(ch: Char) -> int:
    return ch._n


def _inside(ch: Char, boxes: list[tuple[float, float, float, float]]) -> bool:
    """pdftext._inside: the centre within a table's box, edges included."""
    x = (ch.x0 + ch.x1) / 2
    y = (ch.top + ch.bottom) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def table_cells(table: list[tuple[float, float, float, float]], chars: list[Char],
                by_middle: tuple[list[float], list[Char]] | None = None,
                ) -> list[tuple[float, tuple[str | None, ...], tuple[tuple[float, float] | None, ...]]]:
    """Table.extract(): (row top, cells, each cell's x0 and x1) per row; None for a spanned slot, "" for
    an empty cell.

    ``by_middle`` (``chars_by_middle(chars)``) lets a row take its band of characters by bisection
    instead of a scan of the page; the order within the band stays the page's order."""
    from bisect import bisect_left

    mids, ordered = by_middle or chars_by_middle(chars)
    out = []
    for row in table_rows(table):
        real = [c for c in row if c is not None]
        rbox = (min(c[0] for c in real), min(c[1] for c in real), max(c[2] for c in real), max(c[3] for c in real))
        band = ordered[bisect_left(mids, rbox[1]):bisect_left(mids, rbox[3])]
        band.sort(key=_position)
        x0, top, x1, bottom = rbox
        row_chars = [(h, v, ch) for ch in band
                     if x0 <= (h := (ch.x0 + ch.x1) / 2) < x1 and top <= (v := (ch.top + ch.bottom) / 2) < bottom]
        texts = tuple(None if c is None else
                      extract_text([ch for h, v, ch in row_chars if c[0] <= h < c[2] and c[1] <= v < c[3]]) for c in row)
        out.append((rbox[1], texts, tuple(None if c is None else (c[0], c[2]) for c in row)))
    return out


# --- the page -------------------------------------------------------------------------------------

def read_items(doc: pypdfium2.PdfDocument, index: int, drop_rotated: bool = True, dedupe: bool = True,
               faithful: bool = False) -> list[Item] | None:
    """Table rows and loose text lines of page ``index`` (0-based), as ``PdfText._read`` makes them.

    With ``faithful``, None when pdfium's text page left out text pdfminer reads (a text object
    without a character that is neither a space pdfium replaced nor an overprint dedupe removes;
    see fidelity.lost_text): pdfplumber must read the page."""
    page = doc[index]
    try:
        if pdfium_c.FPDFPage_GetRotation(page.raw) != 0:
            raise Unsupported("rotated page")
        left, bottom, right, top_ = page.get_mediabox()
        if left != 0 or bottom != 0:
            raise Unsupported("MediaBox not at the origin")
        height = top_ - bottom
        doctop0 = sum(doc.get_page_size(i)[1] for i in range(index))  # pdfplumber's doctop: heights of earlier pages
        textpage = page.get_textpage()
        try:
            paths, dropped = page_objects(page, textpage)
            chars = page_chars(textpage, height, doctop0, _FontCache(), drop_rotated, dropped)
        finally:
            textpage.close()
        if faithful and unexplained(dropped, drop_rotated):
            return None
        edges = page_edges(paths, height)
    finally:
        page.close()
    return items_from(chars, edges, index, dedupe)


def items_from(chars: list[Char], edges: list[dict], index: int, dedupe: bool = True) -> list[Item]:
    """Stages 3-5 on extracted characters and edges (split out so the bench can time them)."""
    # Imported here, not at the top: pdftext imports this module, and Item and normalize_text must
    # exist by then. PdfText._read passes cell and line text through normalize_text (radical code
    # points a browser's text layer uses -> ideographs); so does this path, so the Items are equal.
    from . import pdftext

    Item, _normalize = pdftext.Item, pdftext.normalize_text
    if dedupe:
        chars = dedupe_chars(chars)
    items: list[Item] = []
    boxes = []
    by_middle = None
    for table in find_tables(edges):
        boxes.append((min(c[0] for c in table), min(c[1] for c in table), max(c[2] for c in table), max(c[3] for c in table)))
        by_middle = by_middle or chars_by_middle(chars)
        for top, row, xs in table_cells(table, chars, by_middle):
            items.append(Item(page=index + 1, top=top, cells=tuple(None if c is None else _normalize(c) for c in row), xs=xs))
    rest = [ch for ch in chars if not _inside(ch, boxes)] if boxes else chars
    for top, text in text_lines(rest):
        items.append(Item(page=index + 1, top=top, text=_normalize(text)))
    items.sort(key=lambda it: (it.top, 0 if it.is_row else 1))
    return items
