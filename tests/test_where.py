"""Where on the report (issue 27): every record's ``where`` box, from the reader's own geometry, lies
within its page and holds the record's lender name in the text layer; ``creditgap show`` crops it."""

from __future__ import annotations

import io
from collections import Counter

import pdfplumber
import pytest
from click.testing import CliRunner
from PIL import Image

from creditgap.api import analyze_report
from creditgap.cli import cli
from creditgap.model import to_json
from creditgap.read.items import TextSettings
from creditgap.read.ocr.source import line_boxes, text_lines
from creditgap.read.ocr.types import Word
from tests.helpers import SAMPLES

TEXT_SAMPLES = ["detailed-online", "detailed-kitchen", "detailed-statuses", "detailed-clean", "compare-later",
                "simplified-online", "simplified-kitchen", "simplified-gen1"]
CASES = [(name, "auto") for name in TEXT_SAMPLES] + [("detailed-online", "pdfplumber"), ("simplified-online", "pdfplumber")]


def chars_within(page, box, slack: float = 1.0) -> Counter:
    """The upright characters of the text layer whose centre lies in ``box`` (watermarks are rotated)."""
    x0, top, x1, bottom = box
    return Counter(c["text"] for c in page.chars if c.get("upright", True)
                   and x0 - slack <= (c["x0"] + c["x1"]) / 2 <= x1 + slack
                   and top - slack <= (c["top"] + c["bottom"]) / 2 <= bottom + slack)


@pytest.mark.parametrize(("name", "engine"), CASES)
def test_every_record_s_box_is_on_its_page_and_holds_its_lender(name, engine):
    report = analyze_report(SAMPLES / f"{name}.pdf", settings=TextSettings(engine=engine, parallel=False))
    records = (*report.accounts, *report.agreements, *report.liabilities)
    assert report.accounts
    with pdfplumber.open(SAMPLES / f"{name}.pdf") as pdf:
        for r in records:
            assert r.where is not None, r.ref
            page = pdf.pages[r.where.page - 1]
            x0, top, x1, bottom = r.where.box
            assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height, r.ref
            missing = Counter(r.lender) - chars_within(page, r.where.box)
            assert not missing, (r.ref, r.lender, dict(missing))
            assert r.where.page in (r.page, r.page + 1)  # the page it starts on, or the next when its table moved on
            # a record's box is its own: not the whole page
            assert bottom - top < page.height / 2


def test_where_in_the_json(tmp_path):
    data = to_json(analyze_report(SAMPLES / "simplified-online.pdf"))
    for key in ("accounts", "liabilities"):
        for r in data[key]:
            assert set(r["where"]) == {"page", "box"} and len(r["where"]["box"]) == 4
            assert all(isinstance(v, float | int) for v in r["where"]["box"])
    assert list(data["accounts"][0])[-2:] == ["ocr_doubt", "is_open"]  # where sits beside page, the rest as before


def test_ocr_lines_carry_the_outline_of_their_words():
    words = [Word("报告编号：1", 40, 100, 150, 112, 0.98), Word("报告时间：", 160, 101, 230, 113, 0.99),
             Word("姓名", 40, 130, 70, 141, 0.7), Word(" ", 300, 200, 310, 210, 0.9)]
    assert [t for _, t, _ in text_lines(words)] == ["报告编号：1 报告时间：", "姓名"]
    assert line_boxes(words) == [(40, 100, 230, 113), (40, 130, 70, 141)]


def test_show_writes_the_crop_of_one_ref(tmp_path):
    runner = CliRunner()
    path = SAMPLES / "detailed-online.pdf"
    where = {a.ref: a.where for a in analyze_report(path).accounts}["A12"]
    out = tmp_path / "a12.png"
    result = runner.invoke(cli, ["show", str(path), "A12", "-o", str(out)])
    assert result.exit_code == 0, result.output
    image = Image.open(out)
    x0, top, x1, bottom = where.box
    assert abs(image.width - (x1 - x0 + 12) * 2) <= 4 and abs(image.height - (bottom - top + 12) * 2) <= 4
    again = runner.invoke(cli, ["show", str(path), "A12", "-o", str(out)])
    assert again.exit_code == 2  # an existing file is kept without --force
    piped = runner.invoke(cli, ["show", str(SAMPLES / "simplified-online.pdf"), "a8"])  # not a terminal: PNG on stdout
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(piped.stdout_bytes)).height < image.height  # a sentence, not a table
    unknown = runner.invoke(cli, ["show", str(path), "A99"])
    assert unknown.exit_code == 2 and "A99" in unknown.output and "Traceback" not in unknown.output
