"""pdfplumber's dedupe_chars is asked for only where characters overlap (issue 22, item 7): the quick
test says exactly when it would remove something, and skipping it changes no reading."""

from __future__ import annotations

import random

import pytest
from pdfplumber.utils import dedupe_chars
from reportlab.pdfgen import canvas

from creditgap.read.document import PdfText
from creditgap.read.items import TextSettings
from creditgap.read.plumber import has_duplicate_chars
from samples.pdfkit import FONT
from tests.helpers import SAMPLES


def random_chars(rng: random.Random, n: int) -> list[dict]:
    """Characters on a coarse grid of texts, fonts, sizes and positions, some within 1 pt of another."""
    chars = []
    for _ in range(n):
        chars.append({"upright": rng.random() < 0.9, "text": rng.choice("年月日12"), "fontname": rng.choice(["A", "B"]),
                      "size": rng.choice([9.0, 10.0]), "doctop": rng.choice([0, 0.5, 1, 1.5, 3, 12]) + rng.random() * 0.2,
                      "x0": rng.choice([0, 0.6, 1.2, 2.5, 9, 30]) + rng.random() * 0.2})
    return chars


def test_the_quick_test_says_exactly_when_dedupe_would_remove_a_character():
    found = 0
    for seed in range(500):
        rng = random.Random(seed)
        chars = random_chars(rng, rng.randrange(1, 24))
        removes = len(dedupe_chars(chars)) < len(chars)
        assert has_duplicate_chars(chars) == removes, seed
        found += removes
    assert 100 < found < 400  # both answers are well represented


def test_chained_clusters_count_as_pdfplumber_counts_them():
    """0 – 0.8 – 1.6: the ends are 1.6 apart, but the middle chains them into one cluster."""
    base = {"upright": True, "text": "年", "fontname": "A", "size": 9.0}
    chained = [dict(base, doctop=0.0, x0=0.0), dict(base, doctop=0.8, x0=5.0), dict(base, doctop=1.6, x0=5.4)]
    assert has_duplicate_chars(chained) and len(dedupe_chars(chained)) == 2
    apart = [dict(base, doctop=0.0, x0=0.0), dict(base, doctop=1.6, x0=0.0)]
    assert not has_duplicate_chars(apart) and len(dedupe_chars(apart)) == 2


def fake_bold_pdf(path) -> None:
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont(FONT, 12)
    for d in (0, 0.3):
        c.drawString(72 + d, 700, "二 信息概要")
    c.drawString(72, 670, "个人基本信息")
    c.save()


@pytest.mark.parametrize("name", ["simplified-online", "detailed-clean", "fake-bold"])
def test_the_reference_reads_the_same_with_dedupe_only_where_needed(name, tmp_path, monkeypatch):
    from creditgap.read import plumber

    if name == "fake-bold":
        path = tmp_path / "fake-bold.pdf"
        fake_bold_pdf(path)
    else:
        path = SAMPLES / f"{name}.pdf"
    settings = TextSettings(engine="pdfplumber")
    asked: list[bool] = []

    def spy(chars):
        asked.append(has_duplicate_chars(chars))
        return asked[-1]

    monkeypatch.setattr(plumber, "has_duplicate_chars", spy)
    with PdfText(path, settings=settings) as doc:
        skipped = [doc.items(i) for i in range(doc.page_count)]
    monkeypatch.setattr(plumber, "has_duplicate_chars", lambda chars: True)  # always dedupe, as before
    with PdfText(path, settings=settings) as doc:
        always = [doc.items(i) for i in range(doc.page_count)]
    assert skipped == always
    assert asked == ([True] if name == "fake-bold" else [False] * len(asked))
    if name == "fake-bold":
        assert [it.text for it in skipped[0]] == ["二 信息概要", "个人基本信息"]
