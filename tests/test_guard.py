"""The fast path's fidelity check (issues 11 and 22): pdfium reads a page only where its text page
holds what pdfminer reads, so the result never depends on the machine's fonts, and the engine is
chosen per page by the text, never by whether the parse found errors (no second reading).

pdfium reads CREDITGAP_PDFIUM_FONTS once per process, so the bare-machine side ("none": no system
font, no fallback font) runs in a subprocess; the reference is read with pdfplumber.
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

from creditgap.parse.layouts import parse_report
from creditgap.read.document import PdfText
from creditgap.read.items import TextSettings
from samples.pdfkit import FONT
from samples.render_detailed import DetailedStyle, render_detailed
from samples.render_simplified import SimplifiedStyle, render_simplified
from samples.synth import random_report
from tests.helpers import SAMPLES, reading_json

ROOT = Path(__file__).resolve().parents[1]

# Runs in the subprocess: per file, the pages the check sent to pdfplumber, the pages pdfium's
# character path would misread without the check (its Items against pdfplumber's), the first text,
# the parse (engine auto) and whether the parse without the check (engine pdfium) is complete.
PROBE = """
import json, sys
from creditgap.model import to_json
from creditgap.parse.layouts import parse_report
from creditgap.read.document import PdfText
from creditgap.read.items import TextSettings
from creditgap.read.pdfium.page import read_items

def key(items):
    return [(it.page, round(it.top, 2), it.cells, it.text) for it in items]

out = {}
for path in sys.argv[1:]:
    with PdfText(path) as doc:
        text = doc.first_text()
        for i in range(doc.page_count):
            doc.items(i)
        distrusted = sorted(doc.distrusted_pages)
        with PdfText(path, settings=TextSettings(engine="pdfplumber")) as ref:
            misread = [i for i in range(doc.page_count) if key(read_items(doc._fast, i)) != key(ref.items(i))]
    try:
        parsed = to_json(parse_report(path, settings=TextSettings(engine="auto")), show_pii=True)
        for key_ in ("accounts", "agreements", "liabilities"):  # where: each engine measures glyphs its own way
            parsed[key_] = [{k: v for k, v in r.items() if k != "where"} for r in parsed[key_]]
    except Exception as e:
        parsed = type(e).__name__
    try:
        unchecked = parse_report(path, settings=TextSettings(engine="pdfium")).complete
    except Exception as e:
        unchecked = type(e).__name__
    out[path] = {"distrusted": distrusted, "misread": misread, "text": text, "parse": parsed, "unchecked_complete": unchecked}
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


def test_the_check_catches_every_page_pdfium_would_misread(fixtures, bare):
    """Without a font pdfium's text page drops one-character text-shows; every page where its
    characters would differ from pdfplumber's is sent to pdfplumber, and the rest is read by pdfium."""
    misread_somewhere = False
    for path in fixtures:
        got = bare[str(path)]
        assert set(got["misread"]) <= set(got["distrusted"]), path.name
        misread_somewhere |= bool(got["misread"])
    assert misread_somewhere  # the fixtures do hold pages pdfium misreads on a bare machine
    # a report set in reportlab's STSong (non-embedded, no lone glyphs) loses nothing: pdfium reads it
    assert bare[str(SAMPLES / "simplified-online.pdf")]["distrusted"] == []


def test_the_pages_a_second_reading_used_to_rescue_are_caught_on_the_page(fixtures, bare):
    """A parse with errors used to be made again on pdfplumber. The reports that needed it are those
    where pdfium lost text: read without the check (engine pdfium) they come out in part; with the
    check they read whole, in one reading, as pdfplumber reads them."""
    rescued = 0
    for path in fixtures[1:]:
        got = bare[str(path)]
        if got["unchecked_complete"] is not True:
            rescued += 1
            assert got["distrusted"], path.name
            assert got["parse"]["complete"] is True, path.name
    assert rescued >= 2  # the per-glyph reports of both layouts


def test_parses_on_a_bare_machine_equal_pdfplumber(fixtures, bare):
    for path in fixtures[1:]:
        reference = reading_json(parse_report(path, settings=TextSettings(engine="pdfplumber")))
        assert bare[str(path)]["parse"] == reference, path.name


def test_with_the_fallback_font_nothing_is_distrusted_and_nothing_changes(fixtures):
    """The default: pdfium has a font for every glyph, trusts the pages, and reads the same."""
    here = bare_machine(fixtures, mode="fallback")
    assert here[str(fixtures[0])]["text"] == "年月日x"
    for path in fixtures[1:]:
        assert here[str(path)]["distrusted"] == [], path.name
        reference = reading_json(parse_report(path, settings=TextSettings(engine="pdfplumber")))
        assert here[str(path)]["parse"] == reference, path.name


def overprint_pdf(path: Path) -> None:
    """Lines drawn twice, the copy 1.5 or 3 pt to the right (a producer's fake bold), in a CJK font
    and in Helvetica. pdfium's text page keeps one copy (its overprint check reaches 0.9 of a glyph
    width); pdfminer keeps both (dedupe_chars reaches 1 pt). A copy 0.3 pt away is removed by both."""
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont(FONT, 12)
    for n, dx in enumerate((0.3, 1.5, 3)):
        for d in (0, dx):
            c.drawString(72 + d, 700 - 30 * n, f"信息概要{n}")
    c.setFont("Helvetica", 12)
    for d in (0, 2):
        c.drawString(72 + d, 560, "ABCDEF 123")
    c.save()


def test_text_pdfium_leaves_out_sends_the_page_to_pdfplumber(tmp_path):
    """With a font for every glyph (the default), the check still catches text pdfium's own overprint
    check drops where pdfminer keeps it, on both paths (characters and text lines)."""
    from creditgap.read.pdfium.lines import LOST, pdfium_lines
    from creditgap.read.pdfium.page import read_items

    path = tmp_path / "overprint.pdf"
    overprint_pdf(path)
    with PdfText(path, settings=TextSettings(engine="pdfplumber")) as ref:
        want = ref.items(0)
    with PdfText(path) as doc:
        assert read_items(doc._fast, 0, faithful=True) is None
        assert [it.text for it in read_items(doc._fast, 0)] != [it.text for it in want]  # what pdfium alone reads
        assert pdfium_lines(doc._fast, 0) == LOST
        assert doc.lines(0) == want and doc.distrusted_pages == {0}
    assert "信信息息概概要要22" in [it.text for it in want]  # pdfplumber keeps both copies, as printed
    assert "信息概要0" in [it.text for it in want]  # and removes the one 0.3 pt away


def test_a_page_with_an_overprint_both_engines_remove_stays_on_pdfium(tmp_path):
    path = tmp_path / "bold.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont(FONT, 12)
    for d in (0, 0.3):
        c.drawString(72 + d, 700, "二 信息概要")
    c.save()
    with PdfText(path) as doc:
        assert [it.text for it in doc.items(0)] == ["二 信息概要"]
        assert doc.distrusted_pages == set() and doc.fast_pages == {0}


def test_a_report_read_in_part_is_read_once(tmp_path, monkeypatch):
    """A report with a page missing has errors on every engine; it is not read a second time."""
    import pikepdf

    from creditgap.read import document

    path = tmp_path / "missing-page.pdf"
    with pikepdf.open(SAMPLES / "detailed-kitchen.pdf") as pdf:
        del pdf.pages[3]
        pdf.save(path, deterministic_id=True)
    reference = parse_report(path, settings=TextSettings(engine="pdfplumber"))
    assert not reference.complete

    def no_reference(*args, **kwargs):
        raise AssertionError("pdfplumber opened: the report was read a second time")

    monkeypatch.setattr(document, "open_plumber", no_reference)
    report = parse_report(path, settings=TextSettings(engine="auto"))
    assert reading_json(report) == reading_json(reference)


def test_with_whatever_fonts_this_machine_has_the_parse_is_the_same(fixtures):
    """pdfium's own font handler ("system"): with a CJK font installed it maps STSong to it (and drops
    lone spaces), without one it drops lone CJK glyphs; either way the guard keeps the result."""
    here = bare_machine(fixtures, mode="system")
    assert here[str(fixtures[0])]["text"] == "年月日x"
    for path in fixtures[1:]:
        reference = reading_json(parse_report(path, settings=TextSettings(engine="pdfplumber")))
        assert here[str(path)]["parse"] == reference, path.name
