"""The fast path's guard (issue 11): on a machine where pdfium has no font for a glyph, the pages
it would misread are read by pdfplumber, so the result never depends on the machine's fonts.

pdfium reads CREDITGAP_PDFIUM_FONTS once per process, so the bare-machine side ("none": no system
font, no fallback font) runs in a subprocess; the reference is read here with pdfplumber.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from creditgap.layouts import parse_report
from creditgap.model import to_json
from creditgap.pdftext import PdfText, TextSettings
from samples.pdfkit import FONT
from samples.render_detailed import DetailedStyle, render_detailed
from samples.render_simplified import SimplifiedStyle, render_simplified
from samples.synth import random_report
from tests.helpers import SAMPLES

ROOT = Path(__file__).resolve().parents[1]

# Runs in the subprocess: per file, the pages the guard distrusted, the first text, and the parse.
PROBE = """
import json, sys
from creditgap.layouts import parse_report
from creditgap.model import to_json
from creditgap.pdftext import PdfText, TextSettings
out = {}
for path in sys.argv[1:]:
    with PdfText(path) as doc:
        text = doc.first_text()
        distrusted = sorted(doc.distrusted_pages)
    try:
        parsed = to_json(parse_report(path, settings=TextSettings(engine="auto")), show_pii=True)
    except Exception as e:
        parsed = type(e).__name__
    out[path] = {"distrusted": distrusted, "text": text, "parse": parsed}
print(json.dumps(out, ensure_ascii=False))
"""


def bare_machine(paths: list[Path], mode: str = "none") -> dict[str, dict]:
    env = dict(os.environ, CREDITGAP_PDFIUM_FONTS=mode, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", PROBE, *map(str, paths)], env=env, capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(done.stdout)


def lone_glyphs_pdf(path: Path) -> None:
    """The issue's repro: 年 and 月 as one-character text-shows in a non-embedded CJK font."""
    c = canvas.Canvas(str(path), invariant=1)
    t = c.beginText(50, 700)
    t.setFont(FONT, 9)
    t.textOut("年")
    t.textOut("月")
    t.textOut("日x")
    c.drawText(t)
    c.save()


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory) -> list[Path]:
    """The repro, a committed sample of each layout, and reports from producers that write lone CJK glyphs."""
    import random

    folder = tmp_path_factory.mktemp("guard")
    repro = folder / "repro.pdf"
    lone_glyphs_pdf(repro)
    made = [repro, SAMPLES / "simplified-online.pdf", SAMPLES / "detailed-clean.pdf"]
    for producer in ("mixed-fonts", "per-glyph"):
        rng = random.Random(7)
        model = random_report(rng, "clean")
        path = folder / f"{producer}-simplified.pdf"
        render_simplified(model, str(path), replace(SimplifiedStyle.random(rng, 2), producer=producer))
        made.append(path)
    path = folder / "per-glyph-detailed.pdf"
    render_detailed(random_report(random.Random(8), "clean"), str(path), DetailedStyle(producer="per-glyph"))
    made.append(path)
    return made


@pytest.fixture(scope="module")
def bare(fixtures) -> dict[str, dict]:
    return bare_machine(fixtures)


def test_the_repro_reads_whole_on_a_bare_machine(fixtures, bare):
    repro = bare[str(fixtures[0])]
    assert repro["text"] == "年月日x"
    assert repro["distrusted"] == [0]  # the guard saw it and pdfplumber read the page


def test_the_guard_triggers_on_every_page_pdfium_would_misread(fixtures, bare):
    """Without a font pdfium gives CJK text degenerate boxes: every page with CJK text is distrusted."""
    for path in fixtures[1:]:
        with PdfText(path, settings=TextSettings(engine="pdfplumber")) as doc:
            pages_with_cjk = [i for i in range(doc.page_count)
                              if any("\u4e00" <= ch <= "\u9fff" for it in doc.items(i) for ch in it.joined())]
        assert set(bare[str(path)]["distrusted"]) >= set(pages_with_cjk[:2]), path.name


def test_parses_on_a_bare_machine_equal_pdfplumber(fixtures, bare):
    for path in fixtures[1:]:
        reference = to_json(parse_report(path, settings=TextSettings(engine="pdfplumber")), show_pii=True)
        assert bare[str(path)]["parse"] == reference, path.name


def test_with_the_fallback_font_nothing_is_distrusted_and_nothing_changes(fixtures):
    """The default: pdfium has a font for every glyph, trusts the pages, and reads the same."""
    here = bare_machine(fixtures, mode="fallback")
    assert here[str(fixtures[0])]["text"] == "年月日x"
    for path in fixtures[1:]:
        assert here[str(path)]["distrusted"] == [], path.name
        reference = to_json(parse_report(path, settings=TextSettings(engine="pdfplumber")), show_pii=True)
        assert here[str(path)]["parse"] == reference, path.name


def test_a_fast_parse_with_errors_is_made_again_on_pdfplumber(monkeypatch):
    """Belt and braces: whatever the guard missed, an error on the fast path triggers the reference path."""
    from creditgap import pdftext

    real = pdftext._pdfium_lines

    def lossy(doc, index, guard=True):  # pdfium losing a page's last lines, unseen by the guard
        lines = real(doc, index, guard)
        return lines[: len(lines) // 2] if lines else lines

    monkeypatch.setattr(pdftext, "_pdfium_lines", lossy)
    report = parse_report(SAMPLES / "simplified-online.pdf", settings=TextSettings(engine="auto"))
    reference = parse_report(SAMPLES / "simplified-online.pdf", settings=TextSettings(engine="pdfplumber"))
    assert report.complete and to_json(report, show_pii=True) == to_json(reference, show_pii=True)
    forced = parse_report(SAMPLES / "simplified-online.pdf", settings=TextSettings(engine="pdfium"))
    assert not forced.complete  # engine=pdfium has no second reading: the loss shows as errors


def test_with_whatever_fonts_this_machine_has_the_parse_is_the_same(fixtures):
    """pdfium's own font handler ("system"): with a CJK font installed it maps STSong to it (and drops
    lone spaces), without one it drops lone CJK glyphs; either way the guard keeps the result."""
    here = bare_machine(fixtures, mode="system")
    assert here[str(fixtures[0])]["text"] == "年月日x"
    for path in fixtures[1:]:
        reference = to_json(parse_report(path, settings=TextSettings(engine="pdfplumber")), show_pii=True)
        assert here[str(path)]["parse"] == reference, path.name
