"""Bad input, limits, privacy and fuzzing: every failure is one line with its exit code."""

from __future__ import annotations

import json
import random
import socket
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from reportlab.pdfgen import canvas

from creditgap import fields as F
from creditgap.cli import cli
from creditgap.errors import LimitError
from creditgap.parse.layouts import LAYOUTS, parse_report
from creditgap.parse.simplified import SentenceError, parse_sentence
from creditgap.read.document import PdfText
from creditgap.read.items import TextSettings
from samples.pdfkit import FONT
from tests.helpers import SAMPLES, TextDoc, load_truth
from tests.test_simplified import HEADER, TEMPLATES

DOCUMENTED_EXITS = {0, 2, 3, 4, 5, 6}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def text_pdf(path: Path, lines: list[str]) -> Path:
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont(FONT, 11)
    for i, line in enumerate(lines):
        c.drawString(60, 780 - 18 * i, line)
    c.save()
    return path


def make_case(kind: str, tmp: Path) -> Path:
    sample = SAMPLES / "simplified-online.pdf"
    path = tmp / f"{kind}.pdf"
    if kind == "missing":
        return path
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "not_pdf":
        path.write_bytes("姓名,证件号码\n张三,110101\n".encode())
    elif kind == "truncated":
        data = sample.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind in ("encrypted", "wrong_password"):
        with pikepdf.open(sample) as pdf:
            pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="secret", R=6))
    elif kind == "scan":
        c = canvas.Canvas(str(path), invariant=1)
        c.rect(50, 50, 400, 600, fill=1)
        c.save()
    elif kind == "enterprise":
        text_pdf(path, ["企业信用报告（自主查询版）", "中征码：3201050000000001", "统一社会信用代码：91310000000000000X"])
    elif kind == "other_pdf":
        text_pdf(path, ["电费账单", "户号：1234567"])
    elif kind == "unsupported_layout":
        text_pdf(path, ["个人信用报告", "(授信机构版)", "数字解读 650"])
    return path


CASES = [  # kind, extra args, exit code, words the Chinese line must contain, words of the English line
    ("missing", [], 2, "找不到文件", "not found"),
    ("directory", [], 2, "文件夹", "folder"),
    ("empty", [], 3, "0 字节", "empty"),
    ("not_pdf", [], 3, "不是 PDF", "not a PDF"),
    ("truncated", [], 3, "损坏", "damaged"),
    ("encrypted", [], 4, "--password", "--password"),
    ("wrong_password", ["--password", "nope"], 4, "密码不对", "Wrong password"),
    ("scan", [], 5, "OCR", "OCR"),
    ("enterprise", [], 6, "企业信用报告", "enterprise"),
    ("other_pdf", [], 6, "不是人民银行个人信用报告", "not a PBOC personal credit report"),
    ("unsupported_layout", [], 6, "版式暂不支持", "not supported"),
]


@pytest.mark.parametrize("kind, args, code, zh, en", CASES, ids=[c[0] for c in CASES])
def test_each_failure_mode_is_one_line_in_both_languages(tmp_path, kind, args, code, zh, en):
    path = make_case(kind, tmp_path)
    assert zh in one_line_error(run("analyze", str(path), *args), code)
    assert en in one_line_error(run("analyze", str(path), *args, "--lang", "en"), code)


def test_the_right_password_opens_it(tmp_path):
    path = make_case("encrypted", tmp_path)
    result = run("analyze", str(path), "--password", "secret")
    assert result.exit_code == 0 and "待办清单" in result.output


def test_page_limit(tmp_path):
    line = one_line_error(run("analyze", str(SAMPLES / "detailed-online.pdf"), "--max-pages", "3"), 2)
    assert "--max-pages" in line


def test_time_limit_stops_reading():
    with pytest.raises(LimitError) as error:
        parse_report(SAMPLES / "detailed-online.pdf", settings=TextSettings(time_limit=1e-9))
    assert "--timeout" in error.value.message("zh")


@pytest.mark.parametrize("engine", ["pdfplumber", "auto"])
def test_pages_are_closed_after_use(engine):
    with PdfText(SAMPLES / "detailed-kitchen.pdf", settings=TextSettings(engine=engine)) as doc:
        for i in range(doc.page_count):
            doc.items(i)
        if engine == "auto":  # pdfium read every page: pdfplumber was never opened, pdfminer never parsed
            assert doc._pdf is None and doc.fast_pages == set(range(doc.page_count))
            return
        # pdfplumber's Page.close() drops the cached layout and objects
        assert not any(hasattr(page, p) for page in doc._pdf.pages for p in page.cached_properties)


def test_no_network_is_used(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network use")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for name in ("detailed-online", "simplified-gen1"):
        assert run("analyze", str(SAMPLES / f"{name}.pdf"), "--format", "json").exit_code == 0


@pytest.mark.parametrize("name", ["detailed-clean", "simplified-online", "simplified-gen1"])
def test_name_and_id_never_leave_unmasked(tmp_path, name):
    truth = load_truth(name)["report"]
    id_no = truth["subject_id"]
    # the middle of the ID number (a 1st-generation report itself prints only the last 4)
    secret = [truth["subject_name"]] + ([id_no[4:-4]] if "*" not in id_no else [])
    pdf = str(SAMPLES / f"{name}.pdf")
    outputs = [run("analyze", pdf).output, run("analyze", pdf, "--accounts", "--lang", "en").output,
               run("analyze", pdf, "--format", "json").output, run("analyze", pdf, "--format", "csv").output,
               run("compare", pdf, pdf).output, run("compare", pdf, pdf, "--format", "json").output]
    run("analyze", pdf, "--csv", str(tmp_path / "t.csv"))
    outputs.append((tmp_path / "t.csv").read_text(encoding="utf-8-sig"))
    for text in outputs:
        assert not any(s in text for s in secret)
    assert truth["subject_name"] in run("analyze", pdf, "--show-pii").output


def test_a_partial_parse_is_shown_above_the_todo_list(tmp_path):
    from dataclasses import replace

    from samples.render_detailed import render_detailed
    from samples.synth import random_report

    model = random_report(random.Random(9), "online")
    dropped = next(a for a in model.accounts if a.is_open)
    render_detailed(replace(model, accounts=tuple(a for a in model.accounts if a is not dropped)), str(tmp_path / "p.pdf"))
    output = run("analyze", str(tmp_path / "p.pdf")).output
    assert output.index("[错误]") < output.index("待办清单：")
    data = json.loads(run("analyze", str(tmp_path / "p.pdf"), "--format", "json", "--lang", "en").output)
    assert any(c["level"] == "error" and "some may be missing" in c["message"] for c in data["checks"])


def test_report_number_that_does_not_match_its_time_is_flagged(tmp_path):
    from dataclasses import replace

    from samples.render_detailed import render_detailed
    from samples.synth import random_report

    model = random_report(random.Random(4), "clean")
    edited = replace(model, header=replace(model.header, report_no="19990101000000" + model.header.report_no[14:]))
    render_detailed(edited, str(tmp_path / "e.pdf"))
    checks = parse_report(tmp_path / "e.pdf").checks
    assert [c.level for c in checks if c.code == "report_number_mismatch"] == ["warning"]
    assert not [c for c in parse_report(SAMPLES / "detailed-clean.pdf").checks if c.code == "report_number_mismatch"]


# --- fuzzing -------------------------------------------------------------------------------------


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        op, at = rng.random(), rng.randrange(len(chars) + 1)
        if op < 0.4 and chars:
            del chars[min(at, len(chars) - 1)]
        elif op < 0.8:
            chars.insert(at, rng.choice("0123456789,，。.年月日（）()：--元余额为截至贷记卡 \n\u3000" + chr(rng.randint(0x20, 0x9FFF))))
        elif chars:
            chars[min(at, len(chars) - 1)] = chr(rng.randint(0x20, 0x9FFF))
    return "".join(chars)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.integers(0, len(TEMPLATES) - 1), st.integers(0, 2**32))
def test_mutated_sentences_raise_only_documented_errors(index, seed):
    section, sentence, _ = TEMPLATES[index]
    try:
        parse_sentence(mutate(sentence, random.Random(seed)), section)
    except (SentenceError, F.FieldError):
        pass


LINES = st.one_of(
    st.sampled_from([t[1] for t in TEMPLATES] + HEADER + ["贷款", "信用卡", "信息概要", "查询记录", "三 信贷交易信息明细",
                                                           "（二）非循环贷账户", "账户1", "截至2023年05月31日", "授信协议1",
                                                           "第 1 页，共 2 页", "1.", "2019年05月10日"]),
    st.text(max_size=40),
    st.tuples(st.sampled_from(["管理机构", "账户状态", "余额", "账户数", "编号", "1", "--", "正常", ""]),
              st.text(max_size=12), st.sampled_from(["开立日期", "2022.03.15", "5,000", None])),
)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(LINES, max_size=25), min_size=1, max_size=3))
def test_layout_parsers_never_raise_on_shuffled_and_random_lines(pages):
    doc = TextDoc(pages)
    for layout in LAYOUTS:
        layout.identify(doc)
        report = layout.extract(doc)  # may find nothing, may add checks; must not raise
        assert all(c.level in ("warning", "error") for c in report.checks)


def byte_mutations(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    kind = rng.random()
    if kind < 0.5:
        for _ in range(rng.randint(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind < 0.7:
        out = out[: rng.randrange(len(out))]
    elif kind < 0.85:
        at, size = rng.randrange(len(out)), rng.randint(1, 2000)
        del out[at: at + size]
    else:
        at = rng.randrange(len(out))
        out[at:at] = out[rng.randrange(len(out)):][: rng.randint(1, 500)]
    return bytes(out)


# Sources with accounts in every family of both layouts, agreements, liabilities and inquiries.
FUZZ_SOURCES = {"simplified-online": 50, "simplified-kitchen": 70, "simplified-gen1": 40, "detailed-clean": 40,
                "detailed-kitchen": 70}


@pytest.mark.parametrize("source", FUZZ_SOURCES)
def test_byte_mutated_samples_end_with_a_documented_exit_and_lose_nothing_silently(tmp_path, source):
    """No silent loss: a mutant read as complete gives the whole reading of the clean file (every
    field of every account, agreement and liability, the inquiries, the summary, the to-do list);
    anything else says it was read in part or ends with a documented exit. Values OCR marked as
    doubtful (a page whose text was lost is read from its image) are left out of the comparison."""
    data = (SAMPLES / f"{source}.pdf").read_bytes()
    rng = random.Random(source)
    path = tmp_path / "m.pdf"
    clean = whole_reading(json.loads(run("analyze", str(SAMPLES / f"{source}.pdf"), "--format", "json").output))
    codes: dict[object, int] = {}
    for _ in range(FUZZ_SOURCES[source]):
        path.write_bytes(byte_mutations(data, rng))
        result = run("analyze", str(path), "--format", "json", "--timeout", "20")
        assert result.exit_code in DOCUMENTED_EXITS, result.output[-300:]
        assert "Traceback" not in result.output and "内部错误" not in result.output
        outcome: object = result.exit_code
        if result.exit_code == 0:
            reading = json.loads(result.output)
            if reading["complete"]:
                got = whole_reading(reading)
                lost = [key for key in clean if got[key] != clean[key]]
                assert not lost, f"a mutant read as complete lost or changed: {lost}"
                outcome = "complete"
            else:
                outcome = "partial"
        else:
            assert len(result.output.strip().splitlines()) == 1
        codes[outcome] = codes.get(outcome, 0) + 1
    print(source, codes)


def whole_reading(data: dict) -> dict[str, object]:
    """Everything a reading concludes, less the records OCR marked doubtful and where they stand."""
    doubtful = {r["ref"] for key in ("accounts", "agreements", "liabilities") for r in data[key] if r.get("ocr_doubt")}

    def records(key: str) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in ("ocr_doubt", "where")} for r in data[key] if r["ref"] not in doubtful]

    return {"report": data["report"], "accounts": records("accounts"), "agreements": records("agreements"),
            "liabilities": records("liabilities"), "inquiries": data["inquiries"], "summary": data["summary"],
            "todo": [t for t in data["todo"] if not set(t["accounts"]) & doubtful and not set(t["agreements"]) & doubtful]}
