"""compare: committed pairs with known verdicts, properties on random models, the to-do CSV."""

from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from creditgap.api import compare_files
from creditgap.cli import cli
from creditgap.errors import UsageError
from creditgap.judge.compare import compare
from creditgap.judge.platforms import attach_platforms
from creditgap.judge.rules import analyze
from creditgap.model import Status
from creditgap.outputs.todo_file import read_todo_csv
from samples.synth import random_report
from tests.helpers import SAMPLES

PAIRS = ["compare-online", "compare-cross"]


def truth(name):
    return json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PAIRS)
def test_committed_pair_verdicts_equal_the_truth(name):
    t = truth(name)
    result, _, _ = compare_files(SAMPLES / t["old"], SAMPLES / t["new"], SAMPLES / t["todo"] if t["todo"] else None)
    got = sorted(({"old_ref": i.old_ref, "new_ref": i.new_ref, "verdict": i.verdict} for i in result.items),
                 key=lambda r: (str(r["old_ref"]), str(r["new_ref"])))
    assert got == t["items"]
    assert {i["verdict"] for i in t["items"]} >= {"confirmed", "still_open", "gone", "new_account"}
    assert result.totals.open_accounts_new < result.totals.open_accounts_old


def test_the_pending_item_is_pending_only_with_its_date():
    assert "pending" in {i["verdict"] for i in truth("compare-online")["items"]}
    assert "pending" not in {i["verdict"] for i in truth("compare-cross")["items"]}


def analysed(seed: int):
    return analyze(attach_platforms(random_report(random.Random(seed), "mixed")))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(0, 2**32))
def test_a_report_against_itself_changes_nothing(seed):
    r = analysed(seed)
    verdicts = {i.verdict for i in compare(r, r).items}
    assert not verdicts & {"confirmed", "gone", "new_account", "reopened"}


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(0, 2**32), st.integers(0, 2**32))
def test_settling_k_open_accounts_confirms_exactly_those(seed, pick):
    old = analysed(seed)
    open_refs = [a.ref for a in old.accounts if a.is_open]
    rng = random.Random(pick)
    settled = set(rng.sample(open_refs, rng.randint(0, len(open_refs))))
    new = replace(old, accounts=tuple(
        replace(a, status=Status.SETTLED, status_raw="结清", balance=None, closed_on="2099-01-01") if a.ref in settled else a
        for a in old.accounts), agreements=())
    confirmed = {i.old_ref for i in compare(old, new).items if i.verdict == "confirmed" and i.old_ref.startswith("A")}
    assert confirmed == settled


def test_closed_then_open_again_is_reopened():
    old = analysed(3)
    closed = next((a for a in old.accounts if not a.is_open), None)
    if closed is None:
        pytest.fail("seed 3 has no closed account")
    new = replace(old, accounts=tuple(replace(a, status=Status.NORMAL, status_raw="正常") if a is closed else a
                                      for a in old.accounts))
    assert [(i.old_ref, i.verdict) for i in compare(old, new).items if i.verdict == "reopened"] == [(closed.ref, "reopened")]


def test_todo_csv_as_excel_leaves_it(tmp_path):
    path = tmp_path / "todo.csv"
    path.write_text("\ufeff序号,平台,放款机构,账户,操作,原因,涉及额度,操作步骤,客服电话,预计生效,匹配置信度,办理日期\r\n"
                    "1,京东金条,重庆京东盛际小额贷款有限公司,A3 P1,关闭额度/注销,x,,,,3-5个工作日,1.00,2025/6/1\r\n"
                    "2,'=evil,某机构,A4,联系机构,x,,,,,0.00,\r\n", encoding="utf-8")
    marks = read_todo_csv(path)
    assert marks[0].refs == ("A3", "P1") and marks[0].done_on == date(2025, 6, 1)
    assert marks[0].action == "close_credit_line" and marks[1].action == "contact_lender"
    assert marks[0].expected_update_days == 7
    assert marks[1].platform == "=evil" and marks[1].done_on is None


def test_todo_csv_without_the_columns_is_a_usage_error(tmp_path):
    path = tmp_path / "todo.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UsageError):
        read_todo_csv(path)


def test_cli_compare_groups_and_strict_exit():
    runner = CliRunner()
    old, new = str(SAMPLES / "detailed-online.pdf"), str(SAMPLES / "compare-later.pdf")
    result = runner.invoke(cli, ["compare", old, new, "--todo", str(SAMPLES / "compare-online.todo.csv")])
    assert result.exit_code == 0, result.output
    for title in ("已确认关闭", "仍未关闭", "等待更新", "新增账户", "下一步："):
        assert title in result.output
    next_steps = result.output.split("下一步：")[1]
    lines = {}  # ref → its whole (wrapped) step text
    for line in next_steps.strip("\n").splitlines():
        if re.match(r"^  [AP]\d+ ", line):
            ref = line.split()[0]
            lines[ref] = line
        else:
            lines[ref] += line.strip()
    todo = {row["账户"]: row["操作"] for row in csv.DictReader(
        (SAMPLES / "compare-online.todo.csv").read_text(encoding="utf-8-sig").splitlines())}
    for ref, line in lines.items():
        action = next(a for refs, a in todo.items() if ref in refs.split())
        assert ("先还清欠款，再：" in line) == (action == "repay_then_close"), line
    assert runner.invoke(cli, ["compare", old, new, "--strict"]).exit_code == 1
    data = json.loads(runner.invoke(cli, ["compare", old, new, "--format", "json"]).output)
    assert data["schema_version"] == 1 and set(data["totals"]) >= {"open_accounts_old", "open_accounts_new",
                                                                     "open_credit_limit_old", "open_credit_limit_new"}
    assert {"lender", "platform", "old_ref", "new_ref", "old_status", "new_status", "verdict"} <= set(data["items"][0])
    assert set(data["items"][0]) - {"lender", "platform", "old_ref", "new_ref", "old_status", "new_status", "verdict"} <= {
        "done_on", "proof", "next_step"}  # the 2026-12 additions only


def test_cli_compare_same_report_strict_passes_when_nothing_is_todo():
    clean = str(SAMPLES / "detailed-clean.pdf")
    assert CliRunner().invoke(cli, ["compare", clean, clean, "--strict"]).exit_code == 0


HEADER_ROW = ["序号", "平台", "放款机构", "账户", "操作", "原因", "涉及额度", "操作步骤", "客服电话", "预计生效", "匹配置信度", "办理日期"]


def resaved(tmp_path, dates: list[str], encoding: str = "utf-8-sig", delimiter: str = ",") -> list:
    """A to-do file as a spreadsheet re-saves it: one row per date, in ``encoding`` with ``delimiter``."""
    rows = [HEADER_ROW] + [[str(n), "京东金条", "重庆京东盛际小额贷款有限公司", f"A{n}", "关闭额度/注销", "", "", "", "", "", "", d]
                           for n, d in enumerate(dates, 1)]
    path = tmp_path / "todo.csv"
    path.write_bytes("\r\n".join(delimiter.join(r) for r in rows).encode(encoding))
    return read_todo_csv(path)


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-8", ","), ("gb18030", ","),
                                                     ("gb18030", ";"), ("utf-8-sig", "\t")])
def test_a_todo_file_resaved_by_a_spreadsheet_reads(tmp_path, encoding, delimiter):
    marks = resaved(tmp_path, ["2025-08-02", ""], encoding, delimiter)
    assert [m.refs for m in marks] == [("A1",), ("A2",)]
    assert marks[0].done_on == date(2025, 8, 2) and marks[0].lender == "重庆京东盛际小额贷款有限公司"
    assert marks[1].done_on is None and marks[1].date_note is None


@pytest.mark.parametrize("typed", ["2025-8-2", "2025/8/2", "2025.8.2", "2025年8月2日", "2025 年 8 月 2 日", "45871",
                                   "8/2/2025", "2025-08-02 00:00:00"])
def test_dates_as_people_type_them(tmp_path, typed):
    (mark,) = resaved(tmp_path, [typed])
    assert mark.done_on == date(2025, 8, 2)
    assert (mark.date_note is not None) == (typed == "8/2/2025")  # month first, as Excel writes it: said


def test_an_ambiguous_or_unreadable_date_is_reported_on_its_row(tmp_path):
    ambiguous, day_first, bad, impossible = resaved(tmp_path, ["8/2/2025", "13/2/2025", "下周", "2025-02-30"])
    assert ambiguous.done_on == date(2025, 8, 2) and "2025-08-02 或 2025-02-08" in ambiguous.date_note[0]
    assert day_first.done_on == date(2025, 2, 13) and day_first.date_note is None
    assert bad.done_on is None and "无法识别" in bad.date_note[0] and bad.row == 4
    assert impossible.done_on is None and "不是有效日期" in impossible.date_note[0]


def test_compare_shows_the_date_notes(tmp_path):
    kept = (SAMPLES / "compare-online.todo.csv").read_text(encoding="utf-8-sig").splitlines()
    kept[1] = kept[1][: kept[1].rindex(",") + 1] + "下周"
    path = tmp_path / "todo.csv"
    path.write_text("\r\n".join(kept), encoding="gb18030")
    result = CliRunner().invoke(cli, ["compare", str(SAMPLES / "detailed-online.pdf"), str(SAMPLES / "compare-later.pdf"),
                                      "--todo", str(path)])
    assert result.exit_code == 0, result.output
    assert "待办清单第 2 行：办理日期“下周”无法识别" in result.output
