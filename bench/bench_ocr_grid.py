"""How well ``ocr.grid.find_rows`` rebuilds pdfplumber's table rows from a page image.

Every page of the 详版 samples is rendered at 300 dpi (pypdfium2, greyscale), optionally degraded
(noise, blur, broken or faint rulings, JPEG, a residual skew), and read by ``find_rows`` with the
text layer's words as the recogniser's boxes. Printed per sample and degradation: rows identical to
pdfplumber's (count, cells, None positions, texts), the worst x error of a cell edge, ms per page.

    python bench/bench_ocr_grid.py [clean online kitchen] [--degrade none,noise,...]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from creditgap.read.document import PdfText  # noqa: E402
from creditgap.read.items import TextSettings, normalize_text  # noqa: E402
from creditgap.read.ocr.grid import find_rows  # noqa: E402
from creditgap.read.ocr.types import Word  # noqa: E402
from creditgap.read.plumber import filtered_page  # noqa: E402

SCALE = 300 / 72
DEGRADATIONS = ("none", "noise", "blur", "broken", "faint", "jpeg", "skew", "scan")


def sample_pdf(name: str) -> Path:
    """Sample ``detailed-<name>`` rendered again with its font embedded (samples.scans), so its glyphs
    look the same on every machine and in every process: the committed PDF's STSong-Light is not
    embedded, and pdfium would draw it with whatever face the process has set up (creditgap's square
    fallback once read.pdfium.fonts is installed, a system font or nothing before), changing the ink."""
    out = Path(tempfile.gettempdir()) / f"creditgap-grid-{name}-{os.getpid()}.pdf"
    if not out.exists():
        from samples.scans import render_embedded

        render_embedded(f"detailed-{name}", out)
    return out


def render(path: Path, index: int) -> np.ndarray:
    """Page ``index`` at 300 dpi, greyscale."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    try:
        arr = doc[index].render(scale=SCALE, grayscale=True).to_numpy()
        return (arr[:, :, 0] if arr.ndim == 3 else arr).copy()
    finally:
        doc.close()


def truth(path: Path) -> tuple[list[list], list[list[Word]]]:
    """Per page: pdfplumber's table rows (Items) and its words as recogniser boxes."""
    rows, words = [], []
    with PdfText(path, settings=TextSettings(engine="pdfplumber")) as doc:
        for i in range(doc.page_count):
            rows.append([it for it in doc.items(i) if it.is_row])
            page = filtered_page(doc.plumber, i, doc.settings)
            words.append([Word(normalize_text(w["text"]), w["x0"], w["top"], w["x1"], w["bottom"], 1.0)
                          for w in page.extract_words()])
    return rows, words


def degrade(gray: np.ndarray, kind: str, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = gray.astype(np.float32)
    if kind == "none":
        return gray
    if kind in ("noise", "scan"):
        img = img * 0.92 + 8 + rng.normal(0, 12, img.shape)
    if kind in ("blur", "scan"):
        img = cv2.GaussianBlur(img, (0, 0), 1.2)
    if kind == "faint":
        img = 255 - (255 - img) * 0.45  # every stroke at under half its darkness
    if kind == "broken":
        # dropouts: 3000 white spots of 3-12 px (up to ~3 pt) over the page break the rulings
        h, w = img.shape
        for _ in range(3000):
            x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
            g = int(rng.integers(3, 13))
            img[y:y + g, x:x + g] = 255
    out = np.clip(img, 0, 255).astype(np.uint8)
    if kind in ("jpeg", "scan"):
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 35 if kind == "jpeg" else 60])
        out = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    if kind in ("skew", "scan"):
        h, w = out.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), 0.3, 1.0)
        out = cv2.warpAffine(out, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return out


def skew_words(words: list[Word], shape: tuple[int, int], kind: str) -> list[Word]:
    """The text layer's boxes moved as the skew moved the image (the recogniser would see them there)."""
    if kind not in ("skew", "scan"):
        return words
    h, w = shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 0.3, 1.0)
    out = []
    for wd in words:
        cx, cy = (wd.x0 + wd.x1) / 2 * SCALE, (wd.top + wd.bottom) / 2 * SCALE
        nx = (m[0, 0] * cx + m[0, 1] * cy + m[0, 2]) / SCALE
        ny = (m[1, 0] * cx + m[1, 1] * cy + m[1, 2]) / SCALE
        dx, dy = nx - (wd.x0 + wd.x1) / 2, ny - (wd.top + wd.bottom) / 2
        out.append(Word(wd.text, wd.x0 + dx, wd.top + dy, wd.x1 + dx, wd.bottom + dy, wd.score))
    return out


def turn(rows: list, shape: tuple[int, int], kind: str) -> list:
    """pdfplumber's rows as the skew moved them (each cell edge turned at the row's middle)."""
    if kind not in ("skew", "scan"):
        return rows
    h, w = shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 0.3, 1.0)

    def at(x: float, y: float) -> tuple[float, float]:
        x, y = x * SCALE, y * SCALE
        return (m[0, 0] * x + m[0, 1] * y + m[0, 2]) / SCALE, (m[1, 0] * x + m[1, 1] * y + m[1, 2]) / SCALE

    out = []
    for it in rows:
        mid = it.top + 8
        xs = tuple(None if x is None else (at(x[0], mid)[0], at(x[1], mid)[0]) for x in it.xs)
        real = [x for x in it.xs if x is not None]
        top = at((real[0][0] + real[-1][1]) / 2, it.top)[1]
        out.append(replace(it, xs=xs, top=top))
    return out


def _lines_joined(cells: tuple) -> tuple:
    """pdfplumber joins a cell's lines with a newline, ocr.grid with nothing (a wrapped value is one value)."""
    return tuple(None if c is None else c.replace("\n", "") for c in cells)


def compare(expected: list, got: list) -> tuple[int, int, float, list[str]]:
    """(rows identical, rows expected, worst x error in pt, first differences)."""
    same, worst, diffs = 0, 0.0, []
    by_top = list(got)
    for it in expected:
        match = min(by_top, key=lambda r: abs(r.top - it.top), default=None)
        if match is None or abs(match.top - it.top) > 4:
            diffs.append(f"missing row {it.top:.1f} {it.cells}")
            continue
        cells = tuple(None if c is None else c.text for c in match.cells)
        if _lines_joined(cells) == _lines_joined(it.cells):
            same += 1
            for a, b in zip(it.xs, match.xs):
                if a is not None and b is not None:
                    worst = max(worst, abs(a[0] - b[0]), abs(a[1] - b[1]))
        else:
            diffs.append(f"row {it.top:.1f}: {it.cells} != {cells}")
    if len(got) != len(expected):
        diffs.append(f"{len(got)} rows, expected {len(expected)}")
    return same, len(expected), worst, diffs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("samples", nargs="*", default=["clean", "online", "kitchen"])
    ap.add_argument("--degrade", default=",".join(DEGRADATIONS))
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    for name in args.samples:
        path = sample_pdf(name)
        rows, words = truth(path)
        images = [render(path, i) for i in range(len(rows))]
        for kind in args.degrade.split(","):
            same = total = 0
            worst = 0.0
            ms = []
            extra = 0
            for i, gray in enumerate(images):
                img = degrade(gray, kind, seed=i)
                ws = skew_words(words[i], img.shape, kind)
                t = time.perf_counter()
                got, loose = find_rows(img, ws, SCALE, i + 1)
                ms.append((time.perf_counter() - t) * 1000)
                s, n, x, diffs = compare(turn(rows[i], img.shape, kind), got)
                same, total, worst = same + s, total + n, max(worst, x)
                extra += len(got) != n
                if args.v and diffs:
                    print(f"  {name} p{i + 1} {kind}:", *diffs[:6], sep="\n    ")
            print(f"{name:8s} {kind:7s} rows identical {same}/{total} ({100 * same / max(total, 1):.1f} %)"
                  f"  pages with another row count {extra}  worst x {worst:.2f} pt"
                  f"  {sum(ms) / len(ms):.0f} ms/page (max {max(ms):.0f})")


if __name__ == "__main__":
    main()
