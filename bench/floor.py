"""The floor for bench_parse.py and bench_fonts.py: only pdfplumber.

    python bench/floor.py REPORT.pdf           # the extraction calls creditgap's reference path makes per page
    python bench/floor.py REPORT.pdf --plain   # page.extract_tables() + page.extract_text(), nothing else

The first is what creditgap's pdfplumber path did on every page before issue 22 (upright filter,
dedupe_chars, find_tables, the rows, the text lines outside tables); it now skips dedupe_chars
where no characters overlap. The second is pdfplumber as anyone would call it.
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
        if "--plain" in sys.argv:
            tables = raw.extract_tables()
            text = raw.extract_text()
        else:
            page = raw.filter(upright).dedupe_chars()
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            rows = [t.extract() for t in tables]
            rest = page.filter(lambda o: not inside(o, boxes)) if boxes else page
            lines = rest.extract_text_lines(return_chars=False)
        raw.close()
