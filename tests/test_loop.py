"""The whole loop for a person (issue 27): one visit per app (grouped in the terminal, the page and the
待办 sheet), keep proof (凭证/备注, read back by compare --todo), escalate what did not close (next_step),
and a workbook that prints one page wide."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from creditgap.api import analyze_report, compare_files
from creditgap.cli import cli
from creditgap.judge.compare import NEXT_STEP_COLUMNS, next_step_rows
from creditgap.outputs.csv_out import todo_csv
from creditgap.outputs.terminal import analysis_view
from creditgap.outputs.todo_rows import todo_groups
from creditgap.outputs.xlsx import todo_workbook
from creditgap.web.app import create_app
from tests.helpers import SAMPLES

# every sample read from its text layer (the scan is OCR's, and slow)
TEXT_SAMPLES = ["detailed-online", "detailed-kitchen", "detailed-statuses", "simplified-online", "simplified-kitchen",
                "simplified-gen1", "compare-later"]
OLD, NEW = SAMPLES / "detailed-online.pdf", SAMPLES / "compare-later.pdf"


@pytest.fixture(scope="module")
def reports():
    return {name: analyze_report(SAMPLES / f"{name}.pdf") for name in TEXT_SAMPLES}


@pytest.fixture(scope="module")
def pages():
    client = TestClient(create_app(port=8765), base_url="http://127.0.0.1:8765", headers={"origin": "http://127.0.0.1:8765"})
    out = {}
    for name in ("detailed-online", "simplified-online"):
        response = client.post("/analyze", files={"report": (f"{name}.pdf", (SAMPLES / f"{name}.pdf").read_bytes(),
                                                              "application/pdf")})
        assert response.status_code == 200
        out[name] = response.text
    return out


def shared_platforms(report):
    """Platforms with two or more items, and the steps they share."""
    return {g.platform: g.steps for g in todo_groups(report.todo) if g.platform and len(g.items) >= 2 and g.steps}


def test_the_samples_have_apps_with_several_items(reports):
    # the point of grouping: 度小满 three times, 美团借钱 and 京东金条 twice on the online 详版 (the count)
    counts = {g.platform: len(g.items) for g in todo_groups(reports["detailed-online"].todo)}
    assert counts["度小满"] == 3 and counts["美团借钱"] == 2 and counts["京东金条"] == 2
    assert sum(len(shared_platforms(r)) for r in reports.values()) >= 4


def test_groups_keep_every_item_once_in_order_of_their_most_important_item(reports):
    for report in reports.values():
        groups = todo_groups(report.todo)
        assert sorted(t.id for g in groups for t in g.items) == [t.id for t in report.todo]
        firsts = [min(t.id for t in g.items) for g in groups]
        assert firsts == sorted(firsts)
        for g in groups:
            assert g.platform is not None or len(g.items) == 1  # an unknown platform's item stands alone
            assert all(t.platform == g.platform for t in g.items)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_app_s_steps_show_once_in_the_terminal(reports, lang):
    for name, report in reports.items():
        view = analysis_view(report, lang)
        for platform, steps in shared_platforms(report).items():
            assert view.replace("\n", "").replace(" ", "").count(steps.replace(" ", "")) == 1, (name, platform)
        if any(t.platform is None for t in report.todo):
            assert ("未知" if lang == "zh" else "unknown") in view


def test_each_app_s_steps_show_once_on_the_page(reports, pages):
    import html as html_lib

    for name, page in pages.items():
        text = html_lib.unescape(page)
        shared = shared_platforms(reports[name])
        assert shared or name != "detailed-online"
        for platform, steps in shared.items():
            assert text.count(steps) == 1, (name, platform)
        assert text.count('<section class="app') == len(todo_groups(reports[name].todo))
        assert text.count('<article class="card') == len(reports[name].todo)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_app_s_steps_show_once_in_the_todo_sheet_which_prints_one_page_wide(reports, lang):
    for name, report in reports.items():
        ws = openpyxl.load_workbook(io.BytesIO(todo_workbook(report, lang))).worksheets[0]
        cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        for platform, steps in shared_platforms(report).items():
            assert cells.count(steps) == 1, (name, platform)
        items = [row for row in ws.iter_rows(min_row=2, values_only=True) if row[0] is not None]
        assert sorted(row[0] for row in items) == [t.id for t in report.todo]
        assert all(row[1] for row in items)  # a platform on every item: 未知 where none is known
        unknown = {t.id for t in report.todo if t.platform is None}
        assert {row[0] for row in items if row[1] == ("未知" if lang == "zh" else "unknown")} == unknown
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$1:$1"
        assert all(c.alignment.wrap_text for row in ws.iter_rows(min_row=2) for c in row if c.value)


def test_the_csv_stays_one_row_per_item_with_the_proof_column_last(reports):
    report = reports["detailed-online"]
    rows = list(csv.reader(io.StringIO(todo_csv(report, notes={1: "截图 IMG_0412.png 工单 88231"}))))
    assert rows[0][-1] == "凭证/备注" and len(rows) == len(report.todo) + 1
    assert [r[0] for r in rows[1:]] == [str(t.id) for t in report.todo]
    assert rows[1][-1] == "截图 IMG_0412.png 工单 88231" and all(r[-1] == "" for r in rows[2:])
    assert list(csv.reader(io.StringIO(todo_csv(report, "en"))))[0][-1] == "proof/notes"


def _filled(report):
    """Dates and proof for the items of the pair's to-do list (A11 done early enough to be overdue)."""
    by_ref = {ref: t.id for t in report.todo for ref in t.accounts + t.agreements}
    done = {by_ref["A11"]: date(2025, 3, 23), by_ref["A9"]: date(2025, 7, 20)}
    notes = {by_ref["A11"]: "=注销成功截图 IMG_7.png，客服工号 3321", by_ref["A9"]: "工单 A-77"}
    return done, notes


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_proof_round_trips_through_compare_and_still_open_items_carry_next_step(reports, tmp_path, kind):
    report = reports["detailed-online"]
    done, notes = _filled(report)
    path = tmp_path / f"todo.{kind}"
    if kind == "csv":
        path.write_text("\ufeff" + todo_csv(report, done=done, notes=notes), encoding="utf-8")
    else:
        path.write_bytes(todo_workbook(report, done=done, notes=notes))
    result, _, _ = compare_files(OLD, NEW, path)
    by_ref = {i.old_ref: i for i in result.items}
    assert by_ref["A11"].verdict == "still_open" and by_ref["A11"].proof == "=注销成功截图 IMG_7.png，客服工号 3321"
    assert by_ref["A11"].done_on == date(2025, 3, 23)
    zh, en = by_ref["A11"].next_step
    assert "2025-03-23" in zh and "客服工号 3321" in zh and "12378" in zh and "征信异议" in zh and "20 日" in zh
    assert "2025-03-23" in en and "12378" in en and "not legal advice" in en
    assert all(i.next_step for i in result.items if i.verdict in ("still_open", "not_found"))
    assert not any(i.next_step for i in result.items if i.verdict not in ("still_open", "not_found"))
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["compare", str(OLD), str(NEW), "--todo", str(path), "--format", "json"]).output)
    items = {i["old_ref"]: i for i in data["items"]}
    assert items["A11"]["proof"] == "=注销成功截图 IMG_7.png，客服工号 3321" and items["A11"]["done_on"] == "2025-03-23"
    assert "12378" in items["A11"]["next_step"]
    assert all("next_step" in i for i in data["items"] if i["verdict"] in ("still_open", "not_found"))
    text = runner.invoke(cli, ["compare", str(OLD), str(NEW), "--todo", str(path)]).output
    assert "凭证/备注：=注销成功截图 IMG_7.png，客服工号 3321" in text.replace("\n            ", "")
    assert "凭证/备注：工单 A-77" in text  # a pending item shows its proof too
    assert text.count("12378") == sum(1 for i in result.items if i.verdict == "still_open")


def test_the_compare_page_shows_proof_and_the_route(reports, tmp_path):
    report = reports["detailed-online"]
    done, notes = _filled(report)
    client = TestClient(create_app(port=8765), base_url="http://127.0.0.1:8765", headers={"origin": "http://127.0.0.1:8765"})
    files = {"old": ("old.pdf", OLD.read_bytes(), "application/pdf"), "new": ("new.pdf", NEW.read_bytes(), "application/pdf"),
             "todo": ("todo.csv", ("\ufeff" + todo_csv(report, done=done, notes=notes)).encode(), "text/csv")}
    html = client.post("/compare", files=files).text
    assert "注销成功截图 IMG_7.png，客服工号 3321" in html and "工单 A-77" in html
    assert html.count('<ol class="route">') == sum(1 for i in compare_files(OLD, NEW)[0].items if i.next_step)
    assert "12378" in html


def test_the_page_carries_proof_into_the_download(pages):
    import re

    page = pages["detailed-online"]
    client = TestClient(create_app(port=8765), base_url="http://127.0.0.1:8765", headers={"origin": "http://127.0.0.1:8765"})
    # the page's store is per app: analyse again on this client's app
    page = client.post("/analyze", files={"report": ("d.pdf", OLD.read_bytes(), "application/pdf")}).text
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    ids = re.findall(r'name="proof_(\d+)"', page)
    assert len(ids) == len(re.findall(r'name="done_(\d+)"', page)) > 0
    data = client.post("/download", data={"token": token, "format": "csv", f"proof_{ids[0]}": " 工单\n 991 "}).content
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert {r[0]: r[-1] for r in rows[1:]}[ids[0]] == "工单 991"


def test_every_next_step_is_sourced_and_names_the_usual_route():
    rows = next_step_rows()
    assert {r["step"] for r in rows} >= {"call", "objection", "complaint", "look"}
    for r in rows:
        assert set(r) == set(NEXT_STEP_COLUMNS) and r["wording_zh"] and r["wording_en"] and r["recorded"]
        assert r["source_title"]
        if r["step"] != "look":  # the look by hand is creditgap's own rule (an absence is never a closure)
            assert all(u.strip().startswith("http") for u in r["source_url"].split(";"))
    by_step = {r["step"]: r for r in rows}
    assert "20 日" in by_step["objection"]["wording_zh"] and "12378" in by_step["complaint"]["wording_zh"]
