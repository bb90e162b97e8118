"""OCR as a page source (issue 18): the engine, page images, OCR pages in PDFs and image files, and the
command line around them. Real OCR on few, small inputs (a page costs seconds); the accuracy of whole
reports is tests/test_ocr.py's.

Inputs: a sample PDF whose CJK font is replaced by the embedded AR PL UMing subset
(``samples.producers.embed_cjk_font``), so that pdfium renders real glyphs on any machine (the
sample's own STSong-Light is not embedded and renders as squares here)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont

from creditgap.cli import cli
from creditgap.errors import NoTextLayerError
from creditgap.read.document import PdfText
from creditgap.read.items import TextSettings
from creditgap.read.ocr import engine, images
from creditgap.read.ocr.source import read_page, text_lines
from creditgap.read.ocr.types import Word
from samples.producers import FONT_FILE
from tests.helpers import SAMPLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """detailed-clean.pdf with its text in an embedded font (the text layer is unchanged)."""
    import samples.pdfkit  # noqa: F401 (registers STSong-Light, whose widths the producer keeps)
    from samples.producers import embed_cjk_font

    path = tmp_path_factory.mktemp("ocr") / "detailed-embedded.pdf"
    shutil.copy(SAMPLES / "detailed-clean.pdf", path)
    embed_cjk_font(str(path), {})
    return path


def page_image(pdf: Path, index: int) -> np.ndarray:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return images.render_page(doc, index).gray
    finally:
        doc.close()


def single_page_pdf(pdf: Path, index: int, out: Path) -> Path:
    import pikepdf

    with pikepdf.open(pdf) as src:
        dst = pikepdf.new()
        dst.pages.append(src.pages[index])
        dst.save(out)
    return out


def image_pdf(gray: np.ndarray, out: Path) -> Path:
    """A PDF whose only page is the image (a scan): no text layer."""
    Image.fromarray(gray).save(out, resolution=300)
    return out


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


# --- no extra -------------------------------------------------------------------------------------


def test_without_the_extra_a_scan_is_exit_5_with_one_line_saying_how(tmp_path, monkeypatch):
    gray = np.full((400, 300), 255, np.uint8)
    gray[100:200, 50:250] = 40  # something printed, no text layer
    scan = image_pdf(gray, tmp_path / "scan.pdf")
    png = tmp_path / "page.png"
    Image.new("L", (300, 400), 128).save(png)
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # the extra is not installed
    assert not engine.available()
    runner = CliRunner()
    for path in (scan, png):
        zh = runner.invoke(cli, ["analyze", str(path)])
        en = runner.invoke(cli, ["analyze", str(path), "--lang", "en"])
        assert zh.exit_code == 5 and en.exit_code == 5, (zh.output, en.output)
        assert "pip install 'creditgap[ocr]'" in one_line(zh.stderr) and one_line(zh.stderr).startswith("错误：")
        assert "pip install 'creditgap[ocr]'" in one_line(en.stderr) and "OCR" in en.stderr
        assert zh.stdout == "" and en.stdout == ""


def test_a_text_pdf_never_imports_the_ocr_engine():
    code = ("import sys; from creditgap.cli import cli\n"
            "try: cli(['analyze', sys.argv[1], '--format', 'json'])\n"
            "except SystemExit: pass\n"
            "heavy = [m for m in ('cv2', 'onnxruntime', 'rapidocr', 'creditgap.read.ocr.engine') if m in sys.modules]\n"
            "sys.stderr.write('HEAVY' + repr(heavy))")
    done = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "detailed-clean.pdf")], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert "HEAVY[]" in done.stderr
    assert json.loads(done.stdout)["source"]["ocr_pages"] == []


# --- images: deskew, orientation, watermark ---------------------------------------------------------


def test_deskew_levels_a_page_turned_by_one_degree_and_a_quarter_turn_is_undone(embedded):
    gray = page_image(embedded, 1)
    for angle in (1.0, -2.5):
        tilted = images.rotate(gray, angle)
        assert abs(images.skew_angle(tilted) + angle) <= 0.1
    upright = images.upright(images.PageImage(images.rotate(gray, 1.0), 300 / 72), fixed_scale=True)
    assert abs(upright.skew + 1.0) <= 0.1 and upright.turned == 0
    import cv2

    on_side = images.upright(images.PageImage(cv2.rotate(gray, cv2.ROTATE_90_COUNTERCLOCKWISE), 0.0), fixed_scale=False)
    assert on_side.turned == 90 and on_side.gray.shape == gray.shape
    assert on_side.scale == pytest.approx(gray.shape[1] / images.A4_WIDTH)  # an image's scale: A4 across


def drawn_page(with_watermark: bool) -> np.ndarray:
    """A small page with a line of text and, optionally, a diagonal watermark, drawn in the sample font."""
    font = ImageFont.truetype(str(FONT_FILE), 48)
    page = Image.new("L", (1400, 900), 255)
    ImageDraw.Draw(page).text((80, 100), "个人信用报告 2025.09.28", font=font, fill=0)
    ImageDraw.Draw(page).text((80, 700), "招商银行股份有限公司", font=font, fill=0)
    if with_watermark:
        mark = Image.new("L", (900, 120), 0)
        ImageDraw.Draw(mark).text((10, 20), "仅供本人查询使用", font=ImageFont.truetype(str(FONT_FILE), 80), fill=255)
        mark = mark.rotate(30, expand=True)
        page.paste(Image.new("L", mark.size, 150), (250, 150), mark)
    return np.asarray(page)


def test_the_diagonal_watermark_is_dropped_and_level_text_read():
    words = engine.read_words(drawn_page(with_watermark=True), 300 / 72)
    text = " ".join(w.text for w in words)
    assert "个人信用报告" in text and "招商银行股份有限公司" in text
    assert not any(ch in text for ch in "仅供查询使"), text
    assert all(0 <= w.x0 < w.x1 <= 1400 / (300 / 72) for w in words)  # points, not pixels
    # the recogniser alone on a crop (what grid.py re-reads empty cells with)
    gray = drawn_page(with_watermark=False)
    text, score = engine.recognise(gray[680:780, 60:900])
    assert text == "招商银行股份有限公司" and score > 0.9


def test_words_make_lines_left_to_right():
    words = [Word("报告时间：", 300, 100, 350, 110, 0.99), Word("报告编号：1", 40, 101, 200, 111, 0.98),
             Word("姓名", 40, 130, 70, 140, 0.7)]
    assert text_lines(words) == [(100, "报告编号：1 报告时间：", 0.98), (130, "姓名", 0.7)]


# --- pages ----------------------------------------------------------------------------------------


def loose(cells: tuple[str | None, ...] | None) -> tuple[str | None, ...]:
    """Cells compared without spaces, bracket widths, and with the placeholder -- however its dashes read."""
    import re

    def one(c: str | None) -> str | None:
        return None if c is None else re.sub(r"^[-—一]+$", "--", "".join(c.split()).replace("（", "(").replace("）", ")"))
    return tuple(map(one, cells or ()))


def test_a_page_image_becomes_the_items_the_text_layer_gives(embedded):
    """The first page, turned by 1°, read by OCR: the same rows and cells as the text layer."""
    with PdfText(embedded, settings=TextSettings(engine="pdfplumber")) as doc:
        truth = doc.items(0)
    gray = images.rotate(page_image(embedded, 0), 1.0)
    items, doubts = read_page(images.PageImage(gray, 300 / 72), 1, True)
    rows = [it for it in items if it.is_row]
    want = [it for it in truth if it.is_row]
    assert len(rows) == len(want)
    assert [len(r.cells) for r in rows] == [len(r.cells) for r in want]
    same = sum(loose(a.cells) == loose(b.cells) for a, b in zip(rows, want))
    assert same >= len(want) * 0.9, [(a.cells, b.cells) for a, b in zip(rows, want) if loose(a.cells) != loose(b.cells)]
    assert all(abs(a.top - b.top) < 6 for a, b in zip(rows, want))  # points, like the text layer
    lines = " ".join(it.text or "" for it in items if not it.is_row)
    assert "个人信用报告" in lines and "2025092814283256268164" in lines
    assert all(d.page == 1 for d in doubts)


def test_ocr_flag_reads_a_text_page_by_ocr_and_progress_goes_to_stderr(embedded, tmp_path, monkeypatch):
    last = single_page_pdf(embedded, 3, tmp_path / "last-page.pdf")  # the lightest page (an unknown layout alone)
    monkeypatch.setattr("creditgap.cli.stderr_is_terminal", lambda: True)  # progress is for a terminal
    runner = CliRunner()
    plain = runner.invoke(cli, ["analyze", str(last), "--lang", "en"])
    forced = runner.invoke(cli, ["analyze", str(last), "--ocr", "--lang", "en"])
    assert plain.exit_code == forced.exit_code == 6  # not a report by itself, either way
    assert "OCR" not in plain.stderr
    assert "OCR 1/1: page 1" in forced.stderr and forced.stdout == ""


def test_no_text_and_nothing_to_read_is_exit_5(tmp_path):
    blank = image_pdf(np.full((600, 500), 255, np.uint8), tmp_path / "blank.pdf")
    with pytest.raises(NoTextLayerError):
        with PdfText(blank) as doc:
            doc.require_text()


def test_page_images_are_one_report_and_json_stdout_stays_clean(embedded, tmp_path, monkeypatch):
    """analyze with the four page images of a report (a scan of each page), in page order."""
    monkeypatch.setattr("creditgap.cli.stderr_is_terminal", lambda: True)
    paths = []
    for i in range(4):
        path = tmp_path / f"page{i + 1}.png"
        Image.fromarray(page_image(embedded, i)).save(path)
        paths.append(str(path))
    truth = json.loads((SAMPLES / "detailed-clean.truth.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(cli, ["analyze", *paths, "--format", "json", "--workers", "2"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)  # nothing but the JSON on stdout
    assert data["source"]["ocr_pages"] == [1, 2, 3, 4] and data["source"]["pages"] == 4
    assert data["source"]["file"] == "page1.png, page2.png, page3.png, page4.png"
    assert len(data["accounts"]) == len(truth["accounts"])
    assert [a["ref"] for a in data["accounts"]] == [a["ref"] for a in truth["accounts"]]
    assert data["report"]["report_no"] == truth["report"]["report_no"]
    progress = [line for line in result.stderr.splitlines() if line.startswith("OCR ")]
    assert len(progress) == 4 and progress[-1].startswith("OCR 4/4")
    # a file that is neither an image nor a PDF among images: a usage error, in one line
    (tmp_path / "notes.txt").write_text("x")
    bad = CliRunner().invoke(cli, ["analyze", paths[0], str(tmp_path / "notes.txt")])
    assert bad.exit_code == 2 and "notes.txt" in one_line(bad.stderr)
    # not on a terminal: stderr holds nothing but the one-line error (contract.md)
    monkeypatch.setattr("creditgap.cli.stderr_is_terminal", lambda: False)
    quiet = CliRunner().invoke(cli, ["analyze", paths[3]])
    assert quiet.exit_code == 6 and quiet.stderr.startswith("错误：") and "OCR " not in quiet.stderr
