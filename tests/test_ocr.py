"""Scanned and photographed reports read by OCR (issues 18 and 26), against the generator's truth.

The images are reports the generator made, on paper (samples/scans.py: rendered with an embedded
font so they show real glyphs, then rasterised and degraded with fixed seeds), made once per test
session. The truth is the model the generator rendered and the to-do list it meant
(``expected_todo``, samples/expect.py): never another parse. Each OCR read happens in exactly one
test (OCR costs seconds per page): that test asserts everything about it. Inputs are kept small for
CI: two 4-page 详版 whose lender names, dates and amounts wrap in their cells (samples/wrapped.py,
with to-do items), clean through the API and scanned through the CLI; the 2-page 简版
samples/simplified-online as page images (API), as the committed scan (CLI) and as phone photos
(CLI), and a wrapped 详版 as phone photos (CLI). bench/bench_ocr.py measures more variants against the
same targets.

Targets (issue 26): account recall ≥ 0.98, amounts, dates and lender names ≥ 99 % on clean pages
(≥ 95 % scanned), all fields ≥ 95 %, every wrong value a doubt on its own field, the to-do
list the generator meant. Phone photos: recall ≥ 0.95 and every wrong value a doubt on its field.
"""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest
from click.testing import CliRunner

from creditgap.api import analyze_report
from creditgap.cli import cli
from creditgap.model import to_json
from creditgap.read.items import TextSettings
from samples import scans, wrapped
from tests.helpers import SAMPLES

TARGET = 0.99
FIELDS_TARGET = 0.95  # issue 26: all fields together
RECALL_TARGET = 0.98


@pytest.fixture(scope="session")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., scans.Scan]:
    """``paper(name, variant)``: a sample as a scan or photo (samples/scans.py); ``paper(seed, variant)``:
    the small wrapped 详版 of ``seed`` (samples/wrapped.py). Made on first use in this session (per
    xdist worker): about a second a page."""
    out = tmp_path_factory.mktemp("scans")
    made: dict[tuple[str | int, str], scans.Scan] = {}

    def get(name: str | int, variant: str) -> scans.Scan:
        if (name, variant) not in made:
            made[(name, variant)] = (wrapped.make(name, variant, out, small=True) if isinstance(name, int)
                                     else scans.make(name, variant, out))
        return made[(name, variant)]

    return get


def run_cli(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["analyze", *args, "--format", "json", "--show-pii"])
    assert result.exit_code in (0, 2), result.output  # 2: something to do
    return json.loads(result.stdout)


def explain(s: scans.Score) -> str:
    """What went wrong, for the assertion message: field names and refs only (values are synthetic)."""
    wrong = [f"{f.where}.{f.name}: {f.want!r} read {f.got!r}{'' if f.flagged else ' UNFLAGGED'}" for f in s.wrong]
    return f"records {s.records}, extra {s.extra}, complete {s.complete}; wrong: " + "; ".join(wrong[:20])


def assert_accurate(read: dict[str, Any], truth: dict[str, Any], per_class: float = TARGET) -> scans.Score:
    """Issue 26's targets: every account found, each field class at ``per_class``, every wrong
    value a doubt on its own field, and the to-do list the generator meant (not another parse's)."""
    s = scans.score(read, truth)
    why = explain(s)
    assert s.recall("accounts") >= RECALL_TARGET, why
    for cls in ("amount", "date", "lender"):
        assert s.rate(cls) >= per_class, f"{cls}: {s.accuracy(cls)}; {why}"
    assert sum(f.ok for f in s.fields) >= FIELDS_TARGET * len(s.fields), why  # every field, all classes
    assert not s.unflagged, why  # every wrong value is a doubt on its own field
    assert s.trustworthy, why  # and a lost record makes the read partial
    assert s.complete and s.todo_equal, why
    return s


def assert_from_ocr(read: dict[str, Any], pages: int) -> None:
    assert read["source"]["ocr_pages"] == list(range(1, pages + 1))


def assert_wrapped(truth: dict[str, Any]) -> None:
    """The sample really wraps: lender names over six characters in a six-character column, and a to-do."""
    assert sum(len(a["lender"]) > 6 for a in truth["accounts"]) >= 3 and truth["expected_todo"]


def test_wrapped_detailed_clean_through_the_api(paper):
    """Issue 26, item 1: lender names wrapped over two or three lines of their cell, dates and
    amounts over two (2022.0 / 5.16), read whole; a clean 300 dpi image PDF."""
    made = paper(3, "clean")
    assert_wrapped(made.truth)
    report = analyze_report(made.pdf, settings=TextSettings())  # no text layer: OCR without being asked
    read = to_json(report, show_pii=True)
    assert_from_ocr(read, made.pages)
    assert_accurate(read, made.truth)


def test_wrapped_detailed_scan_through_the_cli(paper):
    """Another person and style, scanned: noise, blur, 1° skew, JPEG 75."""
    made = paper(2, "scan")
    assert_wrapped(made.truth)
    read = run_cli(str(made.pdf))
    assert_from_ocr(read, made.pages)
    assert_accurate(read, made.truth, FIELDS_TARGET)


def test_simplified_page_images_through_the_api(paper):
    made = paper("simplified-online", "clean")
    read = to_json(analyze_report([str(p) for p in made.images], settings=TextSettings()), show_pii=True)
    assert_accurate(read, made.truth)


def test_committed_scan_through_the_cli():
    """samples/simplified-online-scan.pdf: JPEG pages, noise, 1° skew, as a scanner writes them."""
    read = run_cli(str(SAMPLES / "simplified-online-scan.pdf"))
    assert_from_ocr(read, 2)
    assert_accurate(read, scans.truth("simplified-online"))


def photo_problems(read: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    """Why a phone-photo read fails issue 26: recall under 0.95, a wrong value without a doubt on its
    own field, a lost record in a read that calls itself complete, or a complete read whose to-do
    list is not the one the generator meant. A partial read gets no pass for its wrong values."""
    s = scans.score(read, truth)
    out = []
    if s.recall("accounts") < 0.95:
        out.append(f"recall {s.recall('accounts'):.2f}")
    out += [f"{f.where}.{f.name} wrong without a doubt on it" for f in s.unflagged]
    if not s.trustworthy and not s.unflagged:
        out.append("a record lost or invented in a read called complete")
    if s.complete and not s.todo_equal:
        out.append("to-do list not the one meant")
    return out


def test_phone_photos_every_wrong_value_is_a_doubt_on_its_field(paper):
    """Perspective undone from the sheet's corners (read/ocr/images.flatten), then the scan path."""
    made = paper("simplified-online", "photo")
    read = run_cli(*map(str, made.images))
    truth = made.truth
    assert photo_problems(read, truth) == [], explain(scans.score(read, truth))
    # the same check with the doubt marker broken: every doubt taken off the fields (or, where
    # nothing was read wrong, one value changed without a doubt) must fail it
    broken = json.loads(json.dumps(read))
    for kind in ("accounts", "agreements", "liabilities"):
        for record in broken[kind]:
            record["doubts"], record["ocr_doubt"] = [], False
    broken["ocr_doubts"]["fields"] = []
    if not scans.score(read, truth).wrong:
        broken["accounts"][0]["balance"] = (broken["accounts"][0]["balance"] or 0) + 1
    assert photo_problems(broken, truth)



def test_detailed_phone_photos_every_wrong_value_is_a_doubt_on_its_field(paper):
    """Issue 26: a 详版 reaches a person's computer as phone photos. The first page (header, 信息概要,
    short one-row tables) must keep its tables once the perspective is undone (it lost them:
    29–35 wrong values without a doubt), and whatever is still misread is a doubt on its field."""
    made = paper(3, "photo")
    assert_wrapped(made.truth)
    read = run_cli(*map(str, made.images))
    assert_from_ocr(read, made.pages)
    truth = made.truth
    assert photo_problems(read, truth) == [], explain(scans.score(read, truth))
    s = scans.score(read, truth)
    assert s.records["accounts"] == (len(truth["accounts"]), len(truth["accounts"])), explain(s)

# --- the generator and the score, no OCR -----------------------------------------------------------


def test_scans_are_image_only_and_the_same_bytes_every_run(tmp_path, paper):
    import pypdfium2

    again = scans.make("detailed-clean", "scan", tmp_path)
    first = paper("detailed-clean", "scan")
    assert again.pdf.read_bytes() == first.pdf.read_bytes()
    assert [p.read_bytes() for p in again.images] == [p.read_bytes() for p in first.images]
    doc = pypdfium2.PdfDocument(str(again.pdf))
    assert len(doc) == 4
    for page in doc:
        assert page.get_textpage().get_text_range().strip() == ""  # nothing to read but the image
    doc.close()
    photos = paper("simplified-online", "photo")
    assert photos.pdf is None and [p.suffix for p in photos.images] == [".jpg", ".jpg"]
    assert scans.make("simplified-online", "photo", tmp_path, pages=[2]).images[0].read_bytes() == \
        photos.images[1].read_bytes()


def test_the_committed_scan_is_what_the_generator_makes(tmp_path):
    """samples/simplified-online-scan.pdf is reproducible (python -m samples.scans --committed): the same
    pages, pixel for pixel up to the JPEG codec of the machine (Pillow/libjpeg versions may differ)."""
    import numpy as np
    import pypdfium2

    name, variant, dpi = scans.COMMITTED
    fresh = scans.make(name, variant, tmp_path, dpi)
    assert fresh.pdf is not None and fresh.pdf.name == "simplified-online-scan.pdf"
    a, b = pypdfium2.PdfDocument(str(SAMPLES / fresh.pdf.name)), pypdfium2.PdfDocument(str(fresh.pdf))
    assert len(a) == len(b) == 2
    for pa, pb in zip(a, b):
        assert pa.get_size() == pb.get_size()
        x = np.asarray(pa.render(scale=0.5, grayscale=True).to_pil(), dtype=np.float32)
        y = np.asarray(pb.render(scale=0.5, grayscale=True).to_pil(), dtype=np.float32)
        assert np.abs(x - y).mean() < 1.0
    a.close()
    b.close()


def test_score_sees_unflagged_errors_and_lost_accounts():
    truth = scans.truth("simplified-online")
    text = to_json(analyze_report(SAMPLES / "simplified-online.pdf"), show_pii=True)
    s = scans.score(text, truth)
    assert s.trustworthy and s.todo_equal and not s.wrong and s.recall() == 1.0
    bad = json.loads(json.dumps(text))
    bad["accounts"][3]["balance"] = (bad["accounts"][3]["balance"] or 0) + 1000  # a slip, not flagged
    s = scans.score(bad, truth)
    assert [(f.where, f.name) for f in s.unflagged] == [(f"accounts[{truth['accounts'][3]['ref']}]", "balance")]
    assert not s.trustworthy and s.rate("amount") < 1.0
    bad["accounts"][3]["ocr_doubt"], bad["accounts"][3]["doubts"] = True, ["amount"]  # a doubt on another field
    assert not scans.score(bad, truth).trustworthy
    bad["accounts"][3]["doubts"] = ["balance"]  # the same slip, a doubt on its field
    assert scans.score(bad, truth).trustworthy
    partial = json.loads(json.dumps(text))
    partial["accounts"][3]["balance"] = 1
    partial["complete"] = False  # a partial read answers for lost records, never for a wrong value
    assert not scans.score(partial, truth).trustworthy
    inquiry = json.loads(json.dumps(text))
    inquiry["inquiries"][1]["reason"] = "贷后管埋"
    inquiry["ocr_doubts"] = {"fields": ["inquiries[1].reason"], "unattributed": 0}  # another inquiry's
    assert [(f.where, f.name) for f in scans.score(inquiry, truth).unflagged] == [("inquiries[2]", "reason")]
    inquiry["ocr_doubts"]["fields"] = ["inquiries[2].reason"]
    assert scans.score(inquiry, truth).trustworthy
    lost = json.loads(json.dumps(text))
    del lost["accounts"][5]
    s = scans.score(lost, truth)
    assert s.recall() < 1.0 and not s.trustworthy  # an account lost in a read that says it is complete
    lost["complete"] = False
    assert scans.score(lost, truth).trustworthy
    invented = json.loads(json.dumps(text))
    invented["accounts"].append(dict(invented["accounts"][0], ref="A99", lender="某某小额贷款有限公司", balance=5))
    assert not scans.score(invented, truth).trustworthy
