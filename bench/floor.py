"""The floor for bench_parse.py: only pdfplumber, the same extraction calls creditgap makes per page.

    python bench/floor.py REPORT.pdf
"""

import sys

import pdfplumber


def upright(obj):
    if obj.get("object_type") != "char":
        return True
    a, b, c, d = obj.get("matrix", (1, 0, 0, 1, 0, 0))[:4]
    return abs(b) < 1e-3 and abs(c) < 1e-3 and a > 0 and d > 0


def inside(obj, boxes):
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and t <= y <= b for x0, t, x1, b in boxes)


with pdfplumber.open(sys.argv[1]) as pdf:
    for raw in pdf.pages:
        page = raw.filter(upright).dedupe_chars()
        tables = page.find_tables()
        boxes = [t.bbox for t in tables]
        rows = [t.extract() for t in tables]
        rest = page.filter(lambda o: not inside(o, boxes)) if boxes else page
        lines = rest.extract_text_lines(return_chars=False)
        raw.close()
