"""A document's pages as ``Item``s, each page read by the engine that reads it faithfully: the facade.

Yields, per page, its table rows and the text lines outside tables, in reading order; knows nothing
about credit reports. Three engines give the same items: pdfium (``pdfium``, many times faster)
reads every page the fidelity check trusts, pdfplumber (``plumber``, the reference) reads the rest,
and OCR (``ocr``) reads pages without a text layer. ``PdfText`` chooses per page, applies the guard
(the file's damaged streams, page and time limits) and hands OCR the pages that need it. Pages are
extracted once, cached as plain strings, and closed right after use so memory stays flat with the
page count.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from ..errors import CreditgapError, LimitError, NoTextLayerError, PdfError
from .files import check_pdf_file, time_limit_error
from .items import Item, TextSettings
from .locks import PDFIUM
from .pdfium.pages import open_pdfium, page_has_text, page_shows_something
from .plumber import open_plumber, read_page
from .streams import damaged_streams

if TYPE_CHECKING:
    from .ocr.source import OcrPages
    from .ocr.types import Doubt


class PdfText:
    """An open PDF. Use as a context manager; ``items(n)`` is cached.

    pdfium opens the file and reads every page the guard trusts; pdfplumber, the reference, is
    opened (and pdfminer imported) only when a page needs it, or for every page with
    ``engine="pdfplumber"``. A file pdfium cannot open goes to pdfplumber, whose errors carry the
    documented exit codes (password, damage).

    Pages without a text layer (a scan) are read by OCR when the extra is installed (``settings.ocr``):
    the first such page found starts a pool that reads it and every later page without text
    (``ocr.source.OcrPages``).
    """

    def __init__(self, path: str | Path, password: str | None = None, settings: TextSettings | None = None):
        self.path = Path(path)
        self.settings = settings or TextSettings()
        self._password = password
        self._pdfium_lock = PDFIUM  # pdfium is not thread-safe, even across documents: one lock per process
        self._ocr: OcrPages | None = None
        self._render: Any = None  # a pdfium document to render OCR pages from when pdfplumber reads the text
        self._closed = False
        self.ocr_missing = False  # a page needed OCR, but the extra is not installed
        check_pdf_file(self.path)
        with self.path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            self.damaged_streams = damaged_streams(data)  # type: ignore[arg-type]  # content cut or corrupt
        self._pdf: Any = None  # pdfplumber, opened on first need
        self._helper: tuple[Any, Any, range] | None = None  # (process, pipe, pages) while prefetching
        with PDFIUM:
            self._fast = open_pdfium(self.path, password) if self.settings.engine != "pdfplumber" else None
            self.page_count = len(self._fast) if self._fast is not None else 0
        if self._fast is None:
            self.page_count = self._page_count_of(self.plumber)
        if self.page_count > self.settings.max_pages:
            self.close()
            raise LimitError(
                f"这个 PDF 有 {self.page_count} 页，超过上限 {self.settings.max_pages} 页。确认文件无误后可用 --max-pages 调高上限。",
                f"This PDF has {self.page_count} pages, over the limit of {self.settings.max_pages}. "
                "If the file is right, raise it with --max-pages.",
            )
        self._items: dict[int, list[Item]] = {}
        self._lines: dict[int, list[Item]] = {}
        self._deadline = time.monotonic() + self.settings.time_limit
        self.distrusted_pages: set[int] = set()  # pages the guard sent to pdfplumber
        self.fast_pages: set[int] = set()  # pages pdfium read
        if self.settings.ocr == "always":
            self._plan_ocr(0)

    @property
    def plumber(self) -> Any:
        """The pdfplumber document, opened on first use."""
        if self._pdf is None:
            self._pdf = open_plumber(self.path, self._password)
        return self._pdf

    def _page_count_of(self, pdf: Any) -> int:
        try:
            return len(pdf.pages)
        except Exception as e:  # pdfminer raises many kinds on a broken page tree
            self.close()
            raise PdfError() from e

    def __enter__(self) -> PdfText:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._ocr is not None:
            self._ocr.close()
        with self._pdfium_lock:  # an OCR worker still rendering finishes first
            self._closed = True
            if self._render is not None and self._render is not self._fast:
                self._render.close()
            if self._fast is not None:
                self._fast.close()
        if self._helper is not None:  # closed early (an error): the helper's work is not wanted
            self._helper[0].terminate()
            self._helper[1].close()
            self._helper = None
        if self._pdf is not None:
            self._pdf.close()

    def sha256(self) -> str:
        h = hashlib.sha256()
        with self.path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 16), b""):
                h.update(chunk)
        return h.hexdigest()

    def _check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise time_limit_error(self.settings.time_limit)

    def _read(self, index: int) -> list[Item]:
        """Page ``index`` through pdfplumber, the reference."""
        self._check_time()
        if index >= self._page_count_of(self.plumber):  # pdfium saw more pages than pdfminer can find
            raise PdfError()
        return read_page(self.plumber, index, self.settings)

    def items(self, index: int) -> list[Item]:
        """Table rows and loose text lines of page ``index`` (0-based), top to bottom."""
        if self._by_ocr(index):
            return self._ocr_items(index)
        if self._helper is not None and index in self._helper[2]:
            self._collect()
        if index not in self._items:
            items = self._fast_items(index)
            self._items[index] = items if items is not None else self._read(index)
        if not _has_text(self._items[index]) and self._plan_ocr(index):
            return self._ocr_items(index)
        return self._items[index]

    # --- OCR ----------------------------------------------------------------------------------

    def _by_ocr(self, index: int) -> bool:
        return self._ocr is not None and index in self._ocr.pages

    def _ocr_items(self, index: int) -> list[Item]:
        assert self._ocr is not None
        return self._ocr.items(index)

    def _plan_ocr(self, index: int) -> bool:
        """Page ``index`` has no text: when OCR may read it, plan OCR for it and every later page
        without text, start reading them, and return True. Planned once per document."""
        if self.settings.ocr == "never" or self.ocr_missing:
            return False
        if self._ocr is not None:  # a page whose text (a watermark, say) hid that it is a scan
            if not self._by_ocr(index) and self._render_doc() is not None:
                from .ocr.source import pdf_page_loader

                self._ocr.add(index, self._guarded_loader(pdf_page_loader(self._render_doc(), index)))
                self._deadline += self.settings.time_limit
            return self._by_ocr(index)
        from .ocr import engine

        doc = self._render_doc()
        if doc is None:
            return False
        with self._pdfium_lock:
            pages = list(range(self.page_count)) if self.settings.ocr == "always" else \
                [i for i in range(index, self.page_count) if i == index or page_has_text(doc, i) is False]
            pages = [i for i in pages if self.settings.ocr == "always" or page_shows_something(doc, i)]
        if not pages:
            return False
        if not engine.available():
            self.ocr_missing = True
            return False
        from .ocr.source import OcrPages, pdf_page_loader

        self._ocr = OcrPages({i: self._guarded_loader(pdf_page_loader(doc, i)) for i in pages}, self.settings,
                             fixed_scale=True, render_lock=self._pdfium_lock)
        self._deadline += self.settings.time_limit * len(pages)  # the limit is per page in OCR mode
        self._ocr.start()
        return index in pages

    def _guarded_loader(self, load: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            if self._closed:
                raise PdfError()
            try:
                return load()
            except MemoryError:
                raise
            except Exception as e:  # pdfium cannot render a damaged page
                raise PdfError("PDF 中有页面已损坏，无法读取。请重新下载报告。",
                               "A page of the PDF is damaged and cannot be read. Download the report again.") from e
        return run

    def _render_doc(self) -> Any:
        """The pdfium document OCR renders pages from (the fast path's, or one opened for it)."""
        if self._fast is not None:
            return self._fast
        if self._render is None:
            with self._pdfium_lock:
                self._render = open_pdfium(self.path, self._password)
        return self._render

    @property
    def ocr_pages(self) -> tuple[int, ...]:
        """0-based pages read by OCR."""
        return tuple(self._ocr.pages) if self._ocr is not None else ()

    @property
    def doubts(self) -> list[Doubt]:
        """What OCR was not sure it read right (empty without OCR)."""
        return self._ocr.doubts if self._ocr is not None else []

    def prefetch(self) -> None:
        """Have a forked process read the second half of the pages with pdfium while this one reads
        the first: a long 详版 reads in about half the time on two cores. Pages the helper cannot
        read (the guard, damage) are read here as usual; without fork, nothing changes."""
        if (self._fast is None or not self.settings.parallel or self.page_count < PARALLEL_MIN_PAGES
                or (os.cpu_count() or 1) < 2 or self._helper is not None or self._ocr is not None):
            return
        import threading

        if threading.active_count() > 1:  # a fork would copy the pdfium lock another thread may hold: a helper
            return                        # that never answers. Threads share the cores anyway
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork on this platform
            return
        pages = range(self.page_count // 2, self.page_count)
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_read_in_helper, args=(self.path, self._password, self.settings, pages, send),
                                  daemon=True)
        process.start()
        send.close()
        self._helper = (process, receive, pages)

    def _collect(self) -> None:
        """The helper's pages; any it could not give are read here."""
        assert self._helper is not None
        process, receive, pages = self._helper
        self._helper = None
        try:
            done = receive.recv()
        except (EOFError, OSError):  # the helper died: this process reads its pages
            done = {}
        finally:
            receive.close()
            process.join()
        for index, (items, distrusted) in done.items():
            if distrusted:
                self.distrusted_pages.add(index)
            elif items is not None:
                self._items[index] = items
                self.fast_pages.add(index)

    def _fast_items(self, index: int) -> list[Item] | None:
        """Page ``index`` through pdfium; None where pdfplumber must read it (the guard, a page the fast
        path does not handle, a page pdfium cannot parse)."""
        if self._fast is None or index in self.distrusted_pages:
            return None
        from .pdfium.page import Unsupported, read_items

        self._check_time()
        try:
            with self._pdfium_lock:
                items = read_items(self._fast, index, self.settings.drop_rotated, self.settings.dedupe,
                                   faithful=self.settings.engine == "auto")
        except Unsupported:  # a rotated page, a MediaBox off the origin
            return None
        except CreditgapError:  # a page far past any report's (OversizedError): no other engine tries it
            raise
        except Exception:  # pdfium and pdfminer differ on damaged files: pdfplumber says what is wrong
            return None
        if items is None:
            self.distrusted_pages.add(index)
            return None
        self.fast_pages.add(index)
        return items

    def all_items(self) -> Iterator[Item]:
        """Every page's items in order; a long document's second half is read meanwhile by a helper."""
        self.prefetch()
        for i in range(self.page_count):
            yield from self.items(i)

    def lines(self, index: int) -> list[Item]:
        """Text lines of page ``index`` (0-based), tables not told apart; pdfium where the guard trusts the page."""
        if self._by_ocr(index):
            return self._ocr_items(index)
        if index in self._items:
            return self.items(index)
        if self._fast is None or index in self.distrusted_pages:
            return self.items(index)
        if index not in self._lines:
            from .pdfium.lines import LOST, NO_BOXES, pdfium_lines

            self._check_time()
            try:
                with self._pdfium_lock:
                    lines = pdfium_lines(self._fast, index, guard=self.settings.engine == "auto")
            except CreditgapError:
                raise
            except Exception:  # pdfium and pdfminer differ on damaged files: take the slow path
                self.distrusted_pages.add(index)
                return self.items(index)
            if lines == LOST:  # pdfium's text page left out text: pdfplumber reads this page
                self.distrusted_pages.add(index)
                return self.items(index)
            if lines == NO_BOXES:  # its line layout is not to be trusted; its characters are (items checks them)
                return self.items(index)
            self._lines[index] = lines
        if not _has_text(self._lines[index]) and self._plan_ocr(index):
            return self._ocr_items(index)
        return self._lines[index]

    def all_lines(self) -> Iterator[Item]:
        for i in range(self.page_count):
            yield from self.lines(i)

    def page_size(self, index: int) -> tuple[float, float] | None:
        """(width, height) of page ``index`` in points; None when it cannot be told (a damaged page)."""
        try:
            if self._fast is not None:
                with self._pdfium_lock:
                    width, height = self._fast.get_page_size(index)
                return float(width), float(height)
            page = self.plumber.pages[index]
            return float(page.width), float(page.height)
        except Exception:  # pdfium and pdfminer raise many kinds on a broken page tree
            return None

    def first_text(self, pages: int = 2) -> str:
        """Text of the first pages, for cheap layout identification."""
        return "\n".join(it.joined() for i in range(min(pages, self.page_count)) for it in self.lines(i))

    def require_text(self) -> None:
        """Raise NoTextLayerError when no page has any character (a scan or photo)."""
        for i in range(min(3, self.page_count)):
            if _has_text(self.lines(i)):
                return
        if self._ocr is not None:
            from .ocr.source import OCR_FOUND_NOTHING

            raise NoTextLayerError(*OCR_FOUND_NOTHING)
        if self.settings.ocr == "never" and not self.ocr_missing:
            raise NoTextLayerError(*NO_TEXT_OCR_OFF)
        raise NoTextLayerError()


NO_TEXT_OCR_OFF = ("这个 PDF 没有文字层（是扫描件或照片），而 OCR 已关闭。",
                   "This PDF has no text layer (a scan or photo), and OCR is off.")


def _has_text(items: list[Item]) -> bool:
    return any(it.joined().strip() for it in items)


PARALLEL_MIN_PAGES = 8  # below this, forking costs about what it saves


def _read_in_helper(path: Path, password: str | None, settings: TextSettings, pages: range, send: Any) -> None:
    """In the forked helper: ``pages`` read with pdfium (a document of its own: the parent's file
    position is not shared), sent back as {index: (items or None, distrusted)}."""
    done: dict[int, tuple[list[Item] | None, bool]] = {}
    try:
        with PdfText(path, password, replace(settings, parallel=False)) as doc:
            for index in pages:
                items = doc._fast_items(index)
                done[index] = (items, index in doc.distrusted_pages)
    except BaseException:  # whatever it is, the parent reads the pages not done itself
        pass
    finally:
        send.send(done)
        send.close()
