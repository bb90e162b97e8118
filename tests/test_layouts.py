"""Layout detection: each parser recognises its own samples and nothing else."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4

from creditgap.errors import UnknownLayoutError
from creditgap.parse.layouts import LAYOUTS, identify, parse_report
from creditgap.read.document import PdfText
from samples.pdfkit import FONT
from tests.helpers import SAMPLES, TextDoc

SAMPLE_LAYOUTS = {"detailed-clean": "detailed", "detailed-online": "detailed", "detailed-kitchen": "detailed",
                  "simplified-online": "simplified", "simplified-kitchen": "simplified", "simplified-gen1": "simplified"}


@pytest.mark.parametrize("name, layout", SAMPLE_LAYOUTS.items())
def test_exactly_one_layout_recognises_each_sample(name, layout):
    with PdfText(SAMPLES / f"{name}.pdf") as doc:
        assert [p.name for p in LAYOUTS if p.identify(doc)] == [layout]
        assert identify(doc).name == layout


def _pdf(path, lines):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont(FONT, 11)
    for i, line in enumerate(lines):
        c.drawString(60, 780 - 18 * i, line)
    c.save()
    return path


def test_enterprise_report_is_refused_with_what_it_is(tmp_path):
    path = _pdf(tmp_path / "ent.pdf", ["企业信用报告（自主查询版）", "NO.2025031100001234", "企业名称：上海某某科技有限公司",
                                       "中征码：3201050000000001", "统一社会信用代码：91310000000000000X", "信贷记录"])
    with pytest.raises(UnknownLayoutError) as error:
        parse_report(path)
    assert error.value.exit_code == 6
    assert "企业信用报告" in error.value.message("zh")


def test_other_pdf_is_refused(tmp_path):
    path = _pdf(tmp_path / "bill.pdf", ["电费账单", "户号：1234567", "本期电量：230 度"])
    with pytest.raises(UnknownLayoutError) as error:
        parse_report(path)
    assert "不是人民银行个人信用报告" in error.value.message("zh")


def test_identify_never_raises_on_junk():
    junk = TextDoc([["", "个人", "信用", ("a", None, "b")], ["报告编号：", "第 1 页，共 1 页"]])
    for layout in LAYOUTS:
        assert layout.identify(junk) in (True, False)
