"""Credit reports the parsers do not read, named for what they are (issue 22, items 6 and 8): a text
layer that does not decode (read by OCR; exit 5 naming the extra without it) and the 一代 详版
(exit 6: the pre-2020 format, print a current report)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.pdfgen import canvas

from creditgap.api import analyze_report
from creditgap.cli import cli
from creditgap.errors import NoTextLayerError
from creditgap.model import to_json
from creditgap.parse import formats
from creditgap.parse.layouts import parse_report
from creditgap.read.document import PdfText
from creditgap.read.items import TextSettings
from samples import scans, undecoded
from samples.first_gen import FURNITURE, FirstGenStyle, render_first_gen_detailed
from samples.pdfkit import FONT
from tests.helpers import SAMPLES


@pytest.fixture(scope="module")
def garbled(tmp_path_factory) -> dict[str, Path]:
    """samples/detailed-clean with a text layer of each kind that does not decode (samples/undecoded.py)."""
    out = tmp_path_factory.mktemp("undecoded")
    return {kind: undecoded.make("detailed-clean", kind, out) for kind in undecoded.KINDS}


def key(it) -> tuple:
    """An Item to compare across engines: positions to 0.01 pt (as tests/test_engines.py)."""
    xs = None if it.xs is None else tuple(None if x is None else (round(x[0], 2), round(x[1], 2)) for x in it.xs)
    return it.page, round(it.top, 2), it.cells, it.text, xs


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


# --- item 6: a text layer that does not decode ----------------------------------------------------


def test_the_fixture_keeps_digits_and_garbles_every_chinese_character(garbled):
    truth = scans.truth("detailed-clean")["report"]
    for kind, path in garbled.items():
        with PdfText(path, settings=TextSettings(ocr="never")) as doc:
            fast = doc.first_text()
            items = [key(it) for i in range(doc.page_count) for it in doc.items(i)]
            assert doc.fast_pages == set(range(doc.page_count))
        # both engines read the same garbled layer: a glyph whose ToUnicode entry holds two equal
        # characters (构 → "¹¹") is one pdfminer character, and pdfium's two pieces are one too
        with PdfText(path, settings=TextSettings(engine="pdfplumber", ocr="never")) as doc:
            assert [key(it) for i in range(doc.page_count) for it in doc.items(i)] == items
        assert truth["report_no"] in fast and truth["subject_id"] in fast
        assert not any(word in fast for word in ("个人", "信用", "报告", "信息", "账户")), kind
        assert sum(not ch.isascii() for ch in fast) > 300


def test_an_undecoded_credit_report_is_told_apart(garbled):
    for path in garbled.values():
        with PdfText(path, settings=TextSettings(ocr="never")) as doc:
            assert formats.undecoded_text_layer(doc)
    for path in sorted(SAMPLES.glob("*.pdf")):  # readable reports are not
        if not path.stem.endswith("-scan"):
            with PdfText(path, settings=TextSettings(ocr="never")) as doc:
                assert not formats.undecoded_text_layer(doc), path.name


def lookalike_pdf(path: Path, text: list[str]) -> None:
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont(FONT, 10)
    for n, line in enumerate(text):
        c.drawString(50, 780 - 14 * n, line)
    c.save()


def test_a_readable_document_with_a_report_number_is_not_called_a_report(tmp_path):
    """The digits alone do not make a credit report: readable Chinese or Latin text around a 22-digit
    number and its date is another document (exit 6, not a PBOC report)."""
    number = "2025060310203012345678"
    chinese = ["增值税电子普通发票", f"发票号码 {number} 开票日期 2025.06.03 10:20:30"] + \
              ["购买方名称 上海某某科技有限公司 货物或应税劳务名称 技术服务费 金额合计 壹仟元整 销售方 北京某某网络有限公司"] * 6
    latin = ["INVOICE", f"Number {number} issued 2025.06.03 10:20:30"] + ["Consulting services, net 30 days. Thank you."] * 6
    for name, lines in (("invoice-zh.pdf", chinese), ("invoice-en.pdf", latin)):
        path = tmp_path / name
        lookalike_pdf(path, lines)
        with PdfText(path, settings=TextSettings(ocr="never")) as doc:
            assert not formats.undecoded_text_layer(doc), name
        result = CliRunner().invoke(cli, ["analyze", str(path)])
        assert result.exit_code == 6 and "不是人民银行个人信用报告" in result.stderr, name


def test_without_the_extra_it_is_exit_5_naming_it(garbled, monkeypatch):
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # the extra is not installed
    runner = CliRunner()
    for path in garbled.values():
        zh = runner.invoke(cli, ["analyze", str(path)])
        en = runner.invoke(cli, ["analyze", str(path), "--lang", "en"])
        assert zh.exit_code == 5 and en.exit_code == 5, (zh.output, en.output)
        assert "文字层无法解码" in one_line(zh.stderr) and "pip install 'creditgap[ocr]'" in zh.stderr
        assert "does not decode" in one_line(en.stderr) and "pip install 'creditgap[ocr]'" in en.stderr
        assert zh.stdout == "" and en.stdout == ""


def test_with_ocr_off_it_says_the_text_layer_does_not_decode(garbled):
    with pytest.raises(NoTextLayerError) as e:
        parse_report(garbled["ideographs"], settings=TextSettings(ocr="never"))
    assert e.value.exit_code == 5 and e.value.message("zh") == formats.UNDECODED_OCR_OFF[0]


def test_with_the_extra_the_report_is_read_by_ocr(garbled):
    """One OCR read (about 5 s a page): every page from its image, the accounts and the to-do list
    as the readable sample gives them, and a warning that says why OCR read it."""
    report = analyze_report(garbled["latin-1"])
    read = to_json(report, show_pii=True)
    assert read["source"]["ocr_pages"] == [1, 2, 3, 4]
    assert [c["code"] for c in read["checks"] if c["level"] == "warning"].count("text_layer_undecoded") == 1
    s = scans.score(read, scans.truth("detailed-clean"), to_json(analyze_report(SAMPLES / "detailed-clean.pdf"),
                                                                   show_pii=True)["todo"])
    assert s.recall("accounts") == 1.0 and s.trustworthy and s.todo_equal, s
    for cls in ("amount", "date", "lender"):
        assert s.rate(cls) >= 0.99, (cls, s.accuracy(cls))


# --- item 8: the 一代 详版 -----------------------------------------------------------------------


STYLES = [FirstGenStyle(title=t, furniture=f, url=u) for t in ("detail", "branch") for f in FURNITURE for u in (True, False)]


@pytest.mark.parametrize("style", STYLES, ids=lambda s: f"{s.title}-{s.furniture}-{'url' if s.url else 'nourl'}")
def test_a_first_generation_detailed_report_is_named(style, tmp_path):
    path = tmp_path / "old.pdf"
    render_first_gen_detailed(str(path), seed=len(str(style)), style=style)
    runner = CliRunner()
    zh = runner.invoke(cli, ["analyze", str(path)])
    en = runner.invoke(cli, ["analyze", str(path), "--lang", "en"])
    assert zh.exit_code == 6 and en.exit_code == 6, (zh.output, en.output)
    assert "2020 年以前" in one_line(zh.stderr) and "云闪付" in zh.stderr and "自助查询机" in zh.stderr
    assert "before 2020" in one_line(en.stderr) and "current report" in en.stderr
    assert zh.stdout == "" and en.stdout == ""


def test_the_generator_varies_and_is_deterministic(tmp_path):
    styles = {render_first_gen_detailed(str(tmp_path / f"{n}.pdf"), seed=n) for n in range(12)}
    assert len({s.title for s in styles}) == 2 and len({s.furniture for s in styles}) == 3
    render_first_gen_detailed(str(tmp_path / "again.pdf"), seed=3)
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "3.pdf").read_bytes()


def test_current_reports_are_not_taken_for_the_old_format():
    for path in sorted(SAMPLES.glob("*.pdf")):
        if path.stem.endswith("-scan"):
            continue
        with PdfText(path) as doc:
            text = doc.first_text()
        assert not formats.first_gen_detailed(text), path.name
        # a browser's furniture on a current report does not make it the old format
        assert not formats.first_gen_detailed(text + "\nhttp://10.1.2.3/report.do Page 1 of 3"), path.name
