"""Plain data the OCR stages hand each other. Coordinates are PDF points (1/72 inch) on the
deskewed page image, top-left origin, so OCR items sort and pair exactly like text-layer items."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Word:
    """One box the recogniser read: a run of text on one line."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    score: float  # recogniser confidence, 0..1 (a weak signal: format checks catch more)


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell found from the ruling lines in the image."""

    text: str  # "" when nothing was read
    score: float  # lowest word score in the cell; 1.0 when empty
    inked: bool  # the cell has ink: an empty text then means the recogniser missed something


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: cells left to right, None for a column a spanning cell covers (as pdfplumber)."""

    top: float
    cells: tuple[Cell | None, ...]
    xs: tuple[tuple[float, float] | None, ...]
    bottom: float | None = None  # the row's lower ruling (for the record's ``where``)


@dataclass(frozen=True, slots=True)
class Doubt:
    """A value the program is not sure it read right. ``printed`` is what the recogniser gave,
    ``value`` what the parsers were handed after repair (equal when nothing was repaired)."""

    page: int  # 1-based
    printed: str
    value: str
    reason: str  # low_score | repaired | bad_format | ink_no_text
