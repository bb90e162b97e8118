"""The pdfium engine against pdfplumber (the reference), and the fonts pdfium is given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# --- fonts: a non-embedded CJK font must not lose characters on a machine without CJK fonts ---

def _one_char_objects_pdf(path: Path) -> None:
    """The repro of the partial-read issue: three text objects, two of one character."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    t = c.beginText(72, 700)
    t.setFont("STSong-Light", 9)
    t.textOut("年")
    t.textOut("月")
    t.textOut("日x")
    c.drawText(t)
    c.save()


_PROBE = textwrap.dedent("""
    import json, sys
    from creditgap.read.pdfium import fonts as pdfium_fonts
    mode = pdfium_fonts.ensure_installed()
    assert pdfium_fonts.ensure_installed() == mode  # idempotent
    import pypdfium2
    out = {"mode": mode}
    for path in sys.argv[1:]:
        doc = pypdfium2.PdfDocument(path)
        page = doc[0]
        tp = page.get_textpage()
        n = tp.count_chars()
        heights = [tp.get_charbox(i)[3] - tp.get_charbox(i)[1] for i in range(n) if tp.get_text_range(i, 1).strip()]
        out[path] = {"text": tp.get_text_range(), "min_height": min(heights) if heights else 0}
        tp.close(); page.close(); doc.close()
    print(json.dumps(out))
""")


def _probe(env_mode: str | None, *paths: Path) -> dict:
    import os

    env = dict(os.environ)
    env.pop("CREDITGAP_PDFIUM_FONTS", None)
    if env_mode is not None:
        env["CREDITGAP_PDFIUM_FONTS"] = env_mode
    out = subprocess.run([sys.executable, "-c", _PROBE, *map(str, paths)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_fallback_font_brings_back_every_character(tmp_path):
    repro = tmp_path / "repro.pdf"
    _one_char_objects_pdf(repro)
    online = ROOT / "samples" / "detailed-online.pdf"
    got = _probe(None, repro, online)
    assert got["mode"] == "fallback"
    assert got[str(repro)]["text"] == "年月日x"
    assert got[str(repro)]["min_height"] > 1  # real boxes, not pdfium's zero-height placeholders
    assert "男" in got[str(online)]["text"] and "额" in got[str(online)]["text"]


def test_none_mode_is_the_bare_machine(tmp_path):
    repro = tmp_path / "repro.pdf"
    _one_char_objects_pdf(repro)
    got = _probe("none", repro)
    assert got["mode"] == "none"
    assert got[str(repro)]["text"] != "年月日x"  # the worst case the guard exists for


def test_bad_mode_is_refused(monkeypatch):
    from creditgap.read.pdfium import fonts as pdfium_fonts

    monkeypatch.setenv("CREDITGAP_PDFIUM_FONTS", "bogus")
    with pytest.raises(ValueError):
        pdfium_fonts.mode()


# --- engines: read.pdfium.page.read_items gives exactly PdfText's pdfplumber Items ---------------------
#
# The pdfium side runs in a subprocess per font mode (CREDITGAP_PDFIUM_FONTS is read when pdfium
# maps its first font, so it must be set before the process opens any document); the pdfplumber
# side runs here once and is compared with both.

N_MODELS = 200  # random 详版 models, rendered once per session
FULL_MODELS = 3  # of which every page is compared; the rest: one page each (pdfplumber costs ~0.2 s a page)

_WORKER = textwrap.dedent("""
    import json, sys
    from creditgap.read.pdfium import fonts as pdfium_fonts
    pdfium_fonts.ensure_installed()
    import pypdfium2
    from creditgap.read.pdfium.page import read_items
    out = []
    for path, pages in json.loads(sys.stdin.read()):
        doc = pypdfium2.PdfDocument(path)
        for i in pages:
            read = read_items(doc, i, faithful=True)  # None: the fidelity check sends the page to pdfplumber
            trusted = read is not None
            items = [[it.page, it.top, None if it.cells is None else list(it.cells), it.text, it.xs]
                     for it in (read if trusted else read_items(doc, i))]
            out.append([path, i, trusted, items])
        doc.close()
    print(json.dumps(out, ensure_ascii=False))
""")


def _pdfium_items(mode: str, jobs: list[tuple[str, list[int]]]) -> list[tuple[str, int, bool, list]]:
    import os

    env = dict(os.environ, CREDITGAP_PDFIUM_FONTS=mode)
    out = subprocess.run([sys.executable, "-c", _WORKER], cwd=ROOT, env=env, input=json.dumps(jobs),
                         capture_output=True, text=True, check=True).stdout
    return [tuple(x) for x in json.loads(out)]


def _key(page: int, top: float, cells, text, xs=None) -> tuple:
    """An Item to compare: positions to 0.01 pt (the engines agree to ~3e-5), cell x-extents too."""
    spans = None if xs is None else tuple(None if x is None else (round(x[0], 2), round(x[1], 2)) for x in xs)
    return (page, round(top, 2), None if cells is None else tuple(cells), text, spans)


class _Reference:
    """pdfplumber's Items per (path, page), computed once per session."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, int], list] = {}

    def get(self, path: str, pages: list[int]) -> None:
        from creditgap.read.document import PdfText
        from creditgap.read.items import TextSettings

        todo = [i for i in pages if (path, i) not in self.items]
        if todo:
            with PdfText(path, settings=TextSettings(engine="pdfplumber")) as pt:
                for i in todo:
                    self.items[(path, i)] = [(it.page, it.top, it.cells, it.text, it.xs) for it in pt.items(i)]


def _render_cache(request) -> Path:
    """Rendered models persist in pytest's cache, keyed by the generator's source: rendering 200
    models costs ~40 s of CPU, and only a change to the generator changes them."""
    import hashlib

    h = hashlib.sha256()
    for name in ("render_detailed.py", "detailed_tables.py", "detailed_summary.py", "producers.py", "synth.py", "states.py",
                 "pdfkit.py"):
        src = ROOT / "samples" / name
        if src.exists():
            h.update(src.read_bytes())
    cache = getattr(request.config, "cache", None)  # None when run with -p no:cacheprovider
    if cache is None:
        return request.getfixturevalue("tmp_path_factory").mktemp("engines")
    return cache.mkdir(f"engines-{h.hexdigest()[:16]}")


@pytest.fixture(scope="module")
def corpus(request):
    """(jobs, reference): the committed samples (every page) and N_MODELS random models with random
    producer styles and page breaks (every page of the first FULL_MODELS, one page of each other)."""
    import random
    from dataclasses import replace

    import pypdfium2

    from samples.render_detailed import DetailedStyle, render_detailed
    from samples.synth import random_report

    from samples.producers import PRODUCERS
    jobs: list[tuple[str, list[int]]] = []
    for pdf in sorted((ROOT / "samples").glob("*.pdf")):
        if pdf.stem.endswith("-scan"):  # no text layer: neither engine reads it (OCR does, tests/test_ocr.py)
            continue
        jobs.append((str(pdf), list(range(len(pypdfium2.PdfDocument(str(pdf)))))))
    folder = _render_cache(request)
    for seed in range(N_MODELS):
        rng = random.Random(seed)
        model = random_report(rng, rng.choice(["mixed", "clean", "kitchen"]))
        style = DetailedStyle.random(rng)
        style = replace(style, producer=PRODUCERS[seed % len(PRODUCERS)])
        path = str(folder / f"m{seed:03d}.pdf")
        if not Path(path).exists():
            render_detailed(model, path + ".part", style)
            Path(path + ".part").replace(path)
        n = len(pypdfium2.PdfDocument(path))
        jobs.append((path, list(range(n)) if seed < FULL_MODELS else [rng.randrange(n)]))
    reference = _Reference()
    for path, pages in jobs:
        reference.get(path, pages)
    return jobs, reference


def _compare(mode: str, jobs, reference, trusted_pages: set | None = None) -> tuple[int, int, int, float, list[str]]:
    """(pages compared, cells compared, pages trusted (each added to ``trusted_pages``), largest |top|
    difference, differences)."""
    pages = cells = trusted = 0
    worst = 0.0
    diffs: list[str] = []
    for path, i, ok, items in _pdfium_items(mode, jobs):
        if not ok:
            continue
        trusted += 1
        if trusted_pages is not None:
            trusted_pages.add((path, i))
        ref = reference.items[(path, i)]
        got = [_key(*it) for it in items]
        want = [_key(*it) for it in ref]
        pages += 1
        cells += sum(len(it[2]) for it in ref if it[2] is not None)
        if got != want:
            diffs.append(f"{Path(path).name} page {i + 1}: " + "; ".join(
                f"{a} != {b}" for a, b in zip(want, got) if a != b)[:400] + f" ({len(want)} vs {len(got)} items)")
        else:
            worst = max([worst] + [abs(a[1] - b[1]) for a, b in zip(ref, items)])
    return pages, cells, trusted, worst, diffs


def test_pdfium_equals_pdfplumber_with_the_fallback_font(corpus):
    jobs, reference = corpus
    pages, cells, trusted, worst, diffs = _compare("fallback", jobs, reference)
    total = sum(len(p) for _, p in jobs)
    print(f"\nfallback: {pages} pages, {cells} cells identical; guard trusted {trusted}/{total}; max |top| diff {worst:.2g}")
    assert not diffs, "\n".join(diffs[:10])
    assert trusted == total  # with the square face no page of ours is distrusted
    assert worst < 1e-3


# The share of pages pdfium reads on a bare machine (mode "none"), measured on this corpus: 104 of
# 253 (41 %). Every page whose fonts are embedded (producers "embedded", "browser") and every page
# without a one-character text-show in a non-embedded font (most 简版 pages, a third of the 详版
# pages set by reportlab) is read by pdfium; pages with lone glyphs (男, 月, 无 in a cell of their own;
# every page of the "per-glyph" and "mixed-fonts" producers) lose them and go to pdfplumber.
BARE_TRUSTED_FLOOR = 0.35


def test_pdfium_equals_pdfplumber_on_a_bare_machine_where_the_guard_trusts(corpus):
    """Mode "none": pdfium without any system font or fallback loses characters; the check must
    catch every such page, every page it trusts must read exactly as pdfplumber reads it, and it
    must trust what a bare machine can read (not pass by trusting nothing)."""
    jobs, reference = corpus
    trusted_pages: set = set()
    pages, cells, trusted, worst, diffs = _compare("none", jobs, reference, trusted_pages)
    total = sum(len(p) for _, p in jobs)
    print(f"\nnone: guard trusted {trusted}/{total} pages; {pages} pages, {cells} cells identical")
    assert not diffs, "\n".join(diffs[:10])
    assert trusted >= BARE_TRUSTED_FLOOR * total, f"{trusted}/{total} pages trusted on a bare machine"
    # fonts embedded in the file: nothing depends on the machine, every such page is pdfium's
    from samples.producers import PRODUCERS

    embedded = [(path, i) for path, pages_ in jobs for i in pages_ if Path(path).name.startswith("m")
                and PRODUCERS[int(Path(path).stem[1:]) % len(PRODUCERS)] in ("embedded", "browser")]
    assert embedded and set(embedded) <= trusted_pages
    # the committed 简版 samples (reportlab's non-embedded STSong, no lone glyphs) lose nothing
    brief = [(path, i) for path, pages_ in jobs for i in pages_ if Path(path).name.startswith("simplified-")]
    assert brief and set(brief) <= trusted_pages


def _edge_cases_pdf(path: Path) -> None:
    """What the generator does not make: a line-end hyphen (pdfium reports U+0002), a table drawn
    inside a form XObject, text overprinted for fake bold, a rotated watermark, a lone space object,
    a stroked line and a filled rectangle as rules."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    t = c.beginText(72, 760)
    t.setFont("Helvetica", 10)
    t.textLine("informa-")
    t.textLine("tion and co-")
    t.textLine("operation")
    c.drawText(t)
    c.beginForm("grid")
    for y in (600, 620, 640):
        c.line(72, y, 372, y)
    for x in (72, 222, 372):
        c.line(x, 600, x, 640)
    c.setFont("STSong-Light", 9)
    c.drawString(80, 625, "账户状态")
    c.drawString(230, 625, "正常")
    c.drawString(80, 605, "五级分类")
    c.endForm()
    c.doForm("grid")
    c.setFont("STSong-Light", 12)
    for dx in (0, 0.3):  # fake bold
        c.drawString(72 + dx, 560, "二 信息概要")
    t = c.beginText(72, 540)
    t.setFont("STSong-Light", 9)
    t.textOut("一")
    t.setFont("Helvetica", 9)
    t.textOut(" ")
    t.setFont("STSong-Light", 9)
    t.textOut("个人基本信息")
    c.drawText(t)
    c.rect(72, 480, 300, 0.8, stroke=0, fill=1)
    c.saveState()
    c.translate(300, 300)
    c.rotate(45)
    c.setFont("STSong-Light", 40)
    c.drawString(0, 0, "仅供本人使用")
    c.restoreState()
    c.save()


def test_edge_cases_read_the_same(tmp_path):
    path = tmp_path / "edge.pdf"
    _edge_cases_pdf(path)
    reference = _Reference()
    reference.get(str(path), [0])
    pages, cells, trusted, worst, diffs = _compare("fallback", [(str(path), [0])], reference)
    assert not diffs, "\n".join(diffs)
    assert pages == 1 and cells >= 4  # the form's table was found
    texts = [it[3] for it in reference.items[(str(path), 0)] if it[3]]
    assert "informa-" in texts and "一 个人基本信息" in texts


# --- two processes for a long document ----------------------------------------------------------


def test_a_long_report_read_by_two_processes_reads_the_same(tmp_path):
    """all_items() forks a helper for the second half of the pages; the result is the same items."""
    from creditgap.read.document import PdfText
    from creditgap.read.items import TextSettings

    path = ROOT / "samples" / "detailed-kitchen.pdf"
    with PdfText(path, settings=TextSettings(parallel=False)) as doc:
        alone = list(doc.all_items())
    with PdfText(path, settings=TextSettings(parallel=True)) as doc:
        assert doc.page_count >= 8
        doc.prefetch()
        assert doc._helper is not None and doc._helper[0].pid != os.getpid()  # a second process is reading
        both = list(doc.all_items())
        assert doc.fast_pages == set(range(doc.page_count))  # the helper's pages count as pdfium's
    assert both == alone


def test_when_the_helper_fails_this_process_reads_its_pages(monkeypatch):
    from creditgap.read import document
    from creditgap.read.document import PdfText
    from creditgap.read.items import TextSettings

    def broken(path, password, settings, pages, send):  # dies before reading anything
        send.close()

    monkeypatch.setattr(document, "_read_in_helper", broken)
    path = ROOT / "samples" / "detailed-kitchen.pdf"
    with PdfText(path, settings=TextSettings(parallel=True)) as doc:
        both = list(doc.all_items())
    with PdfText(path, settings=TextSettings(parallel=False)) as doc:
        assert both == list(doc.all_items())
