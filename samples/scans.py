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
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{name}-{variant}" + ("" if dpi == 300 else f"-{dpi}")
    facts, greys = _pages(name, dpi, tuple(pages or ()))
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


# --- how well a read shows the truth -----------------------------------------------------------

# Each field of the analyze JSON (to_json, --show-pii) that the report prints, and its class.
FIELDS: dict[str, dict[str, str]] = {
    "accounts": {"lender": "lender", "opened": "date", "due": "date", "as_of": "date", "closed_on": "date",
                 "amount": "amount", "credit_limit": "amount", "balance": "amount", "used": "amount",
                 "account_id": "id", "agreement_id": "id", "card_tail": "id", "family": "other",
                 "status": "other", "business_type": "other", "overdue_months_5y": "other", "currency": "other"},
    "agreements": {"lender": "lender", "effective": "date", "expires": "date", "limit": "amount", "cap": "amount",
                   "used": "amount", "agreement_id": "id", "purpose": "other", "currency": "other"},
    "liabilities": {"lender": "lender", "opened": "date", "as_of": "date", "amount": "amount", "balance": "amount",
                    "for_whom": "other", "role": "other"},
    "inquiries": {"date": "date", "institution": "lender", "reason": "other"},
}
HEADER = {"report_no": "id", "report_time": "date", "subject_id": "id", "subject_name": "other"}
CLASSES = ("amount", "date", "id", "lender", "other", "summary")
# Checks that put the reader on guard for values outside accounts, agreements and liabilities (which
# carry their own ``ocr_doubt``): creditgap.parse.doubts.mark_doubts writes them. Which values each covers:
UNATTRIBUTED = "ocr_doubt_unattributed"  # "N more values read with doubt in the header, summary…": all of them
HEADER_CHECKS = {"subject_id": ("ocr_id_checksum",), "report_no": ("report_number_mismatch",),
                 "report_time": ("report_number_mismatch",)}

@dataclass(frozen=True)
class FieldRead:
    where: str  # "accounts[A3]", "report", "summary"
    name: str
    cls: str
    want: Any
    got: Any
    flagged: bool  # the read says this value may be wrong (ocr_doubt on its record, a doubt warning, or partial)

    @property
    def ok(self) -> bool:
        return self.want == self.got


@dataclass
class Score:
    """A read (analyze JSON) against the truth, field by field."""

    fields: list[FieldRead]
    records: dict[str, tuple[int, int]]  # kind → (in the truth, found in the read)
    extra: list[tuple[str, bool]]  # records the read has and the truth has not, and whether each is flagged
    complete: bool
    todo_equal: bool

    def accuracy(self, cls: str) -> tuple[int, int]:
        """(exact, total) of the fields of class ``cls``."""
        of = [f for f in self.fields if f.cls == cls]
        return sum(f.ok for f in of), len(of)

    def rate(self, cls: str) -> float:
        exact, total = self.accuracy(cls)
        return exact / total if total else 1.0

    def recall(self, kind: str = "accounts") -> float:
        want, found = self.records.get(kind, (0, 0))
        return found / want if want else 1.0

    @property
    def wrong(self) -> list[FieldRead]:
        return [f for f in self.fields if not f.ok]

    @property
    def unflagged(self) -> list[FieldRead]:
        """Wrong fields the read does not warn about: each one a possible false conclusion."""
        return [f for f in self.wrong if not f.flagged]

    @property
    def trustworthy(self) -> bool:
        """No false conclusion: every wrong value is flagged, and a record the read lost or invented
        makes the read partial (an invented record may instead carry its own ``ocr_doubt``)."""
        lost = any(found < want for want, found in self.records.values())
        return not self.unflagged and (not self.complete or not (lost or self.unflagged_extra))

    @property
    def unflagged_extra(self) -> list[str]:
        return [label for label, flagged in self.extra if not flagged]


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else k))
        return out
    return {prefix: value}


def _pair(want: list[dict[str, Any]], got: list[dict[str, Any]], names: dict[str, str]) -> list[tuple[int, int]]:
    """Truth records paired with read records: most agreeing fields first (the same ref breaks ties);
    a pair needs two agreeing fields."""
    scored = []
    for i, w in enumerate(want):
        for j, g in enumerate(got):
            same = sum(w.get(k) == g.get(k) for k in names) + 0.5 * (w.get("ref") is not None and w.get("ref") == g.get("ref"))
            if same >= 2:
                scored.append((-same, i, j))
    pairs, used_w, used_g = [], set(), set()
    for _, i, j in sorted(scored):
        if i not in used_w and j not in used_g:
            pairs.append((i, j))
            used_w.add(i)
            used_g.add(j)
    return pairs


def todo_keys(todo: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """A to-do list as comparable keys (platform, lender, action, accounts, agreements), sorted."""
    return sorted(((t["platform"], t["lender"], t["action"], tuple(t["accounts"]), tuple(t["agreements"])) for t in todo),
                  key=repr)


def score(read: dict[str, Any], truth: dict[str, Any], todo: list[dict[str, Any]] | None = None) -> Score:
    """Compare ``read`` (analyze JSON with --show-pii, or ``to_json(report, show_pii=True)``) with
    ``truth`` (samples/<name>.truth.json). ``todo``: the to-do list to compare the read's with
    (default: the truth's ``expected_todo``)."""
    complete = bool(read.get("complete", True))
    codes = {c["code"] for c in read.get("checks", [])}
    loose_flag = not complete or UNATTRIBUTED in codes
    fields: list[FieldRead] = []
    for name, cls in HEADER.items():
        flag = loose_flag or bool(codes & set(HEADER_CHECKS.get(name, ())))
        fields.append(FieldRead("report", name, cls, truth["report"].get(name), read["report"].get(name), flag))
    records: dict[str, tuple[int, int]] = {}
    extra: list[tuple[str, bool]] = []
    for kind, names in FIELDS.items():
        want, got = truth.get(kind, []), read.get(kind, [])
        pairs = _pair(want, got, names)
        records[kind] = (len(want), len(pairs))
        matched = dict(pairs)
        for i, w in enumerate(want):
            label = f"{kind}[{w.get('ref', i + 1)}]"
            g = got[matched[i]] if i in matched else None
            flag = (not complete) or (loose_flag if kind == "inquiries" else bool(g and g.get("ocr_doubt")))
            for name, cls in names.items():
                fields.append(FieldRead(label, name, cls, w.get(name), None if g is None else g.get(name), flag))
        for j in sorted(set(range(len(got))) - set(matched.values())):
            extra.append((f"{kind}[{got[j].get('ref', j + 1)}]", not complete or bool(got[j].get("ocr_doubt"))))
    want_sum, got_sum = _flat(truth.get("summary", {})), _flat(read.get("summary", {}))
    for key, value in want_sum.items():
        fields.append(FieldRead("summary", key, "summary", value, got_sum.get(key), loose_flag))
    fields = [f for f in fields if f.want is not None or f.got is not None]  # a blank read as blank says nothing
    expected = truth.get("expected_todo", []) if todo is None else todo
    return Score(fields, records, extra, complete, todo_keys(read.get("todo", [])) == todo_keys(expected))
