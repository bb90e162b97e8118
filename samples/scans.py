"""The bundled samples as paper: printed, then scanned or photographed (images only, no text layer).

    python -m samples.scans                                  # every sample, every variant, into scans/
    python -m samples.scans detailed-clean --variant scan --out DIR [--dpi 200] [--pages 1,2]
    python -m samples.scans --committed                      # rewrite samples/simplified-online-scan.pdf

The samples print their text in STSong-Light, a font they do not embed: pdfium on a machine without
CJK fonts draws squares for it. So the sample's model is rendered again with the ``embedded``
producer (samples/producers.py: the same layout, text in the committed AR PL UMing subset), checked
against the committed ``<name>.truth.json`` (the truth of these images is the sample's truth), and
rasterised with pypdfium2. Then one of three variants:

``clean``  the page at ``dpi`` (300 by default), grey, nothing else: a PDF of lossless page images,
           and PNG files.
``scan``   a flatbed scan: faint paper tone, 1° skew, slight blur, sensor noise, JPEG quality 75;
           a PDF of JPEG pages (what a scanner or a bank's self-service machine writes).
``photo``  a phone photo of the page on a desk: perspective of a few %, 1.5–2.5° rotation, uneven
           light, blur, noise, JPEG quality 70; one JPG file per page (what a phone keeps).

Everything is seeded from the sample's name, the variant and the page number: the same bytes on
every run (with the same pypdfium2, Pillow and NumPy). PIL and NumPy only; a 300 dpi page takes
well under a second.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import random
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageChops, ImageFilter, ImageOps

HERE = Path(__file__).parent
VARIANTS = ("clean", "scan", "photo")
COMMITTED = ("simplified-online", "scan", 300)  # samples/simplified-online-scan.pdf


@dataclass
class Scan:
    """One sample on paper: the files a user would hand over, and the truth they show."""

    name: str
    variant: str
    dpi: int
    pdf: Path | None  # image-only PDF (clean, scan)
    images: list[Path] = field(default_factory=list)  # one file per page (PNG for clean, JPG for scan/photo)
    truth: dict[str, Any] = field(default_factory=dict)  # samples/<name>.truth.json

    @property
    def pages(self) -> int:
        return len(self.images)


# --- the sample, with glyphs -------------------------------------------------------------------


def truth(name: str) -> dict[str, Any]:
    return json.loads((HERE / f"{name}.truth.json").read_text(encoding="utf-8"))


def render_embedded(name: str, path: Path) -> dict[str, Any]:
    """Render sample ``name`` again with its font embedded; return the committed truth, after
    checking the render still produces exactly that truth (so the images show what it says)."""
    from .generate import DETAILED, SIMPLIFIED, truth_json
    from .render_detailed import render_detailed
    from .render_simplified import render_simplified
    from .synth import random_truth

    if name in DETAILED:
        seed, kind, style = DETAILED[name]
        model, _, _ = random_truth(random.Random(seed), kind)
        shown = render_detailed(model, str(path), dataclasses.replace(style, producer="embedded"))
    elif name in SIMPLIFIED:
        seed, kind, sstyle = SIMPLIFIED[name]
        model, _, _ = random_truth(random.Random(seed), kind)
        shown, _ = render_simplified(model, str(path), dataclasses.replace(sstyle, producer="embedded"))
    else:
        raise ValueError(f"no sample named {name!r}: one of {sorted(DETAILED) + sorted(SIMPLIFIED)}")
    committed = truth(name)
    expected = {k: v for k, v in committed.items() if k != "expected_todo"}
    if not _agrees(truth_json(shown), expected):
        raise RuntimeError(f"samples/{name}.truth.json is stale: run python -m samples.generate")
    return committed


def _agrees(new: object, old: object) -> bool:
    """``new == old``, except that a key ``old`` lacks may be in ``new`` if its value is empty (a
    field added to the model since the truth was written, e.g. ``ocr_doubt``: False)."""
    if isinstance(new, dict) and isinstance(old, dict):
        return all(k in new and _agrees(new[k], v) for k, v in old.items()) and not any(
            new[k] for k in new.keys() - old.keys())
    if isinstance(new, list) and isinstance(old, list):
        return len(new) == len(old) and all(_agrees(a, b) for a, b in zip(new, old))
    return new == old


def rasterise(pdf: Path, dpi: int, pages: list[int] | None = None) -> list[Image.Image]:
    """Grey page images at ``dpi`` (1-based ``pages``, all by default)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        wanted = pages or list(range(1, len(doc) + 1))
        out = []
        for number in wanted:
            page = doc[number - 1]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            out.append(bitmap.to_pil().convert("L").copy())
            bitmap.close()
            page.close()
        return out
    finally:
        doc.close()


# --- paper, scanner, phone -------------------------------------------------------------------


def _rng(*parts: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("/".join(map(str, parts)).encode()))


def _noise(grey: Image.Image, rng: np.random.Generator, sigma: float) -> Image.Image:
    """Sensor noise on a grey image."""
    arr = np.asarray(grey, dtype=np.float32) + rng.standard_normal(grey.size[::-1], dtype=np.float32) * sigma
    return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "L")


def _tone(grey: Image.Image, paper: tuple[int, int, int]) -> Image.Image:
    """Ink on tinted paper: white becomes ``paper``, black a warm near-black (a lookup table)."""
    return ImageOps.colorize(grey, black=(22, 20, 18), white=paper)


def scan(grey: Image.Image, rng: np.random.Generator, dpi: int = 300) -> Image.Image:
    """A flatbed scan: the sheet 1° off square, optics blur, sensor noise, faint paper tone (blur in
    pixels at 300 dpi, scaled to ``dpi``)."""
    angle = float(rng.choice([-1.0, 1.0]))
    page = grey.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(0.7 * dpi / 300))
    return _tone(_noise(page, rng, 5.0), (246, 243, 234))


def _perspective(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> tuple[float, ...]:
    """PIL's PERSPECTIVE coefficients mapping output points ``dst`` to input points ``src``."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return tuple(float(c) for c in np.linalg.solve(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)))


def photo(grey: Image.Image, rng: np.random.Generator, dpi: int = 300) -> Image.Image:
    """A phone photo of the sheet on a desk: the page fills ~92 % of the frame, seen a little
    from one side (each corner moved up to 3 %), turned ~2°, lit from one side, soft, noisy."""
    w, h = grey.size
    margin_x, margin_y = 0.04 * w, 0.04 * h
    corners = [(margin_x, margin_y), (w - margin_x, margin_y), (w - margin_x, h - margin_y), (margin_x, h - margin_y)]
    jitter = rng.uniform(-0.015, 0.015, (4, 2)) * (w, h)
    angle = np.deg2rad(float(rng.uniform(1.5, 2.5)) * float(rng.choice([-1.0, 1.0])))
    cx, cy = w / 2, h / 2
    quad = []
    for (x, y), (dx, dy) in zip(corners, jitter):
        x, y = x + dx - cx, y + dy - cy
        quad.append((cx + x * np.cos(angle) - y * np.sin(angle), cy + x * np.sin(angle) + y * np.cos(angle)))
    coeffs = _perspective([(0, 0), (w, 0), (w, h), (0, h)], quad)
    sheet = grey.transform((w, h), Image.PERSPECTIVE, coeffs, resample=Image.BICUBIC, fillcolor=255)
    mask = Image.new("L", (w, h), 255).transform((w, h), Image.PERSPECTIVE, coeffs, resample=Image.BILINEAR, fillcolor=0)
    sheet = sheet.filter(ImageFilter.GaussianBlur(1.1 * dpi / 300))
    # light: full at a random point, ~30 % darker at the far corner, and a soft vignette
    sw, sh = 64, 90
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    lx, ly = rng.uniform(0, 1, 2) * (sw, sh)
    dist = np.hypot(xx - lx, yy - ly) / np.hypot(sw, sh)
    light = 1.0 - 0.34 * dist - 0.08 * np.hypot(xx / sw - 0.5, yy / sh - 0.5) ** 2
    light_img = Image.fromarray((light * 255).astype(np.uint8), "L").resize((w, h), Image.BILINEAR)
    paper = _tone(_noise(ImageChops.multiply(sheet, light_img), rng, 4.0), (240, 236, 226))
    desk = ImageChops.multiply(Image.new("RGB", (w, h), (92, 78, 64)), light_img.convert("RGB"))
    return Image.composite(paper, desk, mask.filter(ImageFilter.GaussianBlur(1.1)))


# --- files -----------------------------------------------------------------------------------


def jpeg(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=False, compress_level=6)
    return buf.getvalue()


def image_pdf(pages: list[tuple[Image.Image, bytes | None]], dpi: int) -> bytes:
    """A PDF of one image per page, nothing else (no text layer, no dates: the same bytes every run).
    A page with JPEG bytes embeds them as they are (DCTDecode); otherwise grey pixels, Flate."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    kids = []
    catalog = add(b"")  # filled in below
    tree = add(b"")
    for image, data in pages:
        w, h = image.size
        if data is not None:
            channels = {"L": b"/DeviceGray", "RGB": b"/DeviceRGB"}[image.mode]
            stream, filt = data, b"/DCTDecode"
        else:
            grey = image.convert("L")
            channels, stream, filt = b"/DeviceGray", zlib.compress(grey.tobytes(), 6), b"/FlateDecode"
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 "
                  b"/Filter %s /Length %d >>\nstream\n%s\nendstream" % (w, h, channels, filt, len(stream), stream))
        pw, ph = w * 72 / dpi, h * 72 / dpi
        draw = b"q %.4f 0 0 %.4f 0 0 cm /Im0 Do Q" % (pw, ph)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.4f %.4f] /Resources << /XObject << /Im0 %d 0 R >> >> "
                        b"/Contents %d 0 R >>" % (tree, pw, ph, img, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


@lru_cache(maxsize=4)
def _pages(name: str, dpi: int, pages: tuple[int, ...]) -> tuple[dict[str, Any], list[Image.Image]]:
    """The sample's truth and its grey pages (rendered once per process for every variant)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{name}.pdf"
        facts = render_embedded(name, source)
        return facts, rasterise(source, dpi, list(pages) or None)


def make(name: str, variant: str, out: Path, dpi: int = 300, pages: list[int] | None = None) -> Scan:
    """Write sample ``name`` as ``variant`` into folder ``out``: ``<name>-<variant>[-<dpi>].pdf`` (clean,
    scan) and ``<name>-<variant>[-<dpi>]-p<N>.png|jpg`` per page. ``pages``: 1-based, all by default."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}")
    facts, greys = _pages(name, dpi, tuple(pages or ()))
    return on_paper(name, facts, greys, variant, out, dpi, pages)


def on_paper(name: str, facts: dict[str, Any], greys: list[Image.Image], variant: str, out: Path, dpi: int = 300,
             pages: list[int] | None = None) -> Scan:
    """Grey pages ``greys`` (1-based numbers ``pages``, else 1…) of a report whose truth is ``facts``
    as ``variant``, written into ``out`` (see ``make``)."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{name}-{variant}" + ("" if dpi == 300 else f"-{dpi}")
    numbers = pages or list(range(1, len(greys) + 1))
    result = Scan(name, variant, dpi, None, truth=facts)
    pdf_pages: list[tuple[Image.Image, bytes | None]] = []
    for number, grey in zip(numbers, greys):
        rng = _rng(name, variant, dpi, number)
        if variant == "clean":
            image, data, suffix = grey, png(grey), "png"
            pdf_pages.append((grey, None))
        elif variant == "scan":
            image = scan(grey, rng, dpi)
            data, suffix = jpeg(image, 75), "jpg"
            pdf_pages.append((image, data))
        else:
            image = photo(grey, rng, dpi)
            data, suffix = jpeg(image, 70), "jpg"
        path = out / f"{stem}-p{number}.{suffix}"
        path.write_bytes(data)
        result.images.append(path)
    if pdf_pages:
        result.pdf = out / f"{stem}.pdf"
        result.pdf.write_bytes(image_pdf(pdf_pages, dpi))
    return result


def committed() -> Path:
    """Rewrite the committed scanned sample (samples/simplified-online-scan.pdf) and return its path."""
    import tempfile

    name, variant, dpi = COMMITTED
    with tempfile.TemporaryDirectory() as tmp:
        made = make(name, variant, Path(tmp), dpi)
        assert made.pdf is not None
        target = HERE / made.pdf.name
        target.write_bytes(made.pdf.read_bytes())
    return target


def main() -> None:
    from .generate import DETAILED, SIMPLIFIED

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="samples (default: all)")
    parser.add_argument("--variant", action="append", choices=VARIANTS, help="default: all three")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--pages", help="1-based page numbers, comma-separated (default: all)")
    parser.add_argument("--out", type=Path, default=Path("scans"))
    parser.add_argument("--committed", action="store_true", help=f"rewrite samples/{COMMITTED[0]}-{COMMITTED[1]}.pdf")
    args = parser.parse_args()
    if args.committed:
        print(f"wrote {committed()}")
        return
    pages = [int(p) for p in args.pages.split(",")] if args.pages else None
    for name in args.names or [*DETAILED, *SIMPLIFIED]:
        for variant in args.variant or VARIANTS:
            made = make(name, variant, args.out, args.dpi, pages)
            print(f"{made.pdf or made.images[0].parent}: {made.pages} pages")


if __name__ == "__main__":
    main()


# the scorer lives in samples/scoring.py; kept importable from here for the tests and bench
from .scoring import FIELDS, FieldRead, Score, score, todo_keys  # noqa: E402,F401
