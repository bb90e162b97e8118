"""Shared reportlab plumbing for the sample renderers: the CID font, styles, page furniture."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from . import producers

FONT = "STSong-Light"  # built into reportlab: no font file, deterministic
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# Real reports break a sentence anywhere, even leaving one line on a page.
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK", allowWidows=1, allowOrphans=1)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5, wordWrap="CJK")
H1 = ParagraphStyle("h1", fontName=FONT, fontSize=16, leading=22, alignment=1)
H2 = ParagraphStyle("h2", fontName=FONT, fontSize=11, leading=16, spaceBefore=6, spaceAfter=2)
H3 = ParagraphStyle("h3", fontName=FONT, fontSize=10, leading=14, spaceBefore=4, spaceAfter=2)


def para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), style)


class FillToBottom(Flowable):
    """Takes all but ``lines`` lines of what is left of the frame, so the next paragraph starts
    at the bottom of a page and breaks across it (page-break tests)."""

    def __init__(self, lines: float = 1.4, leading: float = 13):
        super().__init__()
        self.keep = lines * leading

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = max(0.0, avail_height - self.keep)
        return avail_width, self.height

    def draw(self) -> None:
        pass


class Marked(Paragraph):
    """A paragraph whose page is recorded after layout (account headings)."""

    def __init__(self, text: str, style: ParagraphStyle, mark: str | None = None, **kw: Any):
        super().__init__(text, style, **kw)
        self.mark = mark

    def split(self, avail_width: float, avail_height: float) -> list[Paragraph]:
        parts = super().split(avail_width, avail_height)
        for n, part in enumerate(parts):  # the page of a split paragraph is where it starts
            part.mark = self.mark if n == 0 else None
        return parts


class FakeBold(Marked):
    """Some producers fake bold by drawing each glyph twice, a hair apart (pdfplumber dedupe_chars)."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 (reportlab's name)
        super().drawOn(canvas, x, y, _sW)
        super().drawOn(canvas, x + 0.3, y, _sW)


@dataclass
class PageFurniture:
    """Header and footer drawn on every page, and an optional diagonal watermark."""

    header: Callable[[int], str | None]  # page number → header line or None
    footer: Callable[[int, int], str]  # (page, pages) → footer line
    watermark: str | None = None
    pages: dict[str, int] = field(default_factory=dict)  # mark → page, filled while building


def numbered_canvas(furniture: PageFurniture, producer: str = "reportlab", pagesize: tuple[float, float] = A4) -> type:
    """A canvas class that knows the page count when drawing footers (``第X页，共Y页``) and
    writes text as ``producer`` does (samples/producers.py)."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:  # noqa: N802
            return producers.text_object(self, x, y, direction, producer)

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            number = self._pageNumber
            width, height = pagesize
            self.saveState()
            if furniture.watermark:
                self.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.25))
                self.setFont(FONT, 22)
                for y in range(120, int(height), 220):
                    self.saveState()
                    self.translate(width / 2, y)
                    self.rotate(25)
                    self.drawCentredString(0, 0, furniture.watermark)
                    self.restoreState()
            self.setFillColor(colors.black)
            self.setFont(FONT, 8)
            head = furniture.header(number)
            for i, line in enumerate((head or "").splitlines()):
                self.drawString(40, height - 20 - 10 * i, line)
            self.drawCentredString(width / 2, 22, furniture.footer(number, total))
            self.restoreState()

    return NumberedCanvas


@dataclass(frozen=True)
class PageGeometry:
    """Page size and margins (points); the default is what the committed samples use."""

    width: float = A4[0]
    height: float = A4[1]
    left: float = 40
    right: float = 40
    top: float = 45
    bottom: float = 40


class MarkingDoc(SimpleDocTemplate):
    def __init__(self, path: str, furniture: PageFurniture, geometry: PageGeometry = PageGeometry(), **kw: Any):
        g = geometry
        super().__init__(path, pagesize=(g.width, g.height), invariant=1, leftMargin=g.left, rightMargin=g.right,
                         topMargin=g.top, bottomMargin=g.bottom, **kw)
        self.furniture = furniture

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802
        mark = getattr(flowable, "mark", None)
        if mark:
            self.furniture.pages.setdefault(mark, self.page)


def build(path: str, story: list[Any], furniture: PageFurniture, producer: str = "reportlab",
          geometry: PageGeometry = PageGeometry()) -> dict[str, int]:
    """Render ``story`` as ``producer`` would; return the page of every Marked flowable."""
    doc = MarkingDoc(path, furniture, geometry, title="个人信用报告", author="creditgap sample generator")
    doc.build(story, canvasmaker=numbered_canvas(furniture, producer, (geometry.width, geometry.height)))
    producers.finish(path, producer)
    return dict(furniture.pages)
