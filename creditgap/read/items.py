"""What every reader yields and how it is told to read: ``Item`` (a table row or a text line of a page)
and ``TextSettings``; ``normalize_text`` for what all of them read from a text layer or an image.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable


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
    # where the line is on its page: (x0, top, x1, bottom) in PDF points from the page's top-left
    # (a table row: its cells' outline; a text line: its characters'); None when the reader knows no
    # geometry. Left out of equality: each engine measures glyphs its own way, the reading is the same.
    box: tuple[float, float, float, float] | None = field(default=None, compare=False)

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


def union(boxes: Iterable[tuple[float, float, float, float] | None]) -> tuple[float, float, float, float] | None:
    """The smallest box holding every box given (None where none is known)."""
    known = [b for b in boxes if b is not None]
    if not known:
        return None
    return (min(b[0] for b in known), min(b[1] for b in known), max(b[2] for b in known), max(b[3] for b in known))


def normalize_text(text: str) -> str:
    """Radical code points in a text layer back to the ideographs they stand for."""
    return text.translate(_RADICALS) if any("\u2e80" <= ch <= "\u2fdf" for ch in text) else text
