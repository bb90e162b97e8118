"""Stage 2 of the pdfium path: the page's objects, walked once (form XObjects included).

Painted paths become pdfplumber's ``page.edges`` (classified the way pdfminer classifies paths:
line, rect, curve); text objects pdfium's text page left without a character are collected by
origin, and those that are an overprint (fake bold) pdfplumber's ``dedupe_chars`` removes as well are
marked, for ``fidelity`` and for ``chars.page_chars`` (a space object pdfium replaced).
"""

from __future__ import annotations

import ctypes
import itertools
from typing import Any, Iterable

import pypdfium2.raw as pdfium_c

from ..tables import DEDUPE_TOL
from .calls import text_object


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
            if texts is not None:  # its state is asked only when some object was dropped (mark_overprints)
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
        seen = set(map(text_object, itertools.repeat(tp_int), range(pdfium_c.FPDFText_CountChars(tp))))
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


def text_state(obj: Any, base: tuple[float, ...] | None) -> tuple[Any, float, tuple[float, ...]]:
    """A text object's font, font size and full matrix (its form's included)."""
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    mat = (m.a, m.b, m.c, m.d, m.e, m.f)
    if base is not None:
        mat = _matmul(mat, base)
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(obj, size)
    return pdfium_c.FPDFTextObj_GetFont(obj), size.value, mat


def mark_overprints(dropped: dict, texts: list[tuple]) -> None:
    """Flag each dropped text object that is an overprint pdfplumber's dedupe_chars removes as well:
    another text object has its font, size and matrix, stands within DEDUPE_TOL of its origin in x
    and y, and is the copy dedupe keeps (the least (top, x0)).

    pdfium drops a copy (a whole object, or each of its characters) only where the character codes
    are the same as the kept one's (CPDF_TextPage::IsSameTextObject and its per-character check), so
    the text is the same; a dropped object with no such twin is text pdfium lost.
    """
    if not dropped:
        return
    grid: dict[tuple, list[tuple[float, float]]] = {}
    for obj, base in texts:
        font, size, (a, b, c, d, e, f) = text_state(obj, base)
        font = ctypes.cast(font, ctypes.c_void_p).value or 0
        grid.setdefault((font, size, a, b, c, d, int(e // 1), int(f // 1)), []).append((e, f))
    for entry in dropped.values():
        font, size, (a, b, c, d, e, f) = ctypes.cast(entry[0], ctypes.c_void_p).value or 0, entry[1], entry[2]
        here = 0  # objects exactly on (e, f): this one, and a twin when more than one
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for e2, f2 in grid.get((font, size, a, b, c, d, int(e // 1) + dx, int(f // 1) + dy), ()):
                    if (e2, f2) == (e, f):
                        here += 1
                    elif abs(e - e2) <= DEDUPE_TOL and abs(f - f2) <= DEDUPE_TOL and (f2 > f or (f2 == f and e2 < e)):
                        entry[3] = True
        entry[3] = entry[3] or here > 1
