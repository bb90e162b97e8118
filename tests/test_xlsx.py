"""analyze --xlsx: the workbook read back with openpyxl (types, validation, widths, frozen header),
and round-tripped through compare --todo."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest
from click.testing import CliRunner

from creditgap.api import analyze_report, compare_files
from creditgap.cli import cli
from creditgap.model import Check
from creditgap.outputs.todo_file import read_todo_csv
from creditgap.outputs.todo_rows import CSV_HEADERS
from creditgap.outputs.wording import PARTIAL_READ
from creditgap.outputs.xlsx import todo_workbook
from tests.helpers import SAMPLES, load_truth

OLD, NEW = SAMPLES / "detailed-online.pdf", SAMPLES / "compare-later.pdf"


@pytest.fixture(scope="module")
def report():
    return analyze_report(OLD)


def book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def verdicts(result):
    return sorted((str(i.old_ref), str(i.new_ref), i.verdict) for i in result.items)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_todo_sheet_has_the_csv_columns_with_real_types(report, lang):
    wb = book(todo_workbook(report, lang))
    assert wb.sheetnames == (["待办", "账户", "说明", "体检"] if lang == "zh" else ["To do", "Accounts", "How to use", "Check-up"])
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == CSV_HEADERS[lang]
    assert ws.freeze_panes == "A2"
    items = item_rows(ws)
    assert sorted(row[0].value for row in items) == [t.id for t in report.todo]  # every item once, grouped by app
    by_id = {t.id: t for t in report.todo}
    for row in items:
        t = by_id[row[0].value]
        assert row[0].data_type == "n"
        assert row[6].value == t.credit_limit
        if t.credit_limit is not None:
            assert isinstance(row[6].value, int) and row[6].number_format == "#,##0"
        if t.phone and t.platform is None:  # an unknown platform's item keeps its own phone
            assert row[8].value == t.phone and row[8].data_type == "s" and row[8].number_format == "@"
        assert row[7].alignment.wrap_text
        assert isinstance(row[10].value, int | float) and 0 <= row[10].value <= 1
        assert row[11].value is None and row[11].number_format == "yyyy-mm-dd"
        assert row[12].value == report.header.report_no
        assert row[15].value is None  # 凭证/备注: for the person to fill in
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert widths["A"] < widths["F"] and widths["H"] >= 40 and all(widths[c] > 0 for c in "ABCDEFGHIJKLMN")
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "date" and dv.showErrorMessage and dv.errorStyle == "stop"
    assert str(dv.sqref).startswith("L2:L")


def test_the_accounts_sheet_lists_every_account_and_the_guide_is_masked(report):
    wb = book(todo_workbook(report))
    accounts = wb["账户"]
    assert [r[0] for r in accounts.iter_rows(min_row=2, values_only=True)] == [a.ref for a in report.accounts]
    opened = [r[4] for r in accounts.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, datetime) for v in opened if v is not None)
    guide = "\n".join(str(c.value or "") for c in wb["说明"]["A"])
    truth = load_truth("detailed-online")["report"]
    assert truth["subject_name"] not in guide and truth["subject_id"] not in guide
    assert "办理日期" in guide and "creditgap compare" in guide
    assert PARTIAL_READ[0] not in guide


def test_a_partial_read_says_so_first_in_the_guide_and_in_a_last_row(report):
    partial = replace(report, checks=report.checks + (Check("error", "summary_mismatch", "少读了一个账户"),))
    wb = book(todo_workbook(partial))
    assert wb["说明"]["A1"].value == PARTIAL_READ[0]
    ws = wb["待办"]
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] is None and last[3] is None and last[5] == PARTIAL_READ[0] and last[13] == "否"
    assert len(read_todo_csv_rows(wb)) == len(report.todo)  # the note row is not an item


def item_rows(ws):
    """The item rows of the 待办 sheet (a 序号), not the header, the apps' heading rows or a note row."""
    return [row for row in ws.iter_rows(min_row=2) if row[0].value is not None]


def first_item_row(ws) -> int:
    return item_rows(ws)[0][0].row


def read_todo_csv_rows(wb, tmp=None):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.xlsx"
        wb.save(path)
        return read_todo_csv(path)


def test_formula_like_text_stays_text(report):
    odd = replace(report, todo=(replace(report.todo[0], lender="=HYPERLINK(\"http://x\")", steps="+86 电话"),))
    ws = book(todo_workbook(odd)).worksheets[0]
    n = first_item_row(ws)
    assert ws[f"C{n}"].data_type == "s" and ws[f"C{n}"].value.startswith("=")
    assert ws["H2"].data_type == "s" and ws["H2"].value == "+86 电话"  # the steps, on the app's heading row


def test_cli_writes_atomically_and_never_over_a_file_without_force(tmp_path):
    out = tmp_path / "todo.xlsx"
    runner = CliRunner()
    assert runner.invoke(cli, ["analyze", str(OLD), "--xlsx", str(out)]).exit_code == 0
    assert book(out.read_bytes()).sheetnames == ["待办", "账户", "说明", "体检"]
    again = runner.invoke(cli, ["analyze", str(OLD), "--xlsx", str(out), "--lang", "en"])
    assert again.exit_code == 2 and "already exists" in again.output and len(again.output.strip().splitlines()) == 1
    assert runner.invoke(cli, ["analyze", str(OLD), "--xlsx", str(out), "--force", "--lang", "en"]).exit_code == 0
    assert book(out.read_bytes()).sheetnames[0] == "To do"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["todo.xlsx"]  # no temporary file left


def test_round_trip_through_compare_equals_the_csv(report, tmp_path):
    """The committed to-do CSV of the pair (one item with a date) against the same list as a workbook."""
    csv_marks = read_todo_csv(SAMPLES / "compare-online.todo.csv")
    dated = {m.refs: m.done_on for m in csv_marks if m.done_on}
    assert dated
    done = {t.id: dated[t.accounts + t.agreements] for t in report.todo if t.accounts + t.agreements in dated}
    path = tmp_path / "todo.xlsx"
    path.write_bytes(todo_workbook(report, done=done))
    marks = read_todo_csv(path)
    assert {m.refs: m.done_on for m in marks if m.done_on} == dated
    by_csv, _, _ = compare_files(OLD, NEW, SAMPLES / "compare-online.todo.csv")
    by_xlsx, _, _ = compare_files(OLD, NEW, path)
    assert verdicts(by_xlsx) == verdicts(by_csv) and "pending" in {v for *_, v in verdicts(by_xlsx)}
    result = CliRunner().invoke(cli, ["compare", str(OLD), str(NEW), "--todo", str(path)])
    assert result.exit_code == 0 and "等待更新" in result.output


@pytest.mark.parametrize("typed", ["2025年3月23日", "2025/3/23", 45739, "2025-03-23"])
def test_a_date_typed_as_text_or_a_serial_number_reads(report, tmp_path, typed):
    path = tmp_path / "todo.xlsx"
    wb = book(todo_workbook(report))
    ws = wb.worksheets[0]
    ws.cell(row=first_item_row(ws), column=12).value = typed
    wb.save(path)
    marks = read_todo_csv(path)
    assert marks[0].done_on == date(2025, 3, 23) and marks[0].date_note is None


def test_an_unreadable_date_is_a_note_and_a_broken_file_one_line(report, tmp_path):
    path = tmp_path / "todo.xlsx"
    wb = book(todo_workbook(report, "en"))
    wb.worksheets[0].cell(row=first_item_row(wb.worksheets[0]), column=12).value = "last tuesday"
    wb.save(path)
    marks = read_todo_csv(path)
    assert marks[0].done_on is None and marks[0].date_note
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(cli, ["compare", str(OLD), str(NEW), "--todo", str(bad)])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_the_checkup_sheet_holds_every_readiness_figure_now_and_after():
    from creditgap.outputs.xlsx import todo_workbook

    report = analyze_report(SAMPLES / "detailed-kitchen.pdf")
    book = openpyxl.load_workbook(io.BytesIO(todo_workbook(report)))
    assert book.sheetnames[-1] == "体检"
    rows = list(book["体检"].iter_rows(values_only=True))
    assert rows[0][0].startswith("体检：")
    start = next(n for n, row in enumerate(rows) if row[:3] == ("数字", "现在", "待办办完后"))
    table = {row[0]: (row[1], row[2]) for row in rows[start + 1:]}
    figures = report.readiness.to_json("zh")["figures"]
    assert table == {name: (pair["now"], pair["after"]) for name, pair in figures.items()}
