"""The layouts, and the one call that reads a file into a Report: ``parse_report``.

Each layout parser says whether it recognises a document and turns it into a Report.
``parse_report`` opens the file once (``read``), asks every layout in ``LAYOUTS``, and extracts with
the one that recognises the document. Other documents get a LayoutError that says what they look
like; ``formats`` names the credit reports no parser reads (the 一代 详版; a text layer that does not
decode, which is read by OCR instead). Image files (a scan or photo of each page) and PDF pages
without a text layer are read by OCR (``read.ocr``, the extra ``creditgap[ocr]``); the parsers do not
know which pages it read, and ``doubts`` puts what OCR was unsure of on the records it concerns.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol, Sequence

from .. import fields as F
from ..errors import NoTextLayerError, PdfError, UnknownLayoutError, UsageError
from ..model import Check, Report, Source
from ..read.document import PdfText
from ..read.files import looks_like_image
from ..read.items import TextSettings
from . import formats
from .common import check_damage, check_pages, check_read_complete, check_report_number, page_numbers
from .detailed import DetailedParser
from .doubts import mark_doubts
from .simplified import SimplifiedParser


class LayoutParser(Protocol):
    name: str
    description: str

    def identify(self, doc: PdfText) -> bool: ...

    def extract(self, doc: PdfText) -> Report: ...


LAYOUTS: tuple[LayoutParser, ...] = (DetailedParser(), SimplifiedParser())


def describe_unknown(doc: PdfText) -> UnknownLayoutError:
    """An error that says what the document looks like instead."""
    text = F.squash(doc.first_text())
    if "企业信用报告" in text or "统一社会信用代码" in text or "中征码" in text and "个人信用报告" not in text:
        return UnknownLayoutError(
            "这是企业信用报告，creditgap 只读个人信用报告。请提供个人征信报告 PDF。",
            "This is an enterprise credit report; creditgap reads personal credit reports only.",
        )
    if "个人信用报告" in text:
        return UnknownLayoutError(
            "这是个人信用报告，但版式暂不支持（支持：二代详版本人版、简版）。",
            "This is a personal credit report, but its layout is not supported yet (supported: 详版 本人版, 简版).",
        )
    return UnknownLayoutError(
        "这个 PDF 不是人民银行个人信用报告。请提供征信中心、银行 App 或云闪付下载的报告原件。",
        "This PDF is not a PBOC personal credit report. Use the report downloaded from the credit centre, a bank app or UnionPay.",
    )


def identify(doc: PdfText) -> LayoutParser:
    if formats.first_gen_detailed(doc.first_text()):  # before the 详版 parser, whose markers it shares
        raise UnknownLayoutError(*formats.FIRST_GEN_DETAILED)
    for layout in LAYOUTS:
        if layout.identify(doc):
            return layout
    raise describe_unknown(doc)


def parse_report(path: str | Path | Sequence[str | Path], password: str | None = None,
                 settings: TextSettings | None = None) -> Report:
    """Read a credit report into a Report: a PDF, or the images of its pages (one file or several,
    in page order; read by OCR).

    Each page is read once, by pdfium where its text layer holds what pdfplumber (the reference)
    reads and by pdfplumber elsewhere (``read.pdfium.fidelity``): the engine is chosen per page by the
    text, never by whether the parse found errors, so a report read in part costs no second reading.

    Raises:
        CreditgapError: a subclass with the contract's exit code for every kind of bad input.
    """
    settings = settings or TextSettings()
    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    if not paths:
        raise UsageError("没有给出文件。", "No file given.")
    if len(paths) > 1 or looks_like_image(paths[0]):
        return _parse_images(paths, settings)
    return _parse(paths[0], password, settings)


def _parse(path: Path, password: str | None, settings: TextSettings) -> Report:
    with PdfText(path, password, settings) as doc:
        try:
            return _read(doc, path.name)
        except UnknownLayoutError:
            if settings.ocr == "always" or doc.ocr_pages or not formats.undecoded_text_layer(doc):
                raise
    return _read_by_ocr(path, password, settings)


def _read_by_ocr(path: Path, password: str | None, settings: TextSettings) -> Report:
    """A credit report whose text layer does not decode, read from its page images (exit 5 naming
    the OCR extra when it is not installed)."""
    from ..read.ocr import engine

    if settings.ocr == "never":
        raise NoTextLayerError(*formats.UNDECODED_OCR_OFF)
    if not engine.available():
        raise NoTextLayerError(*formats.UNDECODED_NO_OCR)
    with PdfText(path, password, replace(settings, ocr="always")) as doc:
        report = _read(doc, path.name)
    zh, en = formats.UNDECODED_READ_BY_OCR
    return report.with_checks(Check("warning", "text_layer_undecoded", zh, en))


def _parse_images(paths: list[Path], settings: TextSettings) -> Report:
    from ..read.ocr.source import OcrText

    with OcrText(paths, settings) as doc:
        return _read(doc, ", ".join(p.name for p in paths))


DAMAGED_UNREADABLE = (
    "这个 PDF 已损坏（文件里有数据损坏），读不出是什么报告。请重新下载或重新打印征信报告。",
    "This PDF is damaged (some of its data is corrupt), so it cannot be read as a report. Download or print the report again.",
)


def document_checks(doc: Any, report: Report) -> list[Check]:
    """What the document itself says about the reading beyond its layout: the report number against
    its time, zero accounts or no summary, damaged streams, pages the footers count that were not
    read (missing, blank, another page's content), pages whose own text does not decode."""
    footers, blank = page_numbers(doc)
    return [*check_report_number(report.header), *check_read_complete(report),
            *check_damage(getattr(doc, "damaged_streams", 0)),
            *check_pages(footers, doc.page_count, blank), *formats.undecoded_pages(doc)]


def _read(doc: Any, name: str) -> Report:
    """Identify, extract and check a document; the doubts of its OCR pages on the records they concern."""
    doc.require_text()
    try:
        layout = identify(doc)
    except UnknownLayoutError:
        if getattr(doc, "damaged_streams", 0):  # damage, not another kind of document, hid what it is
            raise PdfError(*DAMAGED_UNREADABLE) from None
        raise
    report = layout.extract(doc)
    report = report.with_checks(*document_checks(doc, report))
    ocr_pages = tuple(sorted(i + 1 for i in doc.ocr_pages))
    report = replace(report, source=Source(file=name, pages=doc.page_count, sha256=doc.sha256(), ocr_pages=ocr_pages))
    if ocr_pages:
        report = mark_doubts(report, doc.doubts)
    return report
