"""Stages 4 and 5 of the pdfium path: characters into words, lines and table cells, as pdfplumber joins them.

``table_cells`` is ``Table.extract()`` (characters whose centre is in a cell, ``extract_text``);
``text_lines`` is ``extract_text_lines()`` on the characters outside every table.
"""

from __future__ import annotations

import itertools
from operator import itemgetter

from ..tables import X_TOL, Y_TOL, cluster_objects, table_rows
from .chars import Char

LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}  # pdfplumber's expansions


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


def text_lines(chars: list[Char]) -> list[tuple[float, str, tuple[float, float, float, float]]]:
    """page.extract_text_lines(return_chars=False): (top, text, box) of each non-blank line of the text map.

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
            line_chars = [c for w, _ in line for c in w[1]]
            out.append((min(t for _, t in line), text, (min(c.x0 for c in line_chars), min(c.top for c in line_chars),
                                                         max(c.x1 for c in line_chars), max(c.bottom for c in line_chars))))
    return out


def chars_by_middle(chars: list[Char]) -> tuple[list[float], list[Char]]:
    """Characters sorted by vertical middle (and that middle), for table_cells."""
    for n, ch in enumerate(chars):
        ch._n = n
    ordered = sorted(chars, key=lambda ch: (ch.top + ch.bottom) / 2)
    return [(ch.top + ch.bottom) / 2 for ch in ordered], ordered


def _position(ch: Char) -> int:
    return ch._n


def inside(ch: Char, boxes: list[tuple[float, float, float, float]]) -> bool:
    """plumber.inside: the centre within a table's box, edges included."""
    x = (ch.x0 + ch.x1) / 2
    y = (ch.top + ch.bottom) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def table_cells(table: list[tuple[float, float, float, float]], chars: list[Char],
                by_middle: tuple[list[float], list[Char]] | None = None,
                ) -> list[tuple[tuple[float, float, float, float], tuple[str | None, ...], tuple[tuple[float, float] | None, ...]]]:
    """Table.extract(): (row box, cells, each cell's x0 and x1) per row; None for a spanned slot, "" for
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
        out.append((rbox, texts, tuple(None if c is None else (c[0], c[2]) for c in row)))
    return out
