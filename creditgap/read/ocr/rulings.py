"""Stages 1-3 of the OCR grid: the ruling lines of a page image, as pdfplumber edges in PDF points.

1. ``_normalise``  the page divided by its background (a max filter on a quarter-size copy): uneven
                   light of a phone photo and the grey of a scan become white, and one threshold
                   serves the whole page (an adaptive threshold); ``LINE_INK`` for rulings (faint grey
                   grid lines count);
2. ``_segments``   opening with long thin kernels keeps the horizontal and the vertical strokes;
                   each connected piece is fitted with a line (least squares on its pixels), which
                   measures the residual skew; the pieces are turned by it into axis-parallel edges;
3. ``_join``       collinear pieces of a broken ruling joined across gaps pdfplumber's 3 pt would not
                   bridge; short verticals kept only where they close a cell (glyph strokes do not).

``find_rulings`` gives the normalised page, the ruling masks, the grid frame (the residual skew
turned out) and the edges, which ``grid`` hands to the table finder every reader uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np

from ..tables import INTERSECT, cluster_objects
from .types import Word

LINE_INK = 228  # normalised grey (white 255) below which a pixel, averaged along a ruling, belongs to it
LINE_SMOOTH = 3.0  # pt: the length of that average
RAW_INK = 242  # ... and below which the pixel itself is
H_KERNEL = 14.0  # pt: shortest horizontal stroke taken for a ruling (a heading's 一 is ~12 pt)
V_KERNEL = 8.0  # pt: shortest vertical one (a one-row cell is ~15 pt high)
V_FREE = 24.0  # pt: a vertical shorter than this is kept only when both its ends meet a horizontal
ALIGN = 1.5  # pt: ... and a longer vertical within this of its x
COLUMN_REACH = 80.0  # pt: ... ends no further than this above or below it
MAX_THICK = 2.5  # pt: a ruling is thinner than this (residual of the fit)
GAP_H = 10.0  # pt: gaps bridged in a horizontal ruling (a scan's broken line)
GAP_V = 5.0  # pt: ... in a vertical one (a spanned row is at least ~12 pt high: never bridged)
EXTEND = 4.0  # pt: a vertical's end this short of a long horizontal is taken to it (a horizontal's
# end, by the length of a piece too short for the opening, H_KERNEL)
SMALL_PIECE = 20.0  # pt: ink pieces smaller than this both ways are glyphs, not rulings
LONG = 40.0  # pt: a ruling this long is no watermark stroke
GREY_MARGIN = 20  # a shorter piece may be this much lighter than the lightest long ruling
GREY_FLOOR = 200  # ... and always as dark as this
SKEW_MIN = 0.02  # degrees: residual skew below this is ignored


def _normalise(gray: np.ndarray, scale: float) -> np.ndarray:
    """The page over its background: paper 255 everywhere, ink as dark as it is against its paper."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = max(3, int(round(1.5 * scale)) | 1)  # ~6 pt at full size: wider than any stroke
    bg = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.blur(bg, (k, k))
    bg = cv2.resize(bg, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    bg = np.maximum(bg, 1)
    return cv2.divide(gray, bg, scale=255)


class _Segment:
    __slots__ = ("a", "b", "lo", "hi", "grey")

    def __init__(self, a: float, b: float, lo: float, hi: float, grey: float):
        self.a, self.b, self.lo, self.hi = a, b, lo, hi  # across = a * along + b, along in [lo, hi] (pixels)
        self.grey = grey  # mean normalised grey of its pixels


def _segments(norm: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray, list[_Segment], list[_Segment]]:
    """Horizontal and vertical ruling masks and their pieces as fitted segments (pixels)."""
    raw = cv2.threshold(norm, RAW_INK, 255, cv2.THRESH_BINARY_INV)[1]
    masks = []
    along = max(3, int(round(LINE_SMOOTH * scale)))
    for horizontal in (True, False):
        # averaged along the direction, a faint or blurred ruling keeps its grey while noise and
        # glyph strokes across it fade
        smooth = cv2.blur(norm, (along, 1) if horizontal else (1, along))
        dark = cv2.threshold(smooth, LINE_INK, 255, cv2.THRESH_BINARY_INV)[1]
        dark = cv2.bitwise_and(dark, raw)  # the average must not stretch a glyph's stroke to a ruling
        # glyphs are small pieces of ink; rulings are long or hang together with long ones (a
        # glyph's stroke in a caption between two tables must not join their verticals)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
        big = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= SMALL_PIECE * scale
        big[0] = False
        dark = np.where(big[labels], dark, 0).astype(np.uint8)
        k = max(8, int(round((H_KERNEL if horizontal else V_KERNEL) * scale)))
        thicken = np.ones((3, 1) if horizontal else (1, 3), np.uint8)  # a 1 px line, a slight skew
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1) if horizontal else (1, k))
        mask = cv2.morphologyEx(cv2.dilate(dark, thicken), cv2.MORPH_OPEN, kernel)
        masks.append((cv2.bitwise_and(mask, dark), k))
    out = []
    t = max(3, int(math.ceil(MAX_THICK * scale)))
    for horizontal, (mask, k), (other, _) in ((True, masks[0], masks[1]), (False, masks[1], masks[0])):
        # a solid patch (a bold glyph, a stamp) is thicker than a ruling: taken out, the ruling
        # through it keeps two ends that ``_join`` puts together again. Not where a ruling crosses
        # it: a blurred ruling (a phone photo) and its crossing's ink are that thick together, and
        # cut there every short cell's side fell apart into pieces too short to count
        thick = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((t, 1) if horizontal else (1, t), np.uint8))
        crossing = cv2.dilate(_long_only(other, not horizontal, LONG * scale), np.ones((3, 3), np.uint8))
        thick = cv2.bitwise_and(thick, cv2.bitwise_not(crossing))
        mask = cv2.bitwise_and(mask, cv2.bitwise_not(thick))
        out.append((mask, _fit(mask, norm, horizontal, scale, k)))
    (h_mask, h_segs), (v_mask, v_segs) = out
    # the watermark's strokes are lighter than any ruling: a short piece much lighter than every
    # long ruling (no watermark makes one) is dropped
    long = [sg.grey for sg in h_segs + v_segs if sg.hi - sg.lo >= LONG * scale]
    if long:
        limit = max(max(long) + GREY_MARGIN, GREY_FLOOR)
        h_segs = [sg for sg in h_segs if sg.hi - sg.lo >= LONG * scale or sg.grey <= limit]
        v_segs = [sg for sg in v_segs if sg.hi - sg.lo >= LONG * scale or sg.grey <= limit]
    return h_mask, v_mask, h_segs, v_segs


def _long_only(mask: np.ndarray, horizontal: bool, length: float) -> np.ndarray:
    """The pieces of a ruling mask at least ``length`` pixels long (a table's rulings; a glyph's or
    the watermark's strokes are shorter)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = stats[:, cv2.CC_STAT_WIDTH if horizontal else cv2.CC_STAT_HEIGHT] >= length
    keep[0] = False
    return np.where(keep[labels], mask, 0).astype(np.uint8)


def _fit(mask: np.ndarray, norm: np.ndarray, horizontal: bool, scale: float, min_len: int) -> list[_Segment]:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return []
    ys, xs = np.nonzero(mask)
    lab = labels[ys, xs]
    along, across = (xs, ys) if horizontal else (ys, xs)
    along = along.astype(np.float64)
    across = across.astype(np.float64)
    cnt = np.bincount(lab, minlength=n).astype(np.float64)
    cnt[cnt == 0] = 1
    sa = np.bincount(lab, along, n)
    sc = np.bincount(lab, across, n)
    saa = np.bincount(lab, along * along, n)
    sac = np.bincount(lab, along * across, n)
    scc = np.bincount(lab, across * across, n)
    grey = np.bincount(lab, norm[ys, xs].astype(np.float64), n) / cnt
    lo = stats[:, cv2.CC_STAT_LEFT if horizontal else cv2.CC_STAT_TOP].astype(np.float64)
    hi = lo + stats[:, cv2.CC_STAT_WIDTH if horizontal else cv2.CC_STAT_HEIGHT] - 1
    ma, mc = sa / cnt, sc / cnt
    var_a = saa / cnt - ma * ma
    cov = sac / cnt - ma * mc
    slope = np.where(var_a > 1e-9, cov / np.maximum(var_a, 1e-9), 0.0)
    resid = np.maximum(scc / cnt - mc * mc - slope * cov, 0.0)
    segs = []
    thick = MAX_THICK * scale
    for i in range(1, n):
        if hi[i] - lo[i] + 1 < min_len or math.sqrt(resid[i]) * 2 > thick:
            continue
        segs.append(_Segment(float(slope[i]), float(mc[i] - slope[i] * ma[i]), float(lo[i]), float(hi[i]), float(grey[i])))
    return segs


def _skew(h: list[_Segment], v: list[_Segment]) -> float:
    """Residual rotation (radians, positive = the page turned clockwise on screen), the length-weighted
    median of the long pieces' slopes; 0 when below ``SKEW_MIN``."""
    angles = [(math.atan(s.a), s.hi - s.lo) for s in h] + [(-math.atan(s.a), s.hi - s.lo) for s in v]
    if not angles:
        return 0.0
    angles.sort()
    total = sum(w for _, w in angles)
    acc = 0.0
    for a, w in angles:
        acc += w
        if acc >= total / 2:
            return a if abs(math.degrees(a)) >= SKEW_MIN else 0.0
    return 0.0


class Frame:
    """The grid frame: image points turned by -theta about the page centre, in PDF points."""

    def __init__(self, theta: float, cx: float, cy: float, scale: float):
        self.c, self.s = math.cos(theta), math.sin(theta)
        self.cx, self.cy, self.scale = cx / scale, cy / scale, scale
        self.turned = theta != 0.0

    def to_grid(self, x: float, y: float) -> tuple[float, float]:
        """A page point (pt) into the grid frame."""
        if not self.turned:
            return x, y
        dx, dy = x - self.cx, y - self.cy
        return self.cx + self.c * dx + self.s * dy, self.cy - self.s * dx + self.c * dy

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        if not self.turned:
            return x, y
        dx, dy = x - self.cx, y - self.cy
        return self.cx + self.c * dx - self.s * dy, self.cy + self.s * dx + self.c * dy

    def xs_back(self, box: tuple[float, float, float, float]) -> tuple[float, float]:
        mid = (box[1] + box[3]) / 2
        return self.to_page(box[0], mid)[0], self.to_page(box[2], mid)[0]

    def top_back(self, top: float, x: float) -> float:
        return self.to_page(x, top)[1]


def _edges(h: list[_Segment], v: list[_Segment], frame: Frame) -> list[dict]:
    """Ruling pieces as pdfplumber edges in the grid frame (points), broken rulings joined."""
    s = frame.scale
    hs = []
    for seg in h:
        p = frame.to_grid(seg.lo / s, (seg.a * seg.lo + seg.b) / s)
        q = frame.to_grid(seg.hi / s, (seg.a * seg.hi + seg.b) / s)
        hs.append([(p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])])
    vs = []
    for seg in v:
        p = frame.to_grid((seg.a * seg.lo + seg.b) / s, seg.lo / s)
        q = frame.to_grid((seg.a * seg.hi + seg.b) / s, seg.hi / s)
        vs.append([(p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])])
    hs = _join(hs, GAP_H)
    vs = _join(vs, GAP_V)
    # an end a dropout cut short of a crossing ruling reaches it again (a broken corner would
    # otherwise lose its intersection and merge two cells)
    long_v = [v[:3] for v in vs if v[3] >= V_FREE]
    long_h = [h[:3] for h in hs if h[3] >= V_FREE]
    hs = [(y, _reach(x0, -1, y, long_v, H_KERNEL), _reach(x1, 1, y, long_v, H_KERNEL)) for y, x0, x1, _ in hs]
    vs = [(x, _reach(top, -1, x, long_h, EXTEND), _reach(bottom, 1, x, long_h, EXTEND), n) for x, top, bottom, n in vs]
    # a vertical without one long piece (a glyph's stroke, or strokes chained by the watermark)
    # counts only where it closes a cell, in line with a long vertical nearby drawing that column
    free = [v[:3] for v in vs if v[3] >= V_FREE]
    keep = list(free)
    for x, top, bottom, n in vs:
        if (n < V_FREE and _meets(hs, x, top) and _meets(hs, x, bottom)
                and any(abs(fx - x) <= ALIGN and ftop - COLUMN_REACH <= bottom and fbottom + COLUMN_REACH >= top
                        for fx, ftop, fbottom in free)):
            keep.append((x, top, bottom))
    edges = [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h"}
             for y, x0, x1 in hs]
    edges += [{"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top, "orientation": "v"}
              for x, top, bottom in keep]
    return edges


def _not_through_words(edges: list[dict], words: Sequence[Word], frame: Frame) -> list[dict]:
    """Horizontal edges without those that run through the middle of recognised text: a ruling lies
    between text lines, while a blurred run of digits (a long account number) can pass the opening
    as a line and would split its cell in two (seen on a scan of detailed-clean)."""
    bands = []
    for w in words:
        x0, top = frame.to_grid(w.x0, w.top)
        x1, bottom = frame.to_grid(w.x1, w.bottom)
        inset = (bottom - top) * 0.2
        bands.append((x0, x1, top + inset, bottom - inset))
    kept = []
    for e in edges:
        if e["orientation"] == "h" and e["width"] > 0:
            through = sum(max(0.0, min(e["x1"], x1) - max(e["x0"], x0))
                          for x0, x1, top, bottom in bands if top <= e["top"] <= bottom)
            if through >= 0.5 * e["width"]:
                continue
        kept.append(e)
    return kept


def _join(segs: list[list[float]], gap: float) -> list[tuple[float, float, float, float]]:
    """Collinear pieces (position within pdfplumber's snap tolerance) joined across ``gap``:
    (position, start, end, longest piece)."""
    out = []
    for group in cluster_objects(segs, lambda t: t[0], 3):
        group.sort(key=lambda t: t[1])
        cur = list(group[0]) + [group[0][2] - group[0][1]]
        for pos, lo, hi in group[1:]:
            if lo <= cur[2] + gap:
                w_old, w_new = cur[2] - cur[1], hi - lo
                cur[0] = (cur[0] * w_old + pos * w_new) / max(w_old + w_new, 1e-9)
                cur[2] = max(cur[2], hi)
                cur[3] = max(cur[3], w_new)
            else:
                out.append((cur[0], cur[1], cur[2], cur[3]))
                cur = [pos, lo, hi, hi - lo]
        out.append((cur[0], cur[1], cur[2], cur[3]))
    return out


def _reach(end: float, way: int, pos: float, across: list[tuple[float, float, float]], gap: float) -> float:
    """``end`` of a ruling at ``pos`` moved (``way`` -1: back, 1: on) to a crossing ruling less than
    ``gap`` beyond it, if one is."""
    best = end
    for at, lo, hi in across:
        if lo - INTERSECT <= pos <= hi + INTERSECT and 0 < (at - end) * way <= gap:
            if (at - best) * way > 0:
                best = at if best == end or (at - end) * way < (best - end) * way else best
    return best


def _meets(hs: list[tuple[float, float, float]], x: float, y: float) -> bool:
    return any(abs(hy - y) <= INTERSECT and x0 - INTERSECT <= x <= x1 + INTERSECT for hy, x0, x1 in hs)


@dataclass(frozen=True, slots=True)
class Rulings:
    """What the ruling lines of a page image give the grid: all at the working scale."""

    norm: np.ndarray  # the page over its background (paper 255)
    h_mask: np.ndarray  # horizontal ruling pixels
    v_mask: np.ndarray  # vertical ruling pixels
    frame: Frame  # page points ↔ grid frame (the residual skew turned out)
    edges: list[dict]  # pdfplumber edges in the grid frame, in points


def find_rulings(small: np.ndarray, ws: float, words: Sequence[Word]) -> Rulings:
    """The rulings of ``small`` (8-bit greyscale at ``ws`` pixels per point); ``words`` keep a blurred
    run of digits from passing as a ruling."""
    norm = _normalise(small, ws)
    h_mask, v_mask, h_segs, v_segs = _segments(norm, ws)
    theta = _skew(h_segs, v_segs)
    frame = Frame(theta, small.shape[1] / 2, small.shape[0] / 2, ws)
    edges = _not_through_words(_edges(h_segs, v_segs, frame), words, frame)
    return Rulings(norm, h_mask, v_mask, frame, edges)
