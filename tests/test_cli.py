"""The command line: exit codes, one-line errors, masking, help text."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from creditgap.cli import cli
from tests.helpers import SAMPLES, load_truth


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_every_command_has_help_text():
    for name, command in cli.commands.items():
        assert command.help, name
        result = run(name, "--help")
        assert result.exit_code == 0


def test_analyze_table_lists_every_account_masked():
    result = run("analyze", str(SAMPLES / "detailed-online.pdf"), "--accounts")
    assert result.exit_code == 0, result.output
    truth = load_truth("detailed-online")
    assert truth["report"]["subject_id"] not in result.output
    assert truth["report"]["subject_name"] not in result.output
    for account in truth["accounts"]:
        assert f"\n{account['ref']} " in result.output


def test_analyze_json_follows_the_contract():
    result = run("analyze", str(SAMPLES / "detailed-kitchen.pdf"), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) >= {"schema_version", "source", "report", "accounts", "agreements", "inquiries", "checks",
                         "todo", "impact"}
    assert data["schema_version"] == 1
    assert data["source"]["file"] == "detailed-kitchen.pdf" and len(data["source"]["sha256"]) == 64
    name = load_truth("detailed-kitchen")["report"]["subject_name"]
    assert data["report"]["subject_name"] == name[0] + "*" * (len(name) - 1)
    assert "*" in data["report"]["subject_id"]
    account_keys = {"ref", "family", "lender", "opened", "due", "amount", "credit_limit", "currency", "business_type",
                    "status", "status_raw", "is_open", "balance", "used", "as_of", "closed_on", "account_id",
                    "agreement_id", "card_tail", "overdue_months_5y", "page", "platforms",
                    "ocr_doubt",  # an addition (issue 18): a value read by OCR with doubt
                    "five_class", "shared_limit",  # additions (issue 22): 五级分类 and 共享授信额度 where the 详版 prints them
                    "where"}  # an addition (issue 27): the record's page and box on the report
    assert all(set(a) == account_keys for a in data["accounts"])
    # read from the text layer: no page by OCR, nothing doubtful
    assert data["source"]["ocr_pages"] == [] and not any(a["ocr_doubt"] for a in data["accounts"])
    assert all(g["ocr_doubt"] is False for g in data["agreements"] + data["liabilities"])


def test_show_pii_unmasks():
    result = run("analyze", str(SAMPLES / "detailed-clean.pdf"), "--format", "json", "--show-pii")
    assert json.loads(result.output)["report"]["subject_id"] == load_truth("detailed-clean")["report"]["subject_id"]


@pytest.mark.parametrize("content, code", [(None, 2), (b"", 3), (b"hello, not a pdf", 3)])
def test_bad_input_gets_exit_code_and_one_line(tmp_path, content, code):
    path = tmp_path / "x.pdf"
    if content is not None:
        path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.exit_code == code
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_pdf_that_is_not_a_credit_report_exits_6(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "letter.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    c.drawString(72, 720, "Dear customer, your invoice is attached.")
    c.save()
    result = run("analyze", str(path), "--lang", "en")
    assert result.exit_code == 6
    assert result.output.strip() == ("Error: This PDF is not a PBOC personal credit report. Use the report downloaded "
                                     "from the credit centre, a bank app or UnionPay.")


def test_lenders_command_shows_candidates_with_scores():
    result = run("lenders", "京东盛际小贷")
    assert result.exit_code == 0
    assert "京东金条" in result.output and "100.0" in result.output and "简称/曾用名" in result.output
    assert "alias" in run("lenders", "京东盛际小贷", "--lang", "en").output


def test_lenders_command_unknown_name():
    result = run("lenders", "某某村镇银行", "--lang", "en")
    assert result.exit_code == 0
    assert "No known platform" in result.output


def test_mapping_option_overrides_bundled_rows(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("lender,aliases,platform\n深圳前海微众银行股份有限公司,,测试平台\n", encoding="utf-8")
    result = run("lenders", "微众银行", "--mapping", str(extra))
    assert "测试平台" in result.output
    data = json.loads(run("analyze", str(SAMPLES / "detailed-online.pdf"), "--format", "json", "--mapping",
                          str(extra)).output)
    webank = [a for a in data["accounts"] if a["lender"] == "深圳前海微众银行股份有限公司"]
    assert webank and all(a["platforms"][0]["platform"] == "测试平台" for a in webank)


def test_bad_mapping_file_is_a_usage_error(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("name,app\nx,y\n", encoding="utf-8")
    result = run("lenders", "微众银行", "--mapping", str(extra))
    assert result.exit_code == 2
    assert "缺少列" in result.output


def test_analyze_json_carries_platforms():
    data = json.loads(run("analyze", str(SAMPLES / "detailed-online.pdf"), "--format", "json").output)
    jd = next(a for a in data["accounts"] if a["lender"] == "重庆京东盛际小额贷款有限公司")
    assert jd["platforms"][0] == {"platform": "京东金条", "score": 100.0, "via": "exact", "evidence": []}


def test_csv_export_opens_as_the_contract_says(tmp_path):
    import pandas as pd

    out = tmp_path / "todo.csv"
    result = run("analyze", str(SAMPLES / "detailed-online.pdf"), "--csv", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    # the contract's columns in its order; ours (the report it came from, read whole or not) after them
    assert list(frame.columns) == ["序号", "平台", "放款机构", "账户", "操作", "原因", "涉及额度", "操作步骤", "客服电话",
                                   "预计生效", "匹配置信度", "办理日期", "报告编号", "读取完整", "识别存疑", "凭证/备注"]
    truth = load_truth("detailed-online")
    assert len(frame) == len(truth["expected_todo"])
    assert (frame["办理日期"] == "").all()
    assert set(frame["报告编号"]) == {truth["report"]["report_no"]} and set(frame["读取完整"]) == {"是"}
    assert set(frame["识别存疑"]) == {""}  # read from the text layer: nothing doubtful
    assert "京东金条" in set(frame["平台"])


def test_csv_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "todo.csv"
    out.write_text("mine", encoding="utf-8")
    result = run("analyze", str(SAMPLES / "detailed-online.pdf"), "--csv", str(out))
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "mine"
    assert run("analyze", str(SAMPLES / "detailed-online.pdf"), "--csv", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8-sig").startswith("序号")
    assert [p.name for p in tmp_path.iterdir()] == ["todo.csv"]  # no temporary file left behind


def test_formula_cells_come_back_as_text(tmp_path):
    import pandas as pd

    extra = tmp_path / "extra.csv"
    extra.write_text('lender,aliases,platform\n重庆京东盛际小额贷款有限公司,,"=HYPERLINK(""http://x"",""y"")"\n',
                     encoding="utf-8")
    out = tmp_path / "todo.csv"
    assert run("analyze", str(SAMPLES / "detailed-online.pdf"), "--mapping", str(extra), "--csv", str(out)).exit_code == 0
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    crafted = [p for p in frame["平台"] if "HYPERLINK" in p]
    assert crafted and all(p.startswith("'=") for p in crafted)


def test_format_csv_on_stdout_with_english_headers():
    result = run("analyze", str(SAMPLES / "detailed-online.pdf"), "--format", "csv", "--lang", "en")
    assert result.exit_code == 0
    # not a terminal (a file or a pipe): the BOM first, so that Excel reads UTF-8
    assert result.output.startswith("\ufeff")
    assert result.output[1:].splitlines()[0] == ("id,platform,lender,accounts,action,reason,credit_limit,steps,phone,"
                                                 "expected_update,confidence,done_on,report_no,complete,ocr_doubt,proof/notes")


COMMANDS = {  # a valid start of each command, to which a bad option is added
    "analyze": [str(SAMPLES / "detailed-clean.pdf")],
    "compare": [str(SAMPLES / "detailed-clean.pdf"), str(SAMPLES / "detailed-clean.pdf")],
    "lenders": ["京东"],
    "batch": [str(SAMPLES / "detailed-clean.pdf")],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_usage_errors_are_one_line_in_the_language_asked(command):
    cases = [(["--bogus"], "错误：没有这个选项：--bogus"),
             (["--bogus", "--lang", "en"], "Error: No such option '--bogus'"),
             (["--lang", "fr"], "错误：'--lang' 只能是：zh、en")]  # a language we do not speak: the default's
    for extra, expected in cases:
        result = run(command, *COMMANDS[command], *extra)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(expected), lines
        assert f"creditgap {command} --help" in lines[0]


def test_a_missing_argument_and_an_unknown_command_are_one_line():
    for args, expected in ((["analyze"], "错误：缺少参数 REPORT"), (["nonsense"], "错误：没有这个命令：nonsense"),
                           (["analyze", "x.pdf", "--format", "xml"], "错误：'--format' 只能是：table、json、csv")):
        result = run(*args)
        assert result.exit_code == 2 and result.output.strip().splitlines() == [result.output.strip()]
        assert result.output.startswith(expected), result.output


def test_library_warnings_stay_off_stderr_unless_verbose(tmp_path):
    """pdfminer logs 'Not adding object … to xref' on slightly damaged files; stderr is for our one line."""
    import subprocess
    import sys

    data = bytearray((SAMPLES / "simplified-online.pdf").read_bytes())
    at = data.index(b"\nxref\n") + 6 + 5 + 20 + 6  # inside the offset of object 1 ("0000000061")
    data[at:at + 3] = b"&&&"  # a damaged xref entry: pdfminer warns, and repairs
    path = tmp_path / "warn.pdf"
    path.write_bytes(bytes(data))
    base = [sys.executable, "-m", "creditgap"]
    quiet = subprocess.run([*base, "analyze", str(path), "--engine", "pdfplumber"], capture_output=True, text=True)
    loud = subprocess.run([*base, "--verbose", "analyze", str(path), "--engine", "pdfplumber"], capture_output=True, text=True)
    assert quiet.returncode == loud.returncode
    assert "xref" in loud.stderr
    assert "xref" not in quiet.stderr and len(quiet.stderr.strip().splitlines()) <= 1


def test_compare_help_says_which_report_is_which():
    text = run("compare", "--help").output
    assert "较早打印" in text and "OLD is the earlier report" in text and "analyze OLD.pdf" in text


def test_terminal_view_fits_100_columns_and_ends_with_the_impact_and_what_next():
    from creditgap.outputs.text import width

    result = run("analyze", str(SAMPLES / "detailed-online.pdf"))
    assert all(width(line) <= 100 for line in result.output.splitlines())
    paragraphs = result.output.strip().split("\n\n")
    assert paragraphs[-2].startswith("全部办完后：未结清/未销户账户从")
    assert "creditgap compare" in " ".join(paragraphs[-1].splitlines())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sample", ["detailed-kitchen", "simplified-kitchen", "simplified-online"])
def test_every_view_fits_the_width_and_hides_nothing(sample, lang):
    """Tables give way column by column, prose wraps with its indent, the update text is whole somewhere."""
    from creditgap.outputs.text import width

    pdf = str(SAMPLES / f"{sample}.pdf")
    output = run("analyze", pdf, "--accounts", "--include-cards", "--readiness", "--lang", lang).output
    assert all(width(line) <= 100 for line in output.splitlines()), max(output.splitlines(), key=width)
    data = json.loads(run("analyze", pdf, "--format", "json", "--include-cards").output)
    flat = "".join(line.strip() for line in output.splitlines())
    for item in data["todo"]:
        if item["expected_update"]:
            assert item["expected_update"] in flat  # cut in the table, whole in the item's details
        if item["steps"]:
            assert item["steps"] in flat
    steps = [n for n, line in enumerate(output.splitlines()) if line.startswith(("   步骤：", "   steps: "))]
    lines = output.splitlines()
    for n in steps:  # a continuation line is indented under the text, never flush left
        if n + 1 < len(lines) and lines[n + 1] and not lines[n + 1].lstrip().startswith(("电话", "phone", "预计", "shows")):
            assert lines[n + 1].startswith(" ") or lines[n + 1][0].isdigit()
    if lang == "zh":
        account_rows = output.split("编号  类别")[1].splitlines()[2:]
        assert not any(word in row for row in account_rows for word in (" normal ", " settled ", " inactive "))


def test_narrow_tables_give_way_widest_column_first():
    from creditgap.outputs.text import table, width

    rows = [["1", "重庆京东盛际小额贷款有限公司" * 2, "关闭额度/注销", "次月征信更新（机构按月报送，约1个月）"]]
    text = table(["#", "lender", "action", "update"], rows, max_width=60)
    assert all(width(line) <= 60 for line in text.splitlines())
    assert "关闭额度/注销" in text  # the short column kept whole; the long ones cut with …
    assert "…" in text.splitlines()[2]


def test_json_todo_and_impact_are_filled():
    data = json.loads(run("analyze", str(SAMPLES / "detailed-online.pdf"), "--format", "json").output)
    assert data["todo"] and data["impact"]["open_accounts_after"] < data["impact"]["open_accounts_before"]
    assert set(data["todo"][0]) == {"id", "platform", "lender", "accounts", "agreements", "action", "reason",
                                    "credit_limit", "steps", "phone", "expected_update", "expected_update_days",
                                    "confidence"}


def test_wrapping_never_starts_a_line_with_a_closing_mark_nor_passes_the_width():
    from creditgap.outputs.text import CLOSING_MARKS, width, wrapped

    text = "可能是京东金条，也可能是京东白条。办理前可以问：“请问这笔贷款是通过哪个平台借的？”好的。see creditgap compare"
    for columns in range(16, 70):
        lines = wrapped("步骤：", text, max_width=columns)
        assert "".join(lines).replace(" ", "").replace("步骤：", "", 1) == text.replace(" ", "")  # nothing lost
        for line in lines[1:]:
            assert line.strip()[0] not in CLOSING_MARKS, (columns, line)
        assert all(width(line) <= columns for line in lines), columns
