"""No false alarms, no silent losses (issue 22, item 6), as properties over the 详版 generator.

Every complete 详版 the generator can make, in every style (label rows of 4/6/8 cells, split
tables on other grids, 截至 inside or outside the table, the official 信息概要 with its 合计 rows or
this generator's first layout, ``--`` for zero), reads ``complete: true`` and equals the model it
was rendered from. A copy with one account, one page or the summary taken out reads
``complete: false`` and an error names what is missing.

Most models go through ``detailed_items`` (what a reader gives, without a PDF: ~20 models a
second); a few go through real PDFs. Seeds are fixed, so a failure names its seed.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pypdfium2 as pdfium
import pytest

from creditgap.model import Family, Report
from creditgap.parse.detailed import DetailedParser
from creditgap.parse.layouts import document_checks, parse_report
from samples.render_detailed import DetailedStyle, detailed_items, random_paged_style, render_detailed
from samples.synth import random_report
from tests.helpers import assert_matches_truth
from tests.test_page_breaks import ItemDoc

# Most models small and random; every seventh a large one with every state of every family.
KINDS = ("varied", "mixed", "varied", "mixed", "varied", "online", "statuses")
# What an error must name when an account of a family is missing: its row of 信贷交易信息提示 (loans
# are counted together there) or, for 被追偿, its own 汇总.
NAMED = {Family.LOAN: "贷款", Family.REVOLVING_SUB: "贷款", Family.REVOLVING: "贷款", Family.CREDIT_CARD: "贷记卡",
         Family.SEMI_CREDIT_CARD: "准贷记卡", Family.RECOVERED: "被追偿"}


def read(pages: list) -> Report:
    """The 详版 parser over reader items, with the completeness checks parse_report adds."""
    doc = ItemDoc(pages)
    report = DetailedParser().extract(doc)
    return report.with_checks(*document_checks(doc, report))


def case(seed: int) -> tuple[Report, DetailedStyle]:
    rng = random.Random(seed)
    model = random_report(rng, KINDS[seed % len(KINDS)])
    return model, random_paged_style(rng, model)


def errors(report: Report) -> list[str]:
    return [c.message for c in report.checks if c.level == "error"]


@pytest.mark.parametrize("chunk", range(4))
def test_every_complete_report_in_every_style_reads_complete(chunk):
    for seed in range(chunk * 35, chunk * 35 + 35):
        model, style = case(seed)
        pages, truth = detailed_items(model, style)
        report = read(pages)
        assert errors(report) == [], f"seed {seed}"
        assert not [c for c in report.checks if c.code == "unknown_status"], f"seed {seed}"
        assert_matches_truth(report, truth)


@pytest.mark.parametrize("seed", [3, 8, 21, 34])
def test_every_complete_report_reads_complete_from_the_pdf(tmp_path, seed):
    rng = random.Random(seed)
    model = random_report(rng, ("varied", "statuses")[seed % 2])
    style = random_paged_style(rng, model) if seed % 3 else DetailedStyle.random(rng)
    style = replace(style, official_summary=True) if seed < 20 else style
    truth = render_detailed(model, str(tmp_path / "r.pdf"), style)
    report = parse_report(tmp_path / "r.pdf")
    assert report.complete, errors(report)
    assert_matches_truth(report, truth)


def test_any_one_account_removed_reads_partial_and_names_its_kind():
    checked = set()
    for seed in range(60):
        model, style = case(seed)
        rng = random.Random(f"omit {seed}")
        for a in rng.sample(model.accounts, min(3, len(model.accounts))):
            if a.family is Family.RECOVERED and not style.official_summary:
                continue  # this generator's first layout prints no 被追偿信息汇总: nothing counts them
            pages, _ = detailed_items(model, style, omit=frozenset({a.ref}))
            report = read(pages)
            assert len(report.accounts) == len(model.accounts) - 1
            assert not report.complete, f"seed {seed}: {a.ref} removed, read as complete"
            assert any(NAMED[a.family] in m for m in errors(report)), (seed, a.ref, errors(report))
            checked.add(a.family)
    assert checked == set(Family)  # every family was taken out at least once


def test_a_page_removed_reads_partial_and_names_the_page():
    checked = 0
    for seed in range(40):
        model, style = case(seed)
        pages, _ = detailed_items(model, style)
        if len(pages) < 2:
            continue
        gone = random.Random(f"page {seed}").randrange(len(pages))
        kept = [[replace(item, page=n) for item in page]
                for n, page in enumerate((p for i, p in enumerate(pages) if i != gone), 1)]
        report = read(kept)
        assert not report.complete, f"seed {seed}: page {gone + 1} removed, read as complete"
        assert any(f"第 {gone + 1} 页不在" in m for m in errors(report)), (seed, errors(report))
        checked += 1
    assert checked >= 30


def test_the_summary_removed_reads_partial():
    for seed in range(10):
        model, style = case(seed)
        pages, _ = detailed_items(model, style, omit=frozenset({"summary"}))
        report = read(pages)
        assert "summary_missing" in {c.code for c in report.checks if c.level == "error"}, f"seed {seed}"


def test_a_page_cut_out_of_the_pdf_is_named(tmp_path):
    """The real path: a page deleted from the PDF file (as a PDF editor does)."""
    model = random_report(random.Random(13), "kitchen")
    render_detailed(model, str(tmp_path / "whole.pdf"), DetailedStyle(official_summary=True))
    pdf = pdfium.PdfDocument(tmp_path / "whole.pdf")
    assert len(pdf) >= 4
    pdf.del_page(2)  # the third page
    pdf.save(tmp_path / "cut.pdf")
    pdf.close()
    report = parse_report(tmp_path / "cut.pdf")
    assert not report.complete
    [missing] = [c for c in report.checks if c.code == "pages_missing"]
    assert "第 3 页不在" in missing.message


def test_the_todo_list_is_what_the_generator_meant_in_every_state():
    """Over random models in every state (spec §4.2), dual-currency cards included: the to-do list
    equals what the generator meant each account to be (samples/synth.py intents): bad records
    settled first, frozen or stopped accounts closed or repaid, nothing else closed."""
    from creditgap.judge.platforms import attach_platforms, rank_by_evidence
    from creditgap.judge.rules import analyze
    from creditgap.lenders import default_matcher
    from samples.expect import expected_todo
    from samples.synth import random_truth

    matcher = default_matcher()
    for seed in range(60):
        rng = random.Random(seed)
        model, intent, platforms = random_truth(rng, "varied")
        pages, truth = detailed_items(model, random_paged_style(rng, model))
        report = analyze(rank_by_evidence(attach_platforms(read(pages), matcher), matcher), matcher)
        got = sorted(({"platform": t.platform, "lender": t.lender, "action": t.action, "accounts": list(t.accounts),
                       "agreements": list(t.agreements)} for t in report.todo),
                     key=lambda i: (i["lender"], i["action"], i["accounts"], i["agreements"]))
        assert got == expected_todo(truth, intent, platforms), f"seed {seed}"
