"""Never conclude from a partial read (issue 11): analyze says "read in part" everywhere, compare
confirms only from evidence, and refuses inputs that do not belong together."""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import replace

import pytest
from click.testing import CliRunner
from reportlab.pdfgen import canvas

from creditgap.api import compare_files
from creditgap.cli import cli
from creditgap.judge.compare import compare
from creditgap.judge.platforms import attach_platforms
from creditgap.judge.rules import analyze
from creditgap.model import Check, Family, Report, Status, Summary
from creditgap.parse.common import check_read_complete
from creditgap.parse.layouts import parse_report
from samples.pdfkit import FONT
from samples.render_detailed import render_detailed
from samples.synth import random_report
from tests.helpers import SAMPLES, load_truth
from tests.test_simplified import HEADER

PARTIAL = "【只读出了一部分】"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def dropped_account_pdf(tmp_path_factory):
    """A 详版 whose summary counts one more open account than its blocks hold."""
    model = random_report(random.Random(9), "online")
    dropped = next(a for a in model.accounts if a.is_open)
    path = tmp_path_factory.mktemp("partial") / "partial.pdf"
    render_detailed(replace(model, accounts=tuple(a for a in model.accounts if a is not dropped)), str(path))
    return path


def lines_pdf(path, lines: list[str]) -> None:
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont(FONT, 9)
    for n, line in enumerate(lines):
        c.drawString(40, 800 - 14 * n, line)
    c.save()


@pytest.fixture(scope="module")
def unreadable_simplified_pdf(tmp_path_factory):
    """A 简版 whose only account sentence no template reads: zero accounts, zero to-do items."""
    path = tmp_path_factory.mktemp("partial") / "unreadable.pdf"
    lines_pdf(path, HEADER + ["信息概要", "信用卡 贷款 其他业务", "账户数 0 1 0", "贷款", "从未逾期过的账户明细如下：",
                              "1.2019年05月10日某某机构的什么东西看不懂。", "查询记录"])
    return path


def test_a_partial_read_is_said_first_in_the_table_and_never_concluded_from(dropped_account_pdf):
    output = run("analyze", str(dropped_account_pdf)).output
    assert output.startswith(PARTIAL)
    assert "没有发现需要关闭的账户" not in output
    assert "（仅就读出的部分）全部办完后" in output
    english = run("analyze", str(dropped_account_pdf), "--lang", "en").output
    assert english.startswith("[READ IN PART]")


def test_zero_items_from_a_partial_read_is_not_nothing_to_close(unreadable_simplified_pdf):
    report = parse_report(unreadable_simplified_pdf)
    assert not report.complete and report.accounts == ()
    assert {"unparsed_sentence", "no_accounts_read"} <= {c.code for c in report.checks}
    output = run("analyze", str(unreadable_simplified_pdf)).output
    assert output.startswith(PARTIAL)
    assert "没有发现需要关闭的账户" not in output
    assert "不能下结论" in output


def test_json_csv_and_strict_say_partial(dropped_account_pdf, tmp_path):
    data = json.loads(run("analyze", str(dropped_account_pdf), "--format", "json").output)
    assert data["complete"] is False
    out = tmp_path / "todo.csv"
    assert run("analyze", str(dropped_account_pdf), "--csv", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["读取完整"] for r in rows} == {"否"}
    assert rows[-1]["序号"] == "" and rows[-1]["账户"] == "" and "只读出了一部分" in rows[-1]["原因"]
    assert run("analyze", str(dropped_account_pdf), "--strict").exit_code == 1
    complete = json.loads(run("analyze", str(SAMPLES / "detailed-online.pdf"), "--format", "json").output)
    assert complete["complete"] is True
    assert run("analyze", str(SAMPLES / "detailed-online.pdf"), "--strict").exit_code == 0


def test_batch_counts_partial_files_apart(dropped_account_pdf, tmp_path):
    out = tmp_path / "all.csv"
    result = run("batch", str(dropped_account_pdf), str(SAMPLES / "simplified-online.pdf"), "--csv", str(out))
    assert result.exit_code == 0, result.output
    assert "完整读取 1 个，只读出一部分 1 个，失败 0 个" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["文件"] for r in rows if r["读取完整"] == "否"} == {"partial.pdf"}
    strict = run("batch", str(dropped_account_pdf), str(SAMPLES / "simplified-online.pdf"), "--strict")
    assert strict.exit_code == 1


def test_batch_that_reads_nothing_fails(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nothing here")
    result = run("batch", str(tmp_path))
    assert result.exit_code == 1 and "没有一个文件读取成功" in result.output


def test_zero_accounts_is_an_answer_only_when_the_report_says_so():
    empty = Report(header=load_header())
    assert {c.code for c in check_read_complete(empty)} == {"no_accounts_read", "summary_missing"}
    assert check_read_complete(replace(empty, summary=Summary(no_credit_history=True))) == []


def load_header():
    return parse_report(SAMPLES / "simplified-online.pdf").header


def test_the_no_credit_history_sentence_is_recognised(tmp_path):
    path = tmp_path / "none.pdf"
    lines_pdf(path, HEADER + ["信息概要", "系统中没有您的信贷交易记录。", "查询记录"])
    report = parse_report(path)
    assert report.accounts == () and report.summary.no_credit_history and report.complete
    assert "没有发现需要关闭的账户" in run("analyze", str(path)).output


# --- compare: verdicts from evidence only -----------------------------------------------------


def analysed(seed: int) -> Report:
    return analyze(attach_platforms(random_report(random.Random(seed), "online")))


def partial(report: Report) -> Report:
    return report.with_checks(Check("error", "account_total_mismatch", "报告共列 9 个账户，解析到 0 个"))


def test_a_new_report_read_as_empty_confirms_nothing():
    old = analysed(21)
    assert old.todo
    new = partial(replace(old, accounts=(), agreements=()))
    result = compare(old, new)
    assert result.count("confirmed") == 0 and result.count("not_found") == 0
    assert result.count("unverified") == len(old.accounts) + len(old.agreements)
    assert result.needs_attention


def test_a_partial_new_report_still_confirms_what_it_shows_closed():
    old = analysed(22)
    target = next(a for a in old.accounts if a.is_open)
    new = partial(replace(old, accounts=tuple(replace(a, status=Status.SETTLED, status_raw="结清") if a is target else a
                                              for a in old.accounts), agreements=()))
    result = compare(old, new)
    assert [i.old_ref for i in result.items if i.verdict == "confirmed"] == [target.ref]
    assert {i.old_ref for i in result.items if i.verdict == "unverified"} == {g.ref for g in old.agreements}


def test_an_account_dropped_from_a_complete_new_report_is_not_found():
    old = analysed(23)
    gone_open = next(a for a in old.accounts if a.is_open)
    gone_settled = next((a for a in old.accounts if not a.is_open), None)
    dropped = {gone_open.ref} | ({gone_settled.ref} if gone_settled else set())
    new = replace(old, accounts=tuple(a for a in old.accounts if a.ref not in dropped))
    result = compare(old, new)
    verdicts = {i.old_ref: i.verdict for i in result.items}
    assert verdicts[gone_open.ref] == "not_found"
    if gone_settled:
        assert verdicts[gone_settled.ref] == "gone"
    assert "confirmed" not in verdicts.values()
    assert result.needs_attention


def test_agreements_absent_from_a_simplified_new_report_are_unverified():
    old = analysed(24)
    assert old.agreements
    new = replace(old, agreements=(), header=replace(old.header, layout="simplified"))
    verdicts = {i.old_ref: i.verdict for i in compare(old, new).items}
    assert {verdicts[g.ref] for g in old.agreements} == {"unverified"}


def test_compare_says_which_report_was_partial_first_and_strict_exits_1(dropped_account_pdf):
    result = run("compare", str(dropped_account_pdf), str(dropped_account_pdf))
    assert result.output.startswith("【只读出了一部分】旧报告")
    assert "【只读出了一部分】新报告" in result.output
    assert run("compare", str(dropped_account_pdf), str(dropped_account_pdf), "--strict").exit_code == 1
    data = json.loads(run("compare", str(dropped_account_pdf), str(dropped_account_pdf), "--format", "json").output)
    assert data["complete"] is False and data["new"]["complete"] is False


# --- compare: inputs that do not belong together -----------------------------------------------


def one_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    return result.output


def test_compare_refuses_two_people():
    assert load_truth("detailed-online")["report"]["subject_id"] != load_truth("detailed-kitchen")["report"]["subject_id"]
    out = one_line(run("compare", str(SAMPLES / "detailed-online.pdf"), str(SAMPLES / "detailed-kitchen.pdf")))
    assert "不是同一个人" in out
    for secret in (load_truth("detailed-kitchen")["report"]["subject_name"], load_truth("detailed-kitchen")["report"]["subject_id"]):
        assert secret not in out


def test_compare_refuses_swapped_dates():
    out = one_line(run("compare", str(SAMPLES / "compare-later.pdf"), str(SAMPLES / "detailed-online.pdf"), "--lang", "en"))
    assert "printed after the new one" in out


def test_compare_refuses_a_todo_file_from_another_report(tmp_path):
    other = tmp_path / "later-todo.csv"
    assert run("analyze", str(SAMPLES / "compare-later.pdf"), "--csv", str(other)).exit_code == 0
    out = one_line(run("compare", str(SAMPLES / "detailed-online.pdf"), str(SAMPLES / "compare-later.pdf"),
                       "--todo", str(other)))
    assert "不是从旧报告生成的" in out
    own = tmp_path / "own-todo.csv"
    assert run("analyze", str(SAMPLES / "detailed-online.pdf"), "--csv", str(own)).exit_code == 0
    assert run("compare", str(SAMPLES / "detailed-online.pdf"), str(SAMPLES / "compare-later.pdf"),
               "--todo", str(own)).exit_code == 0


def test_an_old_todo_file_without_report_number_is_checked_by_its_refs(tmp_path):
    """Files written before 报告编号 was recorded: refs and lenders must exist in OLD."""
    kept = (SAMPLES / "compare-online.todo.csv").read_text(encoding="utf-8-sig")
    assert "报告编号" not in kept
    compare_files(SAMPLES / "detailed-online.pdf", SAMPLES / "compare-later.pdf", SAMPLES / "compare-online.todo.csv")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(kept.replace("A1", "A99", 1), encoding="utf-8-sig")
    out = one_line(run("compare", str(SAMPLES / "detailed-online.pdf"), str(SAMPLES / "compare-later.pdf"),
                       "--todo", str(wrong)))
    assert "不是从旧报告生成的" in out


def test_families_are_unchanged_by_the_checks():
    # the check list is an addition; a complete sample keeps its error-free reading
    report = parse_report(SAMPLES / "detailed-kitchen.pdf")
    assert report.complete and {a.family for a in report.accounts} >= {Family.LOAN, Family.CREDIT_CARD}
