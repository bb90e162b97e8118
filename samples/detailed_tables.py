"""Table building blocks of the 详版 generator: label/value tables in a style's shape, and page
breaks after chosen rows (samples/render_detailed.py, samples/detailed_summary.py)."""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from .pdfkit import CELL, para
from .synth import months_between

if TYPE_CHECKING:
    from creditgap.model import Account

    from .render_detailed import DetailedStyle

WIDTH = 515.0


def money(v: int | None) -> str:
    return "--" if v is None else f"{v:,}"


def dotted(d: date | None, long_term: str = "--") -> str:
    return long_term if d is None else f"{d:%Y.%m.%d}"


def iso_dotted(text: str | None) -> str:
    return "--" if not text else text.replace("-", ".")


def cn_day(text: str) -> str:
    y, m, d = text.split("-")
    return f"{y}年{m}月{d}日"


def cell(text: str) -> object:
    return para(text, CELL)


def kv_tables(pairs: list[tuple[str, str]], style: DetailedStyle, prefix: list[list[object]] | None = None) -> list[Table]:
    """Label row → value row pairs, ``style.label_cells`` cells a row (or label, value alternating)."""
    n = style.label_cells
    rows: list[list[object]] = []
    groups: list[list[list[object]]] = []
    spans = [0] if prefix else []
    if style.inline_pairs:
        per_row = n // 2
        for i in range(0, len(pairs), per_row):
            chunk = pairs[i : i + per_row]
            groups.append([[cell(x) for pair in chunk for x in pair] + [""] * (n - 2 * len(chunk))])
    for i in range(0, len(pairs) if not style.inline_pairs else 0, n):
        chunk = pairs[i : i + n]
        labels = [cell(label) for label, _ in chunk] + [""] * (n - len(chunk))
        values = [cell(value) for _, value in chunk] + [""] * (n - len(chunk))
        groups.append([labels, values])
    if prefix:
        groups[0] = prefix + groups[0]
    values = set() if style.inline_pairs else {1}
    rel = style.cell_widths if style.cell_widths and len(style.cell_widths) == n else None
    widths = [WIDTH * w / sum(rel) for w in rel] if rel else None
    if style.one_table:
        rows = [r for g in groups for r in g]
        first = len(prefix or ())
        return [_table(rows, n, spans, widths=widths, values={first + i for i in range(1, len(rows) - first, 2)} - set(spans)
                       if not style.inline_pairs else set())]
    return [_table(g, n, spans if i == 0 else [], widths=widths,
                   values={v + (len(prefix or ()) if i == 0 else 0) for v in values})
            for i, g in enumerate(groups)]


class MarkedTable(Table):
    """A table whose page is recorded after layout; a split keeps the mark on its first part."""

    mark: str | None = None

    def split(self, avail_width: float, avail_height: float) -> list[Table]:
        parts = super().split(avail_width, avail_height)
        for n, part in enumerate(parts):
            part.mark = self.mark if n == 0 else None
        return parts


BASE_CMDS = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]


def _table(rows: list[list[object]], n: int, spans: list[int] = (), widths: list[float] | None = None,
           values: set[int] = frozenset(), cmds: list[tuple[object, ...]] | None = None,
           cell_spans: list[tuple[int, int, int]] = ()) -> Table:
    """A gridded table; ``spans`` rows span all columns, ``cell_spans`` (row, from, to) span some.
    ``values`` marks the value rows (each under its label row) for the page-break machinery."""
    widths = widths or [WIDTH / n] * n
    t = MarkedTable(rows, colWidths=widths)
    style_cmds = list(cmds if cmds is not None else BASE_CMDS)
    for r in spans:
        style_cmds.append(("SPAN", (0, r), (-1, r)))
    for r, c0, c1 in cell_spans:
        style_cmds.append(("SPAN", (c0, r), (c1, r)))
    t.setStyle(TableStyle(style_cmds))
    t.src = dict(rows=rows, widths=widths, spans=list(spans), values=set(values), cmds=cmds, cell_spans=list(cell_spans))
    return t


def _slice(t: Table, start: int, end: int, grid: str = "same") -> Table:
    """Rows start..end of a table built by ``_table`` as a table of its own; ``grid`` redraws the
    first row (a value row opening a page) on another column grid."""
    src = t.src
    rows = src["rows"][start:end]
    spans = [r - start for r in src["spans"] if start <= r < end]
    cell_spans = [(r - start, a, b) for r, a, b in src["cell_spans"] if start <= r < end]
    values = {r - start for r in src["values"] if start <= r < end}
    widths = list(src["widths"])
    if grid != "same" and 0 in values and not spans and not cell_spans and len(rows) >= 1:
        (cells, new_widths), _ = _regrid(rows[0], widths, grid)
        parts = [_table([cells], len(cells), widths=new_widths, cmds=src["cmds"])]
        if len(rows) > 1:
            parts.append(_table(rows[1:], len(widths), widths=widths, values={v - 1 for v in values if v}, cmds=src["cmds"]))
        return parts  # type: ignore[return-value]
    part = _table(rows, len(widths), spans, widths=widths, values=values, cmds=src["cmds"], cell_spans=cell_spans)
    return part


def _regrid(row: list[object], widths: list[float], grid: str) -> tuple[tuple[list[object], list[float]], None]:
    """A value row on another grid: the same x-range, other cell boundaries."""
    n = len(widths)
    if grid == "shifted" and n > 1:
        s = 0.3 * min(widths)
        return (row, [widths[0] + s, *widths[1:-1], widths[-1] - s]), None
    if grid == "more":
        cells: list[object] = []
        new: list[float] = []
        for c, w in zip(row, widths):
            cells += [c, ""]
            new += [w * 0.6, w * 0.4]
        return (cells, new), None
    if grid == "fewer":
        last = max((i for i, c in enumerate(row) if c != ""), default=n - 1)
        return (row[:last + 1], [*widths[:last], sum(widths[last:])]), None
    return (row, widths), None


def block_rows(flowables: list[object]) -> list[tuple[int, int]]:
    """(flowable index, row within it) of every breakable row of a block, in print order."""
    out = []
    for i, f in enumerate(flowables):
        if isinstance(f, Spacer):
            continue
        if hasattr(f, "src"):
            out += [(i, r) for r in range(len(f.src["rows"]))]
        else:
            out.append((i, 0))
    return out


def breakable(key: str, flowables: list[object], style: DetailedStyle) -> list[object]:
    """A block with a page break after each of its rows that ``style.break_after`` names."""
    rows = block_rows(flowables)
    cuts = sorted(n for k, n in style.break_after if k == key and n < len(rows) - 1)
    if not cuts:
        return flowables
    at: dict[int, list[int]] = {}
    for n in cuts:
        i, r = rows[n]
        at.setdefault(i, []).append(r)
    out: list[object] = []
    for i, f in enumerate(flowables):
        if i not in at:
            out.append(f)
            continue
        if not hasattr(f, "src"):
            out += [f, PageBreak()]
            continue
        bounds = sorted(set(r + 1 for r in at[i]))
        starts = [0, *bounds]
        ends = [*bounds, len(f.src["rows"])]
        for n, (a, b) in enumerate(zip(starts, ends)):
            if a >= b:
                continue
            part = _slice(f, a, b, style.continuation_grid if n > 0 else "same")
            parts = part if isinstance(part, list) else [part]
            if n == 0:
                parts[0].mark = getattr(f, "mark", None)
            out += parts
            if b < len(f.src["rows"]):
                out.append(PageBreak())
        if max(at[i]) == len(f.src["rows"]) - 1:
            out.append(PageBreak())
    return out


def as_of_flowables(text: str, style: DetailedStyle, table_pairs: list[tuple[str, str]]) -> list[object]:
    """The 截至 line, then the status table; the line may sit inside the table as a spanning row."""
    if style.as_of_in_table:
        prefix_row = [cell(text)] + [""] * (style.label_cells - 1)
        return kv_tables(table_pairs, style, prefix=[prefix_row])
    return [para(text)] + kv_tables(table_pairs, style)


def grid_statuses(a: Account) -> list[tuple[date, str, int]]:
    """The 5-year grid as (month, status, overdue amount) from open month (or 60 back) to 截至 month."""
    end = date.fromisoformat(a.as_of) if a.as_of and len(a.as_of) == 10 else None
    if end is None or a.opened is None or a.overdue_months_5y is None:
        return []
    span = min(60, months_between(a.opened, end) + 1)
    months = []
    y, m = end.year, end.month
    for _ in range(span):
        months.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    months.reverse()
    rng = random.Random(a.account_id or a.lender)
    overdue_at = set(rng.sample(range(len(months) - 1), min(a.overdue_months_5y, len(months) - 1))) if len(months) > 1 else set()
    out = []
    for i, mo in enumerate(months):
        if i in overdue_at:
            out.append((mo, str(rng.randint(1, 3)), rng.randint(100, 5000)))
        elif i == len(months) - 1 and not a.is_open:
            out.append((mo, "C", 0))
        else:
            out.append((mo, rng.choice("NNNN*"), 0))
    return out
