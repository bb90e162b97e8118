"""详版 table cells from a page image: the recogniser's words put in the cells found from the ruling
lines (``rulings``), inked cells the page detector missed read again one by one.

The result must pair like the text path's rows (``plumber.read_page``, pdfplumber's "lines" finder),
so the rulings are handed, as edges in PDF points, to the very table finder the pdfium path uses
(``read.tables.find_tables``: snap, join, intersections, cells, tables, rows with None for a spanned
column). Only the edges come from pixels. Then:

4. words           each to the cell holding its centre (pdfplumber's rule for characters); a box the
                   recogniser ran across a ruling is split at it; a cell's words make lines by their
                   vertical middle, left to right, joined by a space; the lines are joined with
                   nothing between them (a wrapped value is one value);
5. ink             every cell's glyph ink with the rulings masked (``TEXT_INK``: the light grey
                   watermark does not count): ``Cell.inked``; a cell with ink no word box covers (an
                   empty ``--``, a lost ``0``) or with a split box is cropped line by line and sent to
                   ``recognise`` alone.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, Sequence

import cv2
import numpy as np

from ..tables import INTERSECT, Y_TOL, cluster_objects, find_tables, table_rows
from .rulings import Frame, find_rulings
from .types import Cell, Row, Word

if TYPE_CHECKING:
    Recognise = Callable[[np.ndarray], tuple[str, float]]

TEXT_INK = 165  # normalised grey (white 255) below which a pixel is glyph ink (the report's watermark is ~230)
CELL_PAD = 1.2  # pt: cell interior starts this far inside its rulings
MIN_BLOB = 0.7  # pt²: glyph ink pieces smaller than this are specks (a '.' is ~1 pt², a '-' ~2 pt²)
UNCOVERED = 1.5  # pt²: ink outside every word box that makes a cell worth reading again
COVER_PAD = 1.5  # pt: word boxes grown by this before they count as covering ink
LINE_MAX = 9.0  # pt: pieces of ink in one cell spanning at most this are one line of text (三 has gaps)
CROP_HEIGHT = 12.0  # pt: a crop sent to the recogniser is at least this high
CROP_SIDE = 3.0  # pt: ... with this much paper left and right of the ink


def find_rows(gray: np.ndarray, words: Sequence[Word], scale: float, page: int,
              recognise: Recognise | None = None) -> tuple[list[Row], list[Word]]:
    """Table rows of a page image, in reading order, and the words outside every table.

    ``gray``: 8-bit greyscale, deskewed; ``scale``: pixels per PDF point; ``words``: the
    recogniser's boxes in points; ``recognise``: the recogniser alone on a crop (greyscale uint8,
    rulings whitened) → (text, score), or None to read nothing again. ``page`` (1-based) is only
    for the caller's messages; the rows carry no page.
    """
    del page
    if gray.ndim != 2 or gray.dtype != np.uint8:
        raise ValueError("find_rows needs an 8-bit greyscale image")
    # rulings and ink are found at about 150 dpi: each 2x2 block keeps its darkest pixel, so a
    # hairline survives, and the page costs a quarter of the work
    f = 2 if scale >= 3.0 else 1
    small = cv2.erode(gray, np.ones((f, f), np.uint8), anchor=(0, 0))[::f, ::f] if f > 1 else gray
    ws = scale / f
    found = find_rulings(small, ws, words)
    norm, frame, edges = found.norm, found.frame, found.edges
    tables = find_tables(edges) if edges else []
    if not tables:
        return [], list(words)

    rulings = cv2.dilate(cv2.bitwise_or(found.h_mask, found.v_mask), np.ones((3, 3), np.uint8))
    ink = _glyph_ink(norm, rulings, ws)
    ink_sum = cv2.integral(ink)

    boxes = [(min(c[0] for c in t), min(c[1] for c in t), max(c[2] for c in t), max(c[3] for c in t)) for t in tables]
    centres = [frame.to_grid((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for w in words]
    loose: list[Word] = []
    inside: list[tuple[Word, float, float]] = []
    for w, (cx, cy) in zip(words, centres):
        if any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes):
            inside.append((w, cx, cy))
        else:
            loose.append(w)

    covered = np.zeros_like(ink)
    pad = COVER_PAD * ws
    for w in words:
        cv2.rectangle(covered, (int(w.x0 * ws - pad), int(w.top * ws - pad)),
                      (int(math.ceil(w.x1 * ws + pad)), int(math.ceil(w.bottom * ws + pad))), 255, -1)
    bare_sum = cv2.integral(cv2.bitwise_and(ink, cv2.bitwise_not(covered)))

    out: list[Row] = []
    for table in tables:
        rows = table_rows(table)
        placed = _place(rows, inside, frame)
        for r, row in enumerate(rows):
            cells: list[Cell | None] = []
            xs: list[tuple[float, float] | None] = []
            for c, box in enumerate(row):
                if box is None:
                    cells.append(None)
                    xs.append(None)
                    continue
                got = placed.get((r, c), [])
                text, score = _text(got)
                area = _box_sum(ink_sum, box, frame)
                inked = area >= MIN_BLOB * ws * ws
                bare = _box_sum(bare_sum, box, frame) >= UNCOVERED * ws * ws
                split = any(s for _, s in got)
                if recognise is not None and inked and (bare or split):
                    again, again_score = _read_again(gray, f, rulings, ink, box, frame, recognise)
                    if again and (split or len(_squash(again)) >= len(_squash(text))):
                        text, score = again, min(again_score, min((w.score for w, _ in got), default=1.0)) if not split else again_score
                if not text and split:
                    text = ""
                cells.append(Cell(text=text, score=score, inked=inked))
                x0, x1 = frame.xs_back(box)
                xs.append((x0, x1))
            real = [b for b in row if b is not None]
            middle = (min(b[0] for b in real) + max(b[2] for b in real)) / 2
            top = frame.top_back(min(b[1] for b in real), middle)
            out.append(Row(top=top, cells=tuple(cells), xs=tuple(xs), bottom=frame.top_back(max(b[3] for b in real), middle)))
    out.sort(key=lambda row: row.top)
    return out, loose


def _glyph_ink(norm: np.ndarray, rulings: np.ndarray, scale: float) -> np.ndarray:
    """Glyph ink with the rulings masked and specks dropped (255 = ink)."""
    ink = cv2.threshold(norm, TEXT_INK, 255, cv2.THRESH_BINARY_INV)[1]
    ink = cv2.bitwise_and(ink, cv2.bitwise_not(rulings))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] < MIN_BLOB * scale * scale
    small[0] = False
    if small.any():
        ink[small[labels]] = 0
    return ink


def _pixel_box(box: tuple[float, float, float, float], frame: Frame, h: int, w: int,
               pad: float = CELL_PAD) -> tuple[int, int, int, int]:
    """A cell's interior in image pixels (its centre taken back to the page; the skew inside one
    cell is below a pixel or two, which the padding absorbs)."""
    x0, top, x1, bottom = box
    cx, cy = frame.to_page((x0 + x1) / 2, (top + bottom) / 2)
    hw, hh = (x1 - x0) / 2 - pad, (bottom - top) / 2 - pad
    s = frame.scale
    return (max(0, int(round((cx - hw) * s))), max(0, int(round((cy - hh) * s))),
            min(w, int(round((cx + hw) * s))), min(h, int(round((cy + hh) * s))))


def _box_sum(integral: np.ndarray, box: tuple[float, float, float, float], frame: Frame) -> float:
    h, w = integral.shape[0] - 1, integral.shape[1] - 1
    x0, y0, x1, y1 = _pixel_box(box, frame, h, w)
    if x1 <= x0 or y1 <= y0:
        return 0.0
    return float(integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0]) / 255


def _place(rows: list[list[tuple | None]], inside: list[tuple[Word, float, float]],
           frame: Frame) -> dict[tuple[int, int], list[tuple[Word, bool]]]:
    """Words to (row, column) by centre; a word across a ruling split at it (marked True)."""
    placed: dict[tuple[int, int], list[tuple[Word, bool]]] = {}
    for w, cx, cy in inside:
        for r, row in enumerate(rows):
            hit = None
            for c, box in enumerate(row):
                if box is not None and box[0] <= cx < box[2] and box[1] <= cy < box[3]:
                    hit = c
                    break
            if hit is None:
                continue
            dx = cx - (w.x0 + w.x1) / 2  # the word's box in the grid frame
            wx0, wx1 = w.x0 + dx, w.x1 + dx
            across = [c for c, box in enumerate(row) if box is not None
                      and min(wx1, box[2]) - max(wx0, box[0]) > INTERSECT]
            if len(across) > 1 and hit in across:
                for c, piece in _split(w, wx0, wx1, [(c, row[c]) for c in across]):
                    placed.setdefault((r, c), []).append((piece, True))
            else:
                placed.setdefault((r, hit), []).append((w, False))
            break
    return placed


def _width(ch: str) -> float:
    if ch.isspace():
        return 0.35
    return 1.0 if ord(ch) >= 0x2E80 else 0.55


def _split(w: Word, wx0: float, wx1: float, cells: list[tuple[int, tuple]]) -> list[tuple[int, Word]]:
    """A box the recogniser ran across rulings, cut into one word per cell: its characters spread
    over the box by width (a CJK character twice a digit), each to the cell holding its middle; a
    text whose space-separated parts are as many as the cells goes part by part."""
    parts = w.text.split()
    if len(parts) == len(cells):
        pieces = list(zip((c for c, _ in cells), parts))
    else:
        widths = [_width(ch) for ch in w.text]
        total = sum(widths) or 1.0
        acc = 0.0
        by_cell: dict[int, list[str]] = {}
        for ch, cw in zip(w.text, widths):
            mid = wx0 + (acc + cw / 2) / total * (wx1 - wx0)
            acc += cw
            best = min(cells, key=lambda cb: 0 if cb[1][0] <= mid < cb[1][2] else min(abs(mid - cb[1][0]), abs(mid - cb[1][2])))
            by_cell.setdefault(best[0], []).append(ch)
        pieces = [(c, "".join(by_cell.get(c, [])).strip()) for c, _ in cells]
    dx = (w.x0 + w.x1) / 2 - (wx0 + wx1) / 2
    out = []
    for (c, text), (_, box) in zip(pieces, cells):
        if text:
            out.append((c, Word(text, max(box[0], wx0) + dx, w.top, min(box[2], wx1) + dx, w.bottom, w.score)))
    return out


def _text(got: list[tuple[Word, bool]]) -> tuple[str, float]:
    """A cell's words as a person reads them: lines by vertical position first (words whose middles
    are within ``Y_TOL`` of each other), each line left to right with a space between words, and the
    lines joined with nothing between them (a value wrapped in its cell is one value: 重庆两江新区盛际
    小额 / 贷款有限公司, 2019.11. / 29). Score: the lowest word score, 1.0 for an empty cell."""
    ws = [w for w, _ in got if w.text.strip()]
    if not ws:
        return "", 1.0
    lines = cluster_objects(ws, lambda w: (w.top + w.bottom) / 2, Y_TOL)
    text = "".join(" ".join(w.text.strip() for w in sorted(line, key=lambda w: w.x0)) for line in lines)
    return text, min(w.score for w in ws)


def _squash(text: str) -> str:
    return "".join(text.split())


def _read_again(gray: np.ndarray, f: int, rulings: np.ndarray, ink: np.ndarray, box: tuple[float, float, float, float],
                frame: Frame, recognise: Recognise) -> tuple[str, float]:
    """The cell's text lines (bands of glyph ink) cropped from the full image with the rulings
    whitened, each read alone. ``rulings`` and ``ink`` are at 1/``f`` of ``gray``'s size."""
    h, w = ink.shape
    x0, y0, x1, y1 = _pixel_box(box, frame, h, w)
    if x1 <= x0 or y1 <= y0:
        return "", 1.0
    cell_ink = ink[y0:y1, x0:x1]
    rows = np.flatnonzero(cell_ink.any(axis=1))
    if not rows.size:
        return "", 1.0
    s = frame.scale
    # runs of inked pixel rows, then runs merged while they make one line's height at most (a 三 or
    # 二 alone leaves gaps inside one line; two lines of a wrapped value, 9.5 pt apart, stay two
    # crops: one crop of both reads their characters interleaved)
    runs: list[list[int]] = []
    for y in rows:
        if runs and y - runs[-1][1] <= 1:
            runs[-1][1] = int(y)
        else:
            runs.append([int(y), int(y)])
    bands: list[list[int]] = []
    for r0, r1 in runs:
        if bands and r1 - bands[-1][0] <= LINE_MAX * s:
            bands[-1][1] = r1
        else:
            bands.append([r0, r1])
    texts, score = [], 1.0
    for b0, b1 in bands:
        cols = np.flatnonzero(cell_ink[b0:b1 + 1].any(axis=0))
        # a text line's height at least (a lone '--' is a sliver; the recogniser wants a line), and a
        # little paper either side, as the page detector's boxes have
        my = max(2, int(round((CROP_HEIGHT * s - (b1 - b0 + 1)) / 2)))
        mx = max(2, int(round(CROP_SIDE * s)))
        sy0, sy1 = max(0, y0 + b0 - my), min(h, y0 + b1 + 1 + my)
        sx0, sx1 = max(0, x0 + int(cols[0]) - mx), min(w, x0 + int(cols[-1]) + 1 + mx)
        crop = gray[sy0 * f:sy1 * f, sx0 * f:sx1 * f].copy()
        lines = rulings[sy0:sy1, sx0:sx1]
        if f > 1:
            lines = np.repeat(np.repeat(lines, f, axis=0), f, axis=1)[:crop.shape[0], :crop.shape[1]]
        crop[lines > 0] = 255
        text, sc = recognise(crop)
        text = text.strip()
        if text:
            texts.append(text)
            score = min(score, sc)
    return "".join(texts), score
