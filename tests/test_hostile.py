"""Hostile files and several users at once (issue 24): every case ends with a documented outcome,
inside its limits, with nothing left in the temp folder and the server still answering.

The corpus is made on the fly by tests/hostile.py (a few KB on disk each). No test times anything:
speed and memory are bench/bench_hostile.py's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import creditgap.api
from creditgap.api import Limits, limited_analysis, run_limited
from creditgap.errors import CreditgapError, LimitError, UsageError
from creditgap.outputs.text import terminal_safe
from creditgap.outputs.todo_file import read_todo_csv
from creditgap.read.streams import OversizedError, damaged_streams
from tests import hostile
from tests.helpers import SAMPLES

ONLINE = SAMPLES / "detailed-online.pdf"
SIMPLE = SAMPLES / "simplified-online.pdf"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {name: make(folder) for name, make in hostile.PDF_MAKERS.items()}


def cli(args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    """The real command, in its own process, with its own empty TMPDIR (checked clean after)."""
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "creditgap", *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120)


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.mark.parametrize("name, code, words", [
    ("loop", 2, "3 s"),  # pdfminer would follow the loop for ever: the worker is stopped at the limit
    ("nested-bomb", 3, "damaged or oversized"),
    ("repeated-contents", 3, "damaged or oversized"),
    ("text-bomb", 3, "damaged or oversized"),
    ("deep-nesting", 6, "not a PBOC"),
])
def test_a_hostile_pdf_ends_with_its_documented_code(corpus, tmp_path, name, code, words):
    result = cli(["analyze", str(corpus[name]), "--lang", "en", "--timeout", "3"], tmp_path / "tmp")
    assert result.returncode == code, result.stderr
    line = one_line(result.stderr)
    assert words in line and "no text layer" not in line and "install" not in line
    assert list((tmp_path / "tmp").iterdir()) == []


def test_bombs_are_refused_before_any_decoding(corpus):
    for name in ("nested-bomb", "repeated-contents"):
        with pytest.raises(OversizedError) as error:
            damaged_streams(corpus[name].read_bytes())
        assert error.value.exit_code == 3 and "MB" in error.value.message("en")
    assert damaged_streams(corpus["text-bomb"].read_bytes()) == 0  # small inflated: pdfium's count stops it


def test_batch_has_a_hard_stop_too(corpus, tmp_path):
    result = cli(["batch", str(corpus["loop"]), str(SIMPLE), "--lang", "en", "--timeout", "3", "--workers", "2"], tmp_path / "tmp")
    assert result.returncode == 0, result.stderr  # one file read: the batch succeeds and names the other
    assert "loop.pdf: Reading took more than 3 s" in result.stderr
    assert "1 failed" in result.stdout or "failed 1" in result.stdout or "1 file" in result.stdout, result.stdout
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_worker_runs_under_spawn():
    """macOS and Windows have no fork by default: the pool's workers start with spawn too."""
    report = run_limited(limited_analysis, (SIMPLE,), Limits(seconds=60), method="spawn")
    assert len(report.todo) == len(creditgap.api.analyze_report(SIMPLE).todo) > 0


def test_a_worker_over_its_memory_is_stopped_with_exit_2():
    with pytest.raises(LimitError) as error:
        run_limited(hostile.allocate, (3 << 30,), Limits(seconds=30, memory=1 << 30, ocr_memory=1 << 30), method="fork")
    assert error.value.exit_code == 2 and "1.0 GB" in error.value.message("en")


def test_four_threads_calling_the_library_all_succeed():
    """One pdfium lock for the process: four threads at once (two documents each) neither crash nor hang."""
    expected = {p: len(creditgap.api.analyze_report(p).todo) for p in (ONLINE, SIMPLE)}
    got: list[tuple[Path, int]] = []
    failed: list[BaseException] = []

    def work(path: Path) -> None:
        try:
            for _ in range(2):
                got.append((path, len(creditgap.api.analyze_report(path).todo)))
        except BaseException as e:  # noqa: BLE001 (any failure fails the test below)
            failed.append(e)

    threads = [threading.Thread(target=work, args=(p,)) for p in (ONLINE, SIMPLE, ONLINE, SIMPLE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads) and failed == []
    assert sorted(got) == sorted((p, expected[p]) for p in (ONLINE, SIMPLE, ONLINE, SIMPLE) for _ in range(2))


# --- to-do files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, words", [
    ("shared-string", "inflates to too much"),  # 1 GiB in a 1 MB workbook: refused by its zip directory
    ("million-rows", "inflates to too much"),  # 26 MB of sheet: refused by its zip directory
    ("many-rows", "more than 20000 rows"),  # no <dimension>: stopped at the limit as the rows come
    ("malformed", "not a valid Excel file"),  # an exit 2, not an internal error
    ("big-csv", "is over 16 MB"),  # 200 MB: refused by its size
])
def test_a_hostile_todo_file_is_exit_2_with_its_message(tmp_path, name, words):
    path = hostile.TODO_MAKERS[name](tmp_path)
    fds = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    try:
        with pytest.raises(UsageError) as error:
            read_todo_csv(path)
        assert error.value.exit_code == 2 and words in error.value.message("en")
        if fds is not None:
            assert len(os.listdir("/proc/self/fd")) == fds  # closed after the failure
    finally:
        path.unlink()
    assert list(tmp_path.iterdir()) == []


def test_terminal_output_loses_controls_and_bidi_overrides():
    assert terminal_safe("微粒贷\x1b[2J\u202e321\u202c\x9b\n第二行\t") == "微粒贷[2J321\n第二行\t"
    error = CreditgapError("坏\x1b]0;title\x07名", "bad")
    assert "\x1b" not in terminal_safe(error.message("zh"))


# --- the page ------------------------------------------------------------------------------------

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture(scope="module")
def page():
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from creditgap.web.app import create_app

    app = create_app(port=PORT, workers=2, timeout=3)
    return lambda **headers: TestClient(app, base_url=BASE, headers=headers)


def uploads_left(folder: Path) -> list[Path]:
    """What the page left in the temp folder (multiprocessing's fork server keeps its socket folder,
    pymp-*, for as long as the server runs, and removes it at exit)."""
    return [p for p in folder.iterdir() if not p.name.startswith("pymp-")]


def pdf_upload(path: Path) -> dict:
    return {"report": (path.name, path.read_bytes(), "application/pdf")}


def test_three_uploads_at_once_are_all_answered(page, monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    answers: list[int] = []

    def post(path: Path) -> None:
        answers.append(page(origin=BASE).post("/analyze", files=pdf_upload(path)).status_code)

    threads = [threading.Thread(target=post, args=(p,)) for p in (ONLINE, SIMPLE, ONLINE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert answers == [200, 200, 200]
    assert uploads_left(tmp_path) == []


def test_the_loop_file_on_the_page_is_stopped_and_the_server_answers_on(page, corpus, monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    client = page(origin=BASE)
    for name, status in (("loop", 400), ("nested-bomb", 422), ("text-bomb", 422)):
        response = client.post("/analyze?lang=en", files=pdf_upload(corpus[name]), data={"lang": "en"})
        assert response.status_code == status, name
        assert ("more than 3 s" if name == "loop" else "damaged or oversized") in response.text
        assert "--timeout" not in response.text and "--max-pages" not in response.text  # the page cannot set them
    assert client.post("/analyze", files=pdf_upload(SIMPLE)).status_code == 200  # still up
    assert uploads_left(tmp_path) == []


@pytest.mark.parametrize("headers", [
    {"origin": "null"},  # a sandboxed iframe
    {"origin": "null", "sec-fetch-site": "cross-site"},  # a file: page or another site's sandboxed frame
    {"origin": ""},
    {"origin": "http://evil.example"},
    {"origin": f"https://127.0.0.1:{PORT}"},
    {"referer": "http://evil.example/"},  # no Origin, a foreign Referer
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
    {},  # neither header: not a browser's own form post
])
def test_a_post_not_from_the_page_itself_is_403(page, headers, monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    response = page(**headers).post("/analyze", files=pdf_upload(SIMPLE))
    assert response.status_code == 403 and "拒绝访问" in response.text
    assert uploads_left(tmp_path) == []


def test_the_page_s_own_form_under_no_referrer_is_answered(page):
    """Chromium sends Origin: null with the page's own form post, since the page says
    Referrer-Policy: no-referrer; Sec-Fetch-Site (which a page cannot set) says it is ours."""
    response = page(origin="null", **{"sec-fetch-site": "same-origin"}).post("/analyze", files=pdf_upload(SIMPLE))
    assert response.status_code == 200


@pytest.mark.parametrize("headers", [{"origin": BASE}, {"origin": f"http://localhost:{PORT}"},
                                     {"sec-fetch-site": "same-origin"}, {"sec-fetch-site": "none"}])
def test_the_page_s_own_posts_pass(page, headers):
    assert page(**headers).post("/analyze", data={}).status_code == 400  # on to the handler: "choose a PDF"


def test_every_response_forbids_framing_and_sniffing(page):
    client = page(origin=BASE)
    for response in (client.get("/"), client.get("/nope"), client.get("/static/style.css"), client.post("/download", data={})):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_form_the_parser_refuses_is_the_page_s_own_error_page(page):
    bad = page(origin=BASE).post("/analyze?lang=en", content=b"--x\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--x--\r\n",
                                 headers={"content-type": "multipart/form-data; boundary=x"})
    assert bad.status_code == 400 and "<html" in bad.text and 'lang="en"' in bad.text and "form could not be read" in bad.text
    assert bad.headers["x-frame-options"] == "DENY"
