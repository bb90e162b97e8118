"""OCR as a page source: page images → the ``Item``s the text paths give.

``OcrPages`` reads a set of pages in a thread pool (onnxruntime runs outside the GIL; one model in
memory for all of them): page image → upright and deskewed → words (``engine``) → table rows and
loose words (``grid``) → loose words grouped into lines → every cell and line through ``repair`` →
``Item``s in reading order, with the doubts kept. ``document.PdfText`` hands it the pages of a PDF that have no
text layer (or every page, with ``ocr="always"``); ``OcrText`` is the whole source for image files
(JPG/PNG/TIFF, several files = the pages of one report, in the order given).
"""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from ...errors import LimitError, NoTextLayerError, PdfError, UsageError
from ..files import check_image_file, ocr_time_limit_error
from ..items import Item, TextSettings, normalize_text
from . import engine, images
from .types import Doubt, Word

# words whose vertical centres are this close (a fraction of the taller one's height) share a line
LINE_OVERLAP = 0.5

Loader = Callable[[], "images.PageImage"]


def ocr_workers(settings: TextSettings) -> int:
    """Pages read at once: the setting, else one, its onnxruntime threads on every core. Measured on two
    cores with 6 crops per recogniser call: two pages at once were no faster on a 简版 (14.2 s against
    10.5 s) and 8 % faster on a 详版, for 1.24 GB of peak memory against 0.85 GB. One inside batch
    workers (``parallel`` off), which use the cores."""
    if not settings.parallel:
        return 1
    return settings.workers or 1


class OcrPages:
    """Pages read by OCR, all submitted at once and read ``workers`` at a time; ``items(i)`` waits
    for page ``i``. The time limit is ``settings.time_limit`` per page."""

    def __init__(self, loaders: dict[int, Loader], settings: TextSettings, fixed_scale: bool,
                 render_lock: threading.Lock | threading.RLock | None = None):
        self.settings = settings
        self.fixed_scale = fixed_scale
        self._loaders = loaders
        self._lock = render_lock or threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._futures: dict[int, Future[tuple[list[Item], list[Doubt]]]] = {}
        self._done: dict[int, tuple[list[Item], list[Doubt]]] = {}
        self._deadline = 0.0
        self._count_lock = threading.Lock()
        self._finished = 0
        self._threads = 1
        self.seconds: dict[int, float] = {}  # page index → seconds it took

    @property
    def pages(self) -> list[int]:
        return sorted(self._loaders)

    def start(self) -> None:
        """Submit every page not read yet (once); the engine loads in the first worker."""
        todo = [i for i in self.pages if i not in self._done]
        if self._pool is not None or not todo:
            return
        workers = ocr_workers(self.settings)
        self._threads = engine.threads_for(workers) if self.settings.parallel else 1
        self._deadline = time.monotonic() + self.settings.time_limit * len(todo)
        self._report(0, -1, 0.0)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="creditgap-ocr")
        for index in todo:
            self._futures[index] = self._pool.submit(self._read, index)

    def add(self, index: int, loader: Loader) -> None:
        """One more page (found without text only when its turn came), read after those submitted."""
        if index in self._loaders:
            return
        self._loaders[index] = loader
        if self._pool is not None:
            self._deadline += self.settings.time_limit
            self._futures[index] = self._pool.submit(self._read, index)

    def _report(self, done: int, index: int, seconds: float) -> None:
        if self.settings.progress is not None:
            self.settings.progress(done, len(self._loaders), index + 1, seconds)

    def _read(self, index: int) -> tuple[list[Item], list[Doubt]]:
        started = time.monotonic()
        with self._lock:  # pdfium (rendering) is not thread-safe
            raw = self._loaders[index]()
        result = read_page(raw, index + 1, self.fixed_scale, self._threads)
        seconds = time.monotonic() - started
        with self._count_lock:
            self._finished += 1
            done = self._finished
            self.seconds[index] = seconds
        self._report(done, index, seconds)
        return result

    def result(self, index: int) -> tuple[list[Item], list[Doubt]]:
        if index not in self._done:
            self.start()
            if index in self._done:  # handed over by an earlier parse
                return self._done[index]
            future = self._futures[index]
            try:
                self._done[index] = future.result(timeout=max(0.0, self._deadline - time.monotonic()))
            except FutureTimeout:
                raise ocr_time_limit_error(self.settings.time_limit) from None
            except (PdfError, LimitError, UsageError):
                raise
            except OSError as e:  # an image file PIL cannot decode (UnidentifiedImageError, truncated data)
                raise PdfError(f"第 {index + 1} 页的图像无法读取，文件可能已损坏。",
                               f"The image of page {index + 1} cannot be read; the file may be damaged.") from e
            except Exception as e:
                if type(e).__name__ == "DecompressionBombError":  # PIL: far more pixels than any page scan
                    raise LimitError(f"第 {index + 1} 页的图像过大。", f"The image of page {index + 1} is too large.") from e
                raise
        return self._done[index]

    def items(self, index: int) -> list[Item]:
        return self.result(index)[0]

    @property
    def doubts(self) -> list[Doubt]:
        return [d for i in sorted(self._done) for d in self._done[i][1]]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def read_page(raw: images.PageImage, page: int, fixed_scale: bool, threads: int = 1) -> tuple[list[Item], list[Doubt]]:
    """One page image → its items (rows and lines, top to bottom) and the doubts repair raised."""
    from . import grid, repair

    if images.blank(raw.gray):
        return [], []
    img = images.upright(raw, fixed_scale)
    del raw
    gray, scale = img.gray, img.scale
    engine.engine(threads)  # loaded by the first page that needs it
    boxes = engine.detect(gray)
    if engine.upside_down(gray, boxes):
        gray = images.turn_180(gray)
        boxes = engine.detect(gray)
    words = engine.words_of(gray, boxes, scale)
    rows, loose = grid.find_rows(gray, words, scale, page, engine.recognise)
    items: list[Item] = []
    doubts: list[Doubt] = []
    for row in rows:
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            text, found = repair.repair(normalize_text(cell.text), cell.score, cell=True, inked=cell.inked, page=page)
            cells.append(text)
            doubts.extend(found)
        spans = [x for x in row.xs if x is not None]
        box = (min(x[0] for x in spans), row.top, max(x[1] for x in spans), row.bottom) if spans and row.bottom else None
        items.append(Item(page=page, top=row.top, cells=tuple(cells), xs=row.xs, box=box))
    for (top, text, score), box in zip(text_lines(loose), line_boxes(loose)):
        text, found = repair.repair(normalize_text(text), score, cell=False, page=page)
        doubts.extend(found)
        if text.strip():
            items.append(Item(page=page, top=top, text=text, box=box))
    items.sort(key=lambda it: (it.top, 0 if it.is_row else 1))
    return items, doubts


def line_boxes(words: Sequence[Word]) -> list[tuple[float, float, float, float]]:
    """The box of each line ``text_lines`` gives, in the same order (its words' outline)."""
    return [(min(w.x0 for w in line), min(w.top for w in line), max(w.x1 for w in line), max(w.bottom for w in line))
            for line in _lines(words) if any(w.text.strip() for w in line)]


def text_lines(words: Sequence[Word]) -> list[tuple[float, str, float]]:
    """Words outside tables grouped into lines: (top, text, lowest score), top to bottom. Words on a
    line are joined by a space: the detector merges glyphs closer than about a character's height
    into one box, so two boxes on a line always had a gap between them in print."""
    out = []
    for line in _lines(words):
        out.append((min(w.top for w in line), " ".join(w.text.strip() for w in line if w.text.strip()),
                    min(w.score for w in line)))
    return [o for o in out if o[1]]


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines, each sorted left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        centre = (w.top + w.bottom) / 2
        if lines:
            line = lines[-1]
            top, bottom = min(x.top for x in line), max(x.bottom for x in line)
            middle = (top + bottom) / 2
            if abs(centre - middle) <= LINE_OVERLAP * max(bottom - top, w.bottom - w.top):
                line.append(w)
                continue
        lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    return lines


class OcrText:
    """Image files read as the pages of one report: the interface the layout parsers use from PdfText."""

    def __init__(self, paths: Sequence[str | Path], settings: TextSettings | None = None):
        self.settings = settings or TextSettings()
        self.paths = [Path(p) for p in paths]
        for path in self.paths:
            check_image_file(path)
        if not engine.available():
            raise NoTextLayerError(*OCR_MISSING_IMAGE)
        frames: list[tuple[Path, int]] = []
        for path in self.paths:
            try:
                count = images.image_frames(path)
            except Exception as e:
                raise PdfError(f"{path.name} 无法作为图片打开，可能已损坏。", f"{path.name} cannot be opened as an image; it may be damaged.") from e
            frames.extend((path, n) for n in range(count))
            if len(frames) > self.settings.max_pages:
                break
        self.page_count = len(frames)
        if self.page_count > self.settings.max_pages:
            raise LimitError(
                f"图片共超过 {self.settings.max_pages} 页，超过上限。确认无误后可用 --max-pages 调高上限。",
                f"The images hold more than {self.settings.max_pages} pages, over the limit. If they are right, raise it with --max-pages.",
            )
        self.ocr = OcrPages({n: _image_loader(p, f) for n, (p, f) in enumerate(frames)}, self.settings, fixed_scale=False)
        self.ocr_pages = set(range(self.page_count))

    def __enter__(self) -> OcrText:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.ocr.close()

    def sha256(self) -> str:
        h = hashlib.sha256()
        for path in self.paths:
            with path.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 16), b""):
                    h.update(chunk)
        return h.hexdigest()

    @property
    def doubts(self) -> list[Doubt]:
        return self.ocr.doubts

    def items(self, index: int) -> list[Item]:
        return self.ocr.items(index)

    lines = items

    def all_items(self) -> Iterator[Item]:
        for i in range(self.page_count):
            yield from self.items(i)

    all_lines = all_items

    def first_text(self, pages: int = 2) -> str:
        return "\n".join(it.joined() for i in range(min(pages, self.page_count)) for it in self.lines(i))

    def require_text(self) -> None:
        for i in range(min(3, self.page_count)):
            if any(it.joined().strip() for it in self.lines(i)):
                return
        raise NoTextLayerError(*OCR_FOUND_NOTHING)


def _image_loader(path: Path, frame: int) -> Loader:
    return lambda: images.load_image(path, frame)


OCR_MISSING_IMAGE = (
    "这是一张图片（扫描件或照片），识别它需要 OCR 组件：pip install 'creditgap[ocr]'",
    "This is an image (a scan or photo); reading it needs the OCR extra: pip install 'creditgap[ocr]'",
)
OCR_FOUND_NOTHING = (
    "OCR 没有在前几页识别出文字。请确认图片清晰、是征信报告的页面。",
    "OCR found no text on the first pages. Check that the images are sharp and show the report's pages.",
)


def pdf_page_loader(doc: Any, index: int) -> Loader:
    return lambda: images.render_page(doc, index)
