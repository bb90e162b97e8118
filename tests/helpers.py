"""Test helpers: compare a parsed report with the model a sample was rendered from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from creditgap.model import Report, to_json

SAMPLES = Path(__file__).parent.parent / "samples"

# Keys that come from matching, analysis or the reading (OCR doubt, where on the page), not from the report itself.
DERIVED = ("platforms", "ocr_doubt", "where")


def reading_json(report: Report) -> dict[str, Any]:
    """to_json without ``where``: what two engines must read the same (each measures glyphs its own way)."""
    data = to_json(report, show_pii=True)
    for key in ("accounts", "agreements", "liabilities"):
        data[key] = [{k: v for k, v in r.items() if k != "where"} for r in data[key]]
    return data


def report_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The parts of analyze JSON that the report itself prints."""
    out = {k: data[k] for k in ("report", "accounts", "agreements", "inquiries", "liabilities", "summary")}
    out["accounts"] = [{k: v for k, v in a.items() if k not in DERIVED} for a in out["accounts"]]
    out["agreements"] = [{k: v for k, v in g.items() if k not in DERIVED} for g in out["agreements"]]
    out["liabilities"] = [{k: v for k, v in x.items() if k not in DERIVED} for x in out["liabilities"]]
    return out


def assert_matches_truth(parsed: Report, truth: Report | dict[str, Any]) -> None:
    got = report_fields(to_json(parsed, show_pii=True))
    want = report_fields(truth if isinstance(truth, dict) else to_json(truth, show_pii=True))
    assert got["report"] == want["report"]
    assert len(got["accounts"]) == len(want["accounts"])
    for g, w in zip(got["accounts"], want["accounts"]):
        assert g == w, f"account {w['ref']}"
    assert got["agreements"] == want["agreements"]
    assert got["inquiries"] == want["inquiries"]
    assert got["liabilities"] == want.get("liabilities", [])
    assert got["summary"] == want["summary"]


def assert_sample_reads(name: str, layout: str) -> None:
    """A committed sample parses to the model it was rendered from, with no error check."""
    from creditgap.parse.layouts import parse_report

    report = parse_report(SAMPLES / f"{name}.pdf")
    assert report.header.layout == layout
    assert_matches_truth(report, load_truth(name))
    assert [c for c in report.checks if c.level == "error"] == []


def load_truth(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))


class TextDoc:
    """A stand-in for PdfText built from strings: each page a list of lines (str) or table rows (tuple).

    Lets the layout parsers be tested on exact text, page breaks included, without a PDF.
    """

    def __init__(self, pages: list[list[Any]]):
        from creditgap.read.items import Item

        self.page_count = len(pages)
        self._items = [[Item(page=n + 1, top=float(i), cells=line) if isinstance(line, tuple)
                        else Item(page=n + 1, top=float(i), text=line) for i, line in enumerate(lines)]
                       for n, lines in enumerate(pages)]

    def items(self, index: int) -> list[Any]:
        return self._items[index]

    def all_items(self) -> Any:
        for page in self._items:
            yield from page

    lines = items
    all_lines = all_items

    def first_text(self, pages: int = 2) -> str:
        return "\n".join(it.joined() for page in self._items[:pages] for it in page)
