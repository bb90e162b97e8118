"""Reports from other PDF producers (samples/producers.py) read like the reportlab ones.

For each producer × layout a few seeded random models (random styles too: label cells, watermark,
fake bold, page headers …) are rendered at test time, and
  (a) the pdfplumber reading equals the truth the generator recorded, and
  (b) the ``auto`` reading (pdfium where the guard trusts a page) equals the pdfplumber reading.
pdfium drops lone CJK glyphs of a font that is neither embedded nor installed (a machine without
CJK fonts), which mixed-fonts and per-glyph producers write: (b) is what the guard must keep.
"""

from __future__ import annotations

import random
from dataclasses import replace
from functools import lru_cache

import pdfplumber
import pikepdf
import pytest

from creditgap.model import Report
from creditgap.parse.layouts import parse_report
from creditgap.read.document import PdfText
from creditgap.read.items import TextSettings
from samples.pdfkit import FONT
from samples.render_detailed import DetailedStyle, render_detailed
from samples.render_simplified import SimplifiedStyle, render_simplified
from samples.synth import random_report
from tests.helpers import assert_matches_truth, reading_json

PRODUCERS = ["mixed-fonts", "per-glyph", "embedded", "browser"]
# A 详版 takes seconds to read with pdfplumber, a 简版 a fraction: fewer 详版 models.
SEEDS = {"detailed": [101], "simplified-2": [201, 202], "simplified-1": [301, 302]}


def render(path: str, layout: str, producer: str, seed: int) -> Report:
    """A random small model in a random style of ``layout``, written by ``producer``; its truth."""
    rng = random.Random(seed)
    model = random_report(rng, "mixed")
    if layout == "detailed":
        return render_detailed(model, path, replace(DetailedStyle.random(rng), producer=producer))
    style = replace(SimplifiedStyle.random(rng, int(layout[-1])), producer=producer)
    breaks = {a.ref for a in model.accounts if rng.random() < 0.3}
    return render_simplified(model, path, style, break_before=breaks)[0]


class Rendered:
    """Each (producer, layout, seed) rendered once, and read once with pdfplumber, per module."""

    def __init__(self, folder):
        self.folder = folder

    @lru_cache(maxsize=None)  # noqa: B019 (one instance per module)
    def pdf(self, producer: str, layout: str, seed: int) -> tuple[str, Report]:
        path = str(self.folder / f"{producer}-{layout}-{seed}.pdf")
        return path, render(path, layout, producer, seed)

    @lru_cache(maxsize=None)  # noqa: B019
    def reference(self, producer: str, layout: str, seed: int) -> Report:
        return parse_report(self.pdf(producer, layout, seed)[0], settings=TextSettings(engine="pdfplumber"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return Rendered(tmp_path_factory.mktemp("producers"))


CASES = [(p, layout, seed) for p in PRODUCERS for layout, seeds in SEEDS.items() for seed in seeds]
IDS = [f"{p}-{layout}-{seed}" for p, layout, seed in CASES]


@pytest.mark.parametrize(("producer", "layout", "seed"), CASES, ids=IDS)
def test_pdfplumber_reads_the_truth(rendered, producer, layout, seed):
    _, truth = rendered.pdf(producer, layout, seed)
    assert_matches_truth(rendered.reference(producer, layout, seed), truth)


@pytest.mark.parametrize(("producer", "layout", "seed"), CASES, ids=IDS)
def test_auto_engine_reads_what_pdfplumber_reads(rendered, producer, layout, seed):
    path, _ = rendered.pdf(producer, layout, seed)
    reference = rendered.reference(producer, layout, seed)
    auto = parse_report(path, settings=TextSettings(engine="auto"))
    assert reading_json(auto) == reading_json(reference)


def test_lone_cjk_glyphs_are_read_by_auto(tmp_path):
    """The minimal case: 年 and 月 shown one glyph at a time in a font that is not embedded."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "lone.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    t = c.beginText(40, 800)
    t.setFont(FONT, 9)
    t.textOut("年")
    t.textOut("月")
    t.textOut("日x")
    c.drawText(t)
    c.showPage()
    c.save()
    with PdfText(path, settings=TextSettings(engine="auto")) as doc:
        assert "年月日x" in doc.first_text()


# --- the fixtures are what they claim to be -----------------------------------------------------


def chars_of(path: str) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return [c for page in pdf.pages for c in page.chars]


def test_mixed_fonts_sets_ascii_in_helvetica_and_cjk_in_stsong(rendered):
    path = rendered.pdf("mixed-fonts", "simplified-2", SEEDS["simplified-2"][0])[0]
    fonts = {(c["text"].isascii(), c["fontname"].split("-")[0]) for c in chars_of(path) if not c["text"].isspace()}
    assert fonts == {(True, "Helvetica"), (False, "STSongStd")}  # pdfminer's name for STSong-Light


def test_per_glyph_shows_one_glyph_per_text_show(rendered):
    path = rendered.pdf("per-glyph", "simplified-1", SEEDS["simplified-1"][0])[0]
    with pikepdf.open(path) as pdf:
        shows = [ins for page in pdf.pages for ins in pikepdf.parse_content_stream(page)
                 if str(ins.operator) in ("Tj", "TJ")]
    tj = [bytes(ins.operands[0]) for ins in shows if str(ins.operator) == "Tj"]
    assert tj and all(len(s) in (1, 2) for s in tj)  # one byte (Helvetica) or one UCS-2 code (STSong)
    assert all(all(not isinstance(x, pikepdf.String) for x in ins.operands[0]) for ins in shows
               if str(ins.operator) == "TJ")  # TJ only moves the current point


@pytest.mark.parametrize("producer", ["embedded", "browser"])
def test_embedded_font_is_an_identity_h_truetype_subset_with_tounicode(rendered, producer):
    path = rendered.pdf(producer, "detailed", SEEDS["detailed"][0])[0]
    with pikepdf.open(path) as pdf:
        fonts = {str(f.BaseFont): f for page in pdf.pages for f in page.Resources.Font.values()}
        [type0] = [f for f in fonts.values() if f.Subtype == "/Type0"]
        assert set(fonts) == {"/Helvetica", str(type0.BaseFont)}  # STSong-Light is gone
        assert type0.Encoding == "/Identity-H" and "/ToUnicode" in type0
        [cid] = type0.DescendantFonts
        assert cid.Subtype == "/CIDFontType2" and cid.CIDToGIDMap == "/Identity"
        assert str(type0.BaseFont)[7] == "+" and len(cid.FontDescriptor.FontFile2.read_bytes()) < 400_000


def test_browser_text_layer_carries_radicals(rendered):
    """What a browser printing with Noto CJK writes: 个⼈信用报告, ⼈⺠币; the embedded producer does not."""
    text = "".join(c["text"] for c in chars_of(rendered.pdf("browser", "simplified-2", SEEDS["simplified-2"][0])[0]))
    assert "个⼈信用报告" in text and "⼈⺠币" in text and "个人" not in text
    plain = "".join(c["text"] for c in chars_of(rendered.pdf("embedded", "simplified-2", SEEDS["simplified-2"][0])[0]))
    assert "个人信用报告" in plain and not any(c in plain for c in "⼈⽇⽉⼾⽴⺠")
