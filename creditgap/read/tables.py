"""pdfplumber's table settings and its "lines" table finder, on plain edges: the reference every reader meets.

pdfplumber reads a 详版 page's tables with its default "lines" strategy; the pdfium path and the OCR
grid find tables from their own edges (ruling lines from path objects, or from pixels) through this
same finder, so that all three give the same rows: 1 pt prefilter, 3 pt snap and join, 3 pt edge
minimum, 3 pt intersections, intersections → cells → tables, rows with ``None`` for spanned cells.
The text settings (``X_TOL``, ``Y_TOL``) and ``dedupe_chars``' tolerance are pdfplumber's too.
"""

from __future__ import annotations

import itertools
from operator import itemgetter
from typing import Any

SNAP = 3  # pdfplumber TableSettings defaults: snap_tolerance, join_tolerance,
JOIN = 3
EDGE_MIN = 3  # edge_min_length,
EDGE_PREFILTER = 1  # edge_min_length_prefilter,
INTERSECT = 3  # intersection_tolerance,
X_TOL = 3  # and the text settings (x_tolerance, y_tolerance) of extract_text / extract_text_lines
Y_TOL = 3
DEDUPE_TOL = 1  # pdfplumber's dedupe_chars(tolerance=1)


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
