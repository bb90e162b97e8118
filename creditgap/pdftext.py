"""Stage 1: PDF access. Yields, per page, its table rows and the text lines outside tables, in
reading order. Knows nothing about credit reports.

Two engines give the same items: pypdfium2 (``pdfium_items``, many times faster) reads every page
the guard (``pdfium_loses_text``) trusts, and pdfplumber, the reference, reads the rest. Pages
are extracted once, cached as plain strings, and closed right after use so memory stays flat
with the page count.
"""

from __future__ import annotations

import ctypes
import hashlib
import mmap
import os
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .fidelity import has_duplicate_chars, lost_text, pdfium_loses_text
from .streams import damaged_streams
from .errors import (
    LimitError,
    NoTextLayerError,
    PasswordRequiredError,
    PdfError,
    UsageError,
    WrongPasswordError,
)

if TYPE_CHECKING:
    from .ocr.source import OcrPages
    from .ocr.types import Doubt


ENGINES = ("auto", "pdfium", "pdfplumber")
OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True, slots=True)
class TextSettings:
    """How pages are read. ``drop_rotated`` removes diagonal watermark text."""

    drop_rotated: bool = True
    dedupe: bool = True  # some producers fake bold by printing each glyph twice
    max_pages: int = 300
    time_limit: float = 120.0  # seconds for one file, checked before each page; for each page read by OCR
    # pdfium (pypdfium2) reads many times faster than pdfplumber; "auto" uses it where the guard
    # trusts a page and pdfplumber (the reference) elsewhere; "pdfplumber" never uses pdfium.
    engine: str = "auto"
    # a long document's pages read by two processes (fork) on a machine with two cores or more;
    # off inside batch workers, which already use the cores
    parallel: bool = True
    # OCR (the extra creditgap[ocr]): "auto" reads the pages without a text layer that show something
    # (a scan, a photo, text drawn as outlines) when the extra is installed; "always" every page;
    # "never" none. ``workers``: pages read by OCR at once (0: one per core, at most two).
    ocr: str = "auto"
    workers: int = 0
    # called as OCR goes: (pages done, pages to read, page just done (1-based, 0 at the start), seconds)
    progress: Callable[[int, int, int, float], None] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise ValueError("max_pages must be at least 1")
        if self.time_limit <= 0:
            raise ValueError("time_limit must be positive")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {OCR_MODES}")
        if self.workers < 0:
            raise ValueError("workers must be 0 (automatic) or more")


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a page: a table row (``cells``) or a loose text line (``text``)."""

    page: int  # 1-based
    top: float
    cells: tuple[str | None, ...] | None = None
    text: str | None = None
    # x-extent (x0, x1) of each cell of a table row, None for a column a spanning cell covers;
    # None when the reader knows no positions (pairs labels with values by x, not by index).
    xs: tuple[tuple[float, float] | None, ...] | None = None

    @property
    def is_row(self) -> bool:
        return self.cells is not None

    def joined(self) -> str:
        """The whole line as one string; cells joined with a single space."""
        if self.cells is None:
            return self.text or ""
        return " ".join(c for c in self.cells if c)


# A report printed from a browser with Noto CJK fonts (Type 3) can carry Kangxi radicals
# (U+2F00–U+2FD5) or CJK radicals-supplement forms (U+2E80–U+2EF3) for 人日月户立民 … in its text
# layer. NFKC maps the Kangxi radicals to ideographs, but ⼾ to the traditional 戶; it leaves most
# supplement forms alone. Only these two blocks are mapped: full-width brackets and the like stay
# as printed (lender names are shown as printed).
_RADICAL_FORMS = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)} | {
    "⼾": "户",
    "⺁": "厂", "⺇": "几", "⺌": "小", "⺎": "兀", "⺐": "尢", "⺓": "幺", "⺕": "彐", "⺗": "心", "⺝": "月", "⺟": "母",
    "⺠": "民", "⺢": "氺", "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬", "⺩": "王", "⺪": "疋", "⺫": "罒", "⺬": "示",
    "⺭": "礻", "⺮": "竹", "⺯": "糸", "⺰": "纟", "⺲": "罒", "⺳": "网", "⺶": "羊", "⺷": "羊", "⺹": "耂", "⺺": "肀",
    "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西",
    "⻅": "见", "⻆": "角", "⻈": "讠", "⻉": "贝", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻑": "長",
    "⻓": "长", "⻔": "门", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食",
    "⻟": "食", "⻠": "饣", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄",
    "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟",
}
_RADICALS = str.maketrans(_RADICAL_FORMS)


def normalize_text(text: str) -> str:
    """Radical code points in a text layer back to the ideographs they stand for."""
    return text.translate(_RADICALS) if any("\u2e80" <= ch <= "\u2fdf" for ch in text) else text


def _is_upright(obj: dict[str, Any]) -> bool:
    if obj.get("object_type") != "char":
        return True
    a, b, c, d = obj.get("matrix", (1, 0, 0, 1, 0, 0))[:4]
    return abs(b) < 1e-3 and abs(c) < 1e-3 and a > 0 and d > 0


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


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
        self._pdfium_lock = threading.RLock()  # pdfium is not thread-safe: OCR workers render under it
        self._ocr: OcrPages | None = None
        self._render: Any = None  # a pdfium document to render OCR pages from when pdfplumber reads the text
        self._closed = False
        self.ocr_missing = False  # a page needed OCR, but the extra is not installed
        _check_file(self.path)
        with self.path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            self.damaged_streams = damaged_streams(data)  # type: ignore[arg-type]  # content cut or corrupt
        self._pdf: Any = None  # pdfplumber, opened on first need
        self._helper: tuple[Any, Any, range] | None = None  # (process, pipe, pages) while prefetching
        self._fast = _open_pdfium(self.path, password) if self.settings.engine != "pdfplumber" else None
        if self._fast is not None:
            self.page_count = len(self._fast)
        else:
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
            self._pdf = _open(self.path, self._password)
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
        if self._helper is not None:  # closed early (an error): the helper's work is not wanted
            self._helper[0].terminate()
            self._helper[1].close()
            self._helper = None
        if self._pdf is not None:
            self._pdf.close()
        if self._fast is not None:
            self._fast.close()

    def sha256(self) -> str:
        h = hashlib.sha256()
        with self.path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 16), b""):
                h.update(chunk)
        return h.hexdigest()

    def _page(self, index: int) -> Any:
        try:
            page = self.plumber.pages[index]
        except (PdfError, LimitError, UsageError):
            raise
        except Exception as e:
            raise PdfError() from e
        if self.settings.drop_rotated:
            page = page.filter(_is_upright)
        if self.settings.dedupe and has_duplicate_chars(page.chars):  # dedupe_chars is most of this path's time
            page = page.dedupe_chars()
        return page

    def _check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise time_limit_error(self.settings.time_limit)

    def _read(self, index: int) -> list[Item]:
        """Page ``index`` through pdfplumber, the reference."""
        self._check_time()
        if index >= self._page_count_of(self.plumber):  # pdfium saw more pages than pdfminer can find
            raise PdfError()
        raw = self.plumber.pages[index]
        try:
            page = self._page(index)
            items: list[Item] = []
            boxes: list[tuple[float, float, float, float]] = []
            for table in page.find_tables():
                boxes.append(table.bbox)
                for row, cells in zip(table.rows, table.extract()):
                    items.append(Item(page=index + 1, top=row.bbox[1],
                                      cells=tuple(None if c is None else normalize_text(c) for c in cells),
                                      xs=tuple(None if b is None else (b[0], b[2]) for b in row.cells)))
            rest = page.filter(lambda o: not _inside(o, boxes)) if boxes else page
            for line in rest.extract_text_lines(return_chars=False):
                items.append(Item(page=index + 1, top=line["top"], text=normalize_text(line["text"])))
        except (PdfError, LimitError):
            raise
        except Exception as e:  # a damaged content stream surfaces here, not at open
            raise PdfError(
                f"PDF 第 {index + 1} 页已损坏，无法读取。请重新下载报告。",
                f"Page {index + 1} of the PDF is damaged and cannot be read. Download the report again.",
            ) from e
        finally:
            raw.close()  # frees pdfplumber's per-page caches
        items.sort(key=lambda it: (it.top, 0 if it.is_row else 1))
        return items

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
                [i for i in range(index, self.page_count) if i == index or _page_has_text(doc, i) is False]
            pages = [i for i in pages if self.settings.ocr == "always" or _page_shows_something(doc, i)]
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
            self._render = _open_pdfium(self.path, self._password)
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
        from .pdfium_items import Unsupported, read_items

        self._check_time()
        try:
            with self._pdfium_lock:
                items = read_items(self._fast, index, self.settings.drop_rotated, self.settings.dedupe,
                                   faithful=self.settings.engine == "auto")
        except Unsupported:  # a rotated page, a MediaBox off the origin
            return None
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
            self._check_time()
            try:
                with self._pdfium_lock:
                    lines = _pdfium_lines(self._fast, index, guard=self.settings.engine == "auto")
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


def _page_has_text(doc: Any, index: int) -> bool | None:
    """True when the page's text layer has a character that is not white space; None when pdfium
    cannot load the page (damage: the text paths say what is wrong)."""
    try:
        page = doc[index]
    except Exception:
        return None
    try:
        textpage = page.get_textpage()
        try:
            return bool(textpage.get_text_range().strip())
        finally:
            textpage.close()
    except Exception:
        return None
    finally:
        page.close()


def _page_shows_something(doc: Any, index: int) -> bool:
    """True when the page draws anything (an image, paths, text): a blank page is not worth OCR.
    False for a page pdfium cannot load."""
    import pypdfium2.raw as pdfium_c

    try:
        page = doc[index]
    except Exception:
        return False
    try:
        return pdfium_c.FPDFPage_CountObjects(page.raw) > 0
    finally:
        page.close()


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


def _open_pdfium(path: Path, password: str | None) -> Any:
    try:
        import pypdfium2

        from . import pdfium_fonts

        pdfium_fonts.ensure_installed()  # a font for every glyph, before pdfium maps any

        return pypdfium2.PdfDocument(str(path), password=password)
    except Exception:  # not installed, or it cannot open what pdfplumber could: use pdfplumber alone
        return None


LOST, NO_BOXES = "lost", "no boxes"  # why _pdfium_lines gave no lines


def _pdfium_lines(doc: Any, index: int, guard: bool = True) -> list[Item] | str:
    """Lines of a page from pdfium's text layer, without rotated (watermark) characters. With ``guard``
    (the fidelity check, see ``fidelity``): NO_BOXES when pdfium placed text without a font for it (its
    line layout is then not to be trusted, its characters may be), LOST when its text page left out text."""
    import pypdfium2.raw as pdfium_c

    import itertools

    from .pdfium_items import _text_object

    page = doc[index]
    textpage = page.get_textpage()
    try:
        if guard and pdfium_loses_text(page, textpage):
            return NO_BOXES
        raw = textpage.raw  # the raw handle: pypdfium2's wrapper costs a lookup per call
        angle, generated, unicode = pdfium_c.FPDFText_GetCharAngle, pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetUnicode
        count = pdfium_c.FPDFText_CountChars(raw)
        # one call per character: its text object, for the fidelity check and for the angle, which
        # is its object's (asked once per object); rotated: a watermark (pdfium's own breaks stay)
        objects = list(map(_text_object, itertools.repeat(ctypes.cast(raw, ctypes.c_void_p).value), range(count)))
        if guard and lost_text(page, textpage, seen=set(objects)):
            return LOST
        text = textpage.get_text_range(0, count)  # one call; one UTF-16 unit per character unless one is astral
        if len(text) != count:
            text = "".join(chr(unicode(raw, i)) for i in range(count))
        upright: dict[int, bool] = {}
        chars = []
        i = 0
        for obj, run in itertools.groupby(objects):  # runs of one text object: most are kept whole
            end = i + sum(1 for _ in run)
            if obj:
                for k in range(i, end):  # its angle, from a character of its own (not a space pdfium put in it)
                    if obj in upright:
                        break
                    if not generated(raw, k):
                        upright[obj] = abs(angle(raw, k)) <= 1e-3
            if not obj or upright.get(obj, True):
                chars.append(text[i:end])
            else:  # rotated: a watermark; pdfium's own breaks and spaces stay
                chars += [text[k] for k in range(i, end) if generated(raw, k)]
            i = end
    finally:
        textpage.close()
        page.close()
    text = "".join(chars)
    if any("\ud800" <= ch <= "\udfff" for ch in text):  # UTF-16 units: join pairs, drop a lone half (as page_chars does)
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
    return [Item(page=index + 1, top=float(n), text=normalize_text(line)) for n, line in enumerate(lines)]


def ocr_time_limit_error(seconds: float) -> LimitError:
    return LimitError(f"文字识别（OCR）平均每页超过 {seconds:g} 秒仍未完成，已停止。确认无误后可用 --timeout 调高每页上限。",
                      f"OCR took more than {seconds:g} s a page and was stopped. If the file is right, raise the "
                      "per-page limit with --timeout.")


def time_limit_error(seconds: float) -> LimitError:
    return LimitError(f"读取超过 {seconds:g} 秒仍未完成，已停止。文件可能异常；确认无误后可用 --timeout 调高上限。",
                      f"Reading took more than {seconds:g} s and was stopped. The file may be malformed; "
                      "if it is right, raise the limit with --timeout.")


IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")


def looks_like_image(path: Path) -> bool:
    """True for a file whose first bytes say JPEG, PNG, TIFF, BMP, GIF or WebP."""
    try:
        with path.open("rb") as f:
            head = f.read(12)
    except OSError:
        return False
    return head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _check_file(path: Path) -> None:
    """The errors a file has before any PDF library looks at it."""
    if not path.exists():
        raise UsageError(f"找不到文件：{path.name}。请检查路径和文件名。", f"File not found: {path.name}. Check the path.")
    if path.is_dir():
        raise UsageError(f"{path.name} 是文件夹，不是 PDF 文件。", f"{path.name} is a folder, not a PDF file.")
    if path.stat().st_size == 0:
        raise PdfError(f"文件 {path.name} 是空的（0 字节）。请重新下载报告。", f"{path.name} is empty (0 bytes). Download the report again.")
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise PdfError(
            f"{path.name} 不是 PDF 文件。请提供征信中心或银行给您的 PDF 原件。",
            f"{path.name} is not a PDF file. Use the PDF the credit centre or your bank gave you.",
        )


def _open(path: Path, password: str | None) -> Any:
    """pdfplumber's document, with its failures as the documented errors."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(path, password=password or "")
        _ = pdf.pages  # forces the document to be parsed now
        return pdf
    except PDFPasswordIncorrect as e:
        raise (WrongPasswordError() if password else PasswordRequiredError()) from e
    except PDFEncryptionError as e:
        raise PdfError("这个 PDF 的加密方式不受支持。", "This PDF uses an unsupported encryption.") from e
    except (PDFSyntaxError, PSException) as e:
        raise PdfError() from e
    except LimitError:
        raise
    except Exception as e:  # pdfminer raises bare exceptions for many kinds of damage
        if type(e).__name__ == "PdfminerException" and isinstance(e.args[0] if e.args else None, PDFPasswordIncorrect):
            raise (WrongPasswordError() if password else PasswordRequiredError()) from e
        raise PdfError() from e
