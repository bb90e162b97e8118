"""Helpers of the 详版 parser: label rows and the value rows under them (report-format.md §3).

A row whose non-empty cells are all known labels is a label row; the next row holds its values,
each value cell going to the label cell it overlaps most. Nothing keys on positions or cell
counts, so label rows of 4, 6 or 8 cells and value rows on another page's grid pair the same.
The account blocks (detailed.py) and the 信息概要 tables (detailed_summary.py) both read this way.
"""

from __future__ import annotations

from .. import fields as F
from ..read.items import Item
from ..vocab import LABELS, norm_label

Span = tuple[float, float]


def is_label_row(item: Item, labels: frozenset[str] = LABELS) -> bool:
    """All cells known labels; or, for a producer with labels we have not seen, no cell holds a
    digit (values are dates and amounts) and at least half, and two, are known labels."""
    if not item.is_row:
        return False
    filled = [c for c in (norm_label(c) for c in item.cells or ()) if c]
    known = sum(c in labels for c in filled)
    if filled and known == len(filled):
        return True
    return (known >= 2 and 2 * known >= len(filled) and not any(ch.isdigit() for c in filled for ch in c)
            and not inline_pairs(item.cells or ()))  # 业务种类 | 其他个人消费贷款 | … is a row of pairs


def row_xs(item: Item, n: int) -> tuple[Span | None, ...] | None:
    """The row's cell extents when there is one per cell, else None (pair by index)."""
    return item.xs if item.xs is not None and len(item.xs) == n else None


def aligned(labels: list[str], label_xs: tuple[Span | None, ...] | None, item: Item) -> list[tuple[str, str]]:
    """(label, value) of a value row under its label row.

    With cell positions on both rows, each value cell goes to the label cell it overlaps most
    (ties: the leftmost), so a value row on another page, with another column grid and more or
    fewer cells than its labels, still pairs; values two cells give one label are joined. Without
    positions, cell by cell.
    """
    cells = item.cells or ()
    if label_xs is None or item.xs is None or len(item.xs) != len(cells):
        return [(label, F.squash(value)) for label, value in zip(labels, cells)]
    spans = [(i, x) for i, (label, x) in enumerate(zip(labels, label_xs)) if label and x is not None]
    out: dict[int, list[str]] = {}
    for value, x in zip(cells, item.xs):
        text = F.squash(value)
        if not text or x is None:
            continue
        best, best_overlap = None, 0.0
        for i, (x0, x1) in spans:
            overlap = min(x1, x[1]) - max(x0, x[0])
            if overlap > best_overlap + 1e-6:
                best, best_overlap = i, overlap
        if best is not None:
            out.setdefault(best, []).append(text)
    return [(labels[i], "".join(parts)) for i, parts in sorted(out.items())]


def inline_pairs(cells: tuple[str | None, ...]) -> list[tuple[str, str | None]]:
    """(label, value) pairs of a row printed label, value, label, value …; [] for any other row."""
    cells = tuple(cells)
    while cells and not F.squash(cells[-1]):
        cells = cells[:-1]
    if len(cells) < 2 or len(cells) % 2:
        return []
    labels = [norm_label(c) for c in cells[0::2]]
    values = cells[1::2]
    if all(label in LABELS for label in labels) and not any(norm_label(v) in LABELS for v in values):
        return list(zip(labels, values))
    return []
