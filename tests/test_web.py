"""creditgap serve: the page through Starlette's TestClient (every page, every error, the size limit,
the Host check), the real server on loopback only, and a real browser (headless Chromium)."""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import sys
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pikepdf
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

import creditgap.api
from creditgap.cli import cli
from creditgap.model import Check
from creditgap.outputs.todo_file import read_todo_csv
from creditgap.outputs.wording import PARTIAL_READ, VERDICT_TITLES
from creditgap.web.app import create_app
from tests.helpers import SAMPLES, load_truth
from tests.test_robustness import make_case

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
ONLINE = SAMPLES / "detailed-online.pdf"
PDFS = sorted(p.name for p in SAMPLES.glob("*.pdf") if not p.stem.endswith("-scan"))  # the scan: tests/test_ocr.py
TODO_COUNT = 16  # the to-do items of detailed-online.pdf (test_the_count_is_right checks it)


def _loopback(address: object) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."))


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every socket outside loopback is refused: the page and the server never reach the network."""
    opened: list[object] = []
    real_connect, real_bind = socket.socket.connect, socket.socket.bind

    def connect(self, address):
        opened.append(address)
        if self.family == socket.AF_UNIX or _loopback(address):
            return real_connect(self, address)
        raise AssertionError(f"network use: {address}")

    def bind(self, address):
        opened.append(address)
        if self.family == socket.AF_UNIX or _loopback(address):
            return real_bind(self, address)
        raise AssertionError(f"bind outside loopback: {address}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "bind", bind)
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: (_ for _ in ()).throw(
        AssertionError(f"name lookup: {host}")) if not _loopback(host) else socket._real_getaddrinfo(host, *a, **k))
    yield opened


socket._real_getaddrinfo = socket.getaddrinfo  # type: ignore[attr-defined]


SAME_ORIGIN = {"origin": BASE}  # what a browser sends with the page's own form posts


@pytest.fixture(scope="module")
def app():
    return create_app(port=PORT)


@pytest.fixture()
def client(app):
    return TestClient(app, base_url=BASE, headers=SAME_ORIGIN)


def upload(path: Path, name: str | None = None) -> tuple[str, bytes, str]:
    return (name or path.name, path.read_bytes(), "application/pdf")


def message(response) -> str:
    m = re.search(r'<p class="message">(.*?)</p>', response.text, re.S)
    assert m, response.text[:500]
    assert "Traceback" not in response.text and "File \"" not in response.text
    return m.group(1)


@pytest.fixture(scope="module")
def analysed(app):
    """The analyze page of the committed online 详版, once for the module."""
    response = TestClient(app, base_url=BASE, headers=SAME_ORIGIN).post("/analyze", files={"report": upload(ONLINE)})
    assert response.status_code == 200
    return response


def test_the_count_is_right():
    assert len(creditgap.api.analyze_report(ONLINE).todo) == TODO_COUNT


def test_home_and_compare_pages_in_both_languages(client):
    for path in ("/", "/compare"):
        zh, en = client.get(path), client.get(path + "?lang=en")
        assert zh.status_code == en.status_code == 200
        assert 'lang="zh-CN"' in zh.text and 'lang="en"' in en.text
        assert 'method="post"' in zh.text and 'enctype="multipart/form-data"' in zh.text
        assert "<script" not in zh.text  # no JavaScript at all
        assert not re.search(r'(src|href)="(https?:)?//', zh.text)  # nothing from another host
    assert "选择征信报告 PDF" in client.get("/").text and "Credit report PDF" in client.get("/?lang=en").text
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@media" in css.text and "@import" not in css.text and "url(" not in css.text


def test_a_first_visit_is_answered(client):  # its speed is bench/'s: a timed test fails on a loaded machine
    assert client.get("/").status_code == 200


def test_the_analyze_page_shows_cards_masked_header_and_accounts(analysed):
    truth = load_truth("detailed-online")
    html = analysed.text
    assert truth["report"]["subject_name"] not in html and truth["report"]["subject_id"] not in html
    name = truth["report"]["subject_name"]
    assert name[0] + "*" * (len(name) - 1) in html
    assert html.count('<article class="card') == TODO_COUNT > 0
    assert html.count('type="date" name="done_') == TODO_COUNT
    assert 'href="tel:' in html and "全部办完后" in html
    assert "预计生效" in html and "依据" in html and "匹配置信度" in html
    accounts = html.split('id="accounts"')[1]
    assert accounts.count("<tr class=") == len(truth["accounts"])
    assert PARTIAL_READ[0] not in html and "built-in method" not in html
    assert 'name="format" value="xlsx"' in html and 'name="format" value="csv"' in html


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.text).group(1)


def test_downloads_carry_the_dates_and_round_trip_through_compare(client, analysed, tmp_path):
    token = token_of(analysed)
    ids = re.findall(r'name="done_(\d+)"', analysed.text)
    form = {"token": token, "format": "xlsx", f"done_{ids[0]}": "2025-06-01", f"done_{ids[1]}": "2025/6/2"}
    xlsx = client.post("/download", data=form)
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    done = {row[0]: row[11] for row in ws.iter_rows(min_row=2, values_only=True) if row[0] is not None}  # grouped by app
    assert done[int(ids[0])].date() == date(2025, 6, 1)
    assert done[int(ids[1])].date() == date(2025, 6, 2)
    assert done[int(ids[2])] is None
    csv = client.post("/download", data={**form, "format": "csv"})
    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    path = tmp_path / "todo.csv"
    path.write_bytes(csv.content)
    marks = read_todo_csv(path)
    assert [m.done_on for m in marks[:3]] == [date(2025, 6, 1), date(2025, 6, 2), None]
    (tmp_path / "todo.xlsx").write_bytes(xlsx.content)
    response = client.post("/compare", files={"old": upload(ONLINE), "new": upload(SAMPLES / "compare-later.pdf"),
                                              "todo": ("todo.xlsx", xlsx.content, "application/octet-stream")})
    assert response.status_code == 200 and "已确认关闭" in response.text


def test_an_expired_token_says_so(client):
    response = client.post("/download", data={"token": "nope", "format": "csv"})
    assert response.status_code == 410 and "重新选择 PDF" in message(response)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", PDFS)
def test_every_sample_renders_in_both_languages(client, name, lang):
    response = client.post("/analyze", files={"report": upload(SAMPLES / name)}, data={"lang": lang})
    assert response.status_code == 200, response.text[:300]
    assert ("To do" if lang == "en" else "待办清单") in response.text
    xlsx = client.post("/download", data={"token": token_of(response), "format": "xlsx", "lang": lang})
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == ("To do" if lang == "en" else "待办")


def test_a_partial_read_is_said_first_and_loudly(client, monkeypatch):
    real = creditgap.api.analyze_report

    def partial(*args, **kwargs):
        report = real(*args, **kwargs)
        return replace(report, checks=report.checks + (Check("error", "summary_mismatch", "少读了一个账户", "one account short"),))

    monkeypatch.setattr(creditgap.api, "analyze_report", partial)
    # fork: the worker has the monkeypatched function
    html = TestClient(create_app(port=PORT, method="fork"), base_url=BASE, headers=SAME_ORIGIN).post("/analyze", files={"report": upload(ONLINE)}).text
    main = html.split("<main>")[1]
    assert main.index(PARTIAL_READ[0]) < main.index("报告编号") < main.index('id="todo"')
    assert 'class="partial" role="alert"' in html and "（仅就读出的部分）" in html


def test_compare_groups_the_verdicts_as_the_terminal_does(client):
    response = client.post("/compare", files={"old": upload(ONLINE), "new": upload(SAMPLES / "compare-later.pdf"),
                                              "todo": ("todo.csv", (SAMPLES / "compare-online.todo.csv").read_bytes(),
                                                       "text/csv")})
    assert response.status_code == 200
    titles = [re.sub(r" \(\d+\)$", "", t) for t in re.findall(r"<h2>([^<]*)</h2>", response.text)]
    order = [zh for zh, _ in VERDICT_TITLES.values()]
    shown = [t for t in titles if t in order]
    assert shown == sorted(shown, key=order.index) and {"已确认关闭", "仍未关闭", "等待更新", "新增账户"} <= set(shown)
    assert "下一步" in response.text and 'href="tel:' in response.text
    en = client.post("/compare", data={"lang": "en"}, files={"old": upload(ONLINE), "new": upload(SAMPLES / "compare-later.pdf")})
    assert "Confirmed closed" in en.text and "Still open" in en.text


@pytest.mark.parametrize("kind, status, zh, en", [
    ("empty", 422, "0 字节", "empty"),
    ("not_pdf", 422, "不是 PDF", "not a PDF"),
    ("truncated", 422, "损坏", "damaged"),
    ("encrypted", 422, "密码", "password"),
    ("scan", 422, "OCR", "OCR"),
    ("enterprise", 422, "企业信用报告", "enterprise"),
    ("other_pdf", 422, "不是人民银行个人信用报告", "not a PBOC personal credit report"),
])
def test_each_bad_file_is_the_cli_line_in_the_page(client, tmp_path, kind, status, zh, en):
    path = make_case(kind, tmp_path)
    for lang, words in (("zh", zh), ("en", en)):
        response = client.post("/analyze", files={"report": upload(path)}, data={"lang": lang})
        assert response.status_code == status
        assert words in message(response)


def test_passwords(client, tmp_path):
    path = make_case("encrypted", tmp_path)
    wrong = client.post("/analyze", files={"report": upload(path)}, data={"password": "nope"})
    assert wrong.status_code == 422 and "密码不对" in message(wrong)
    assert client.post("/analyze", files={"report": upload(path)}, data={"password": "secret"}).status_code == 200
    assert pikepdf  # make_case encrypts with it


def test_inputs_that_do_not_belong_together_are_400(client):
    two = client.post("/compare", files={"old": upload(ONLINE), "new": upload(SAMPLES / "detailed-kitchen.pdf")})
    assert two.status_code == 400 and "不是同一个人" in message(two)
    for secret in load_truth("detailed-kitchen")["report"]["subject_name"], load_truth("detailed-kitchen")["report"]["subject_id"]:
        assert secret not in two.text
    swapped = client.post("/compare", data={"lang": "en"},
                          files={"old": upload(SAMPLES / "compare-later.pdf"), "new": upload(ONLINE)})
    assert swapped.status_code == 400 and "printed after the new one" in message(swapped)
    missing = client.post("/compare", files={"old": upload(ONLINE)})
    assert missing.status_code == 400 and "两个 PDF" in message(missing)
    nothing = client.post("/analyze", data={"lang": "en"})
    assert nothing.status_code == 400 and "Choose a PDF" in message(nothing)


def test_a_bug_is_one_line_without_report_content(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("张三 110101199001011234")

    monkeypatch.setattr(creditgap.api, "analyze_report", broken)
    with caplog.at_level(logging.DEBUG):
        # fork: the worker has the monkeypatched function (a fork server or spawn would import its own)
        response = TestClient(create_app(port=PORT, method="fork"), base_url=BASE, headers=SAME_ORIGIN).post(
            "/analyze", files={"report": upload(ONLINE)})
    assert response.status_code == 500 and "RuntimeError" in message(response)
    assert "张三" not in response.text and "张三" not in caplog.text


def test_the_size_limit_is_413_before_parsing():
    small = TestClient(create_app(port=PORT, max_upload=1024 * 1024), base_url=BASE, headers=SAME_ORIGIN)
    big = ("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), "application/pdf")
    response = small.post("/analyze", files={"report": big})
    assert response.status_code == 413 and "太大" in message(response)

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(3):
            yield b"x" * (512 * 1024)

    chunked = small.post("/analyze?lang=en", content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"})
    assert chunked.status_code == 413 and "too large" in message(chunked)


@pytest.mark.parametrize("host, status", [("127.0.0.1:8765", 200), ("localhost:8765", 200), ("evil.example:8765", 400),
                                          ("127.0.0.1:9999", 400), ("127.0.0.1", 400), ("", 400)])
def test_the_host_header_must_be_ours(client, host, status):
    response = client.get("/", headers={"host": host})
    assert response.status_code == status
    if status == 400:
        assert "127.0.0.1" in message(response)


def test_a_post_from_another_site_is_refused(client):
    response = client.post("/analyze", headers={"origin": "http://evil.example"}, files={"report": upload(ONLINE)})
    assert response.status_code == 403
    assert client.post("/analyze", headers={"origin": BASE}, data={}).status_code == 400  # ours: on to the handler


def test_uploads_leave_no_file_behind(client, monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert client.post("/analyze", files={"report": upload(ONLINE)}).status_code == 200
    assert client.post("/analyze", files={"report": ("x.pdf", b"junk", "application/pdf")}).status_code == 422
    assert list(tmp_path.iterdir()) == []


def test_unknown_paths_are_404_pages(client):
    response = client.get("/nope")
    assert response.status_code == 404 and "<html" in response.text


def test_the_server_listens_on_loopback_only_and_logs_nothing(no_network, capfd):
    from creditgap.web import serve

    ready: dict[str, object] = {}
    event = threading.Event()

    def on_ready(server, url):
        ready.update(server=server, url=url)
        event.set()

    thread = threading.Thread(target=serve, kwargs={"port": 0, "open_browser": False, "on_ready": on_ready}, daemon=True)
    thread.start()
    assert event.wait(10)
    import http.client

    port = int(str(ready["url"]).rsplit(":", 1)[1].split("/")[0])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/")
    first = conn.getresponse()
    assert first.status == 200 and b"creditgap" in first.read()
    body, boundary = ONLINE.read_bytes(), "XyZ"
    payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"report\"; filename=\"r.pdf\"\r\n"
               f"Content-Type: application/pdf\r\n\r\n").encode() + body + f"\r\n--{boundary}--\r\n".encode()
    conn.request("POST", "/analyze?lang=en", body=payload, headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                                        "Origin": str(ready["url"]).split("/?")[0].rstrip("/")})
    assert conn.getresponse().status == 200
    conn.close()
    ready["server"].should_exit = True  # type: ignore[attr-defined]
    thread.join(10)
    bound = [a for a in no_network if isinstance(a, tuple)]
    assert bound and all(_loopback(a) for a in bound)
    out, err = capfd.readouterr()
    truth = load_truth("detailed-online")["report"]
    for text in (out, err):
        assert truth["subject_name"] not in text and truth["subject_id"] not in text
        assert "POST /analyze" not in text and "GET /" not in text  # no access log
    assert "127.0.0.1" in out


def test_serve_without_the_extra_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(cli, ["serve", "--no-browser", "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: The page needs the web extra. Run: pip install 'creditgap[web]'"


def test_serve_on_a_taken_port_is_one_line(monkeypatch):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        result = CliRunner().invoke(cli, ["serve", "--no-browser", "--port", str(taken.getsockname()[1])])
    finally:
        taken.close()
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1 and "--port" in result.output


# --- a real browser ---------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser  # its own suite: `python -m pytest -m browser` after `apt-get install chromium` (.ci/run does both)
def test_a_real_browser_uploads_sees_the_list_and_downloads_the_xlsx(tmp_path):
    """Headless Chromium (Debian's package, driven by Playwright) against the real server on loopback."""
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    from creditgap.web import serve

    ready: dict[str, object] = {}
    event = threading.Event()
    thread = threading.Thread(target=serve, kwargs={"port": 0, "open_browser": False,
                                                    "on_ready": lambda s, u: (ready.update(server=s, url=u), event.set())},
                              daemon=True)
    thread.start()
    assert event.wait(10)
    shot = tmp_path / "analyze.png"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page(viewport={"width": 1000, "height": 1400}, accept_downloads=True, locale="zh-CN")
            page.goto(str(ready["url"]))
            page.set_input_files('input[name="report"]', str(ONLINE))
            page.click('form.upload button[type="submit"]')
            page.wait_for_selector("article.card")
            assert page.locator("article.card").count() == TODO_COUNT
            # one crop of the report per to-do item, embedded and drawn (the page's CSP lets data: images in)
            assert page.locator("article.card figure.crop img").count() == TODO_COUNT
            drawn = page.evaluate("Array.from(document.querySelectorAll('figure.crop img'))"
                                  ".map(i => i.complete && i.naturalWidth > 0 && i.src.startsWith('data:image/png'))")
            assert drawn == [True] * TODO_COUNT
            page.fill('input[name="done_1"]', "2025-06-01")
            with page.expect_download() as info:
                page.click('button[value="xlsx"]')
            saved = tmp_path / "todo.xlsx"
            info.value.save_as(saved)
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shot), full_page=False)
            page.set_viewport_size({"width": 390, "height": 844})  # phone width: nothing wider than the screen
            assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
            browser.close()
    finally:
        ready["server"].should_exit = True  # type: ignore[attr-defined]
        thread.join(10)
    ws = openpyxl.load_workbook(saved).worksheets[0]
    done = {row[0]: row[11] for row in ws.iter_rows(min_row=2, values_only=True) if row[0] is not None}  # grouped by app
    assert done[1].date() == date(2025, 6, 1)
    assert shot.stat().st_size > 20_000
    if os.environ.get("CREDITGAP_SCREENSHOT"):  # refresh docs/screenshot-analyze.png
        Path(os.environ["CREDITGAP_SCREENSHOT"]).write_bytes(shot.read_bytes())


def test_the_analyze_page_has_the_checkup_and_the_reports_own_evidence(client):
    import html

    from creditgap.api import analyze_report
    from creditgap.outputs.readiness_view import readiness_lines

    page = client.post("/analyze", files={"report": upload(SAMPLES / "detailed-kitchen.pdf")}, data={"lang": "zh"}).text
    assert 'id="readiness"' in page and "体检" in page
    report = analyze_report(SAMPLES / "detailed-kitchen.pdf")
    assert html.escape(readiness_lines(report, "zh", columns=400)[1]) in page
    sentences = {e for t in report.todo for a in report.accounts if a.ref in t.accounts for p in a.platforms[:1] for e in p.evidence}
    assert sentences and all(html.escape(e) in page for e in sentences)


def test_an_ocr_doubt_shows_on_its_card_and_the_ocr_pages_in_the_header(client, monkeypatch):
    real = creditgap.api.analyze_report

    def by_ocr(*args, **kwargs):
        report = real(*args, **kwargs)
        first = report.todo[0].accounts[0]
        return replace(report, source=replace(report.source, ocr_pages=(1, 2)),
                       accounts=tuple(replace(a, ocr_doubt=a.ref == first) for a in report.accounts))

    monkeypatch.setattr(creditgap.api, "analyze_report", by_ocr)
    html = TestClient(create_app(port=PORT, method="fork"), base_url=BASE, headers=SAME_ORIGIN).post("/analyze", files={"report": upload(ONLINE)}).text
    main = html.split('id="todo"')[1]
    first_card = main.split("</article>")[0]
    assert "识别存疑" in first_card and "?" in first_card.split(">账户<")[-1].split("</dd>")[0]
    assert main.count('class="doubt"') == 1
    assert "第 1、2 页没有文字层" in html.split('id="todo"')[0]
