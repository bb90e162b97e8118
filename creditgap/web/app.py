"""The local page behind ``creditgap serve``: a Starlette app, every action a plain HTML form POST.

Privacy and safety, in the app itself (so a test client sees them):
- the Host header must be 127.0.0.1:PORT or localhost:PORT (DNS rebinding), else 400; a POST whose
  Origin is another site is refused too;
- a request body over ``max_upload`` bytes is refused with 413 before any parsing;
- an uploaded PDF lives in a private temporary folder (0700) only while it is read, then is deleted;
  the analysed report is kept in memory under a random token so that the date form can download the
  xlsx/CSV again, the last few only, for ``keep_seconds``;
- errors are the CLI's one-line messages (400 or 422), never a stack trace; nothing is logged.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import Any, Awaitable, Callable

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import CreditgapError, UsageError
from .views import analysis_context, analysis_with_crops, compare_context

HERE = Path(__file__).parent
MAX_UPLOAD = 20 * 1024 * 1024  # bytes per request (all files together)
KEEP = 20  # analysed reports kept for the date form
KEEP_SECONDS = 6 * 3600

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

TEXT = {
    "zh": {
        "title": "征信待办 creditgap", "analyze": "分析报告", "compare": "对比新旧报告", "other_lang": "English",
        "choose_pdf": "选择征信报告 PDF", "password": "密码（PDF 有密码时填写）", "submit_analyze": "开始分析",
        "privacy": "报告只在这台电脑上处理，不上传、不联网；姓名和证件号码打码显示。",
        "old": "旧报告 PDF（较早打印）", "new": "新报告 PDF（较晚打印）", "todo_file": "填好办理日期的待办清单（CSV 或 xlsx，可不选）",
        "submit_compare": "开始对比", "todo": "待办清单", "accounts": "全部账户", "readiness": "体检", "nothing": "没有发现需要关闭的账户。",
        "nothing_partial": "读出的部分里没有要关闭的账户，但报告没有读全，不能下结论：可能还有账户要关闭。",
        "steps": "步骤", "phone": "客服电话", "update_time": "预计生效", "platform": "平台", "lender": "放款机构",
        "confidence": "匹配置信度", "limit": "涉及额度", "done_on": "办理日期", "accounts_col": "账户", "unknown": "未知平台",
        "evidence": "依据", "download_csv": "下载 CSV", "download_xlsx": "下载 Excel（xlsx）",
        "dates_hint": "办完一项就填上日期，再点下载：文件里的“办理日期”会带上这些日期。以后对比新报告时上传这个文件。",
        "ref": "编号", "family": "类别", "opened": "开立日期", "status": "状态", "balance": "余额", "page": "页",
        "error": "出错了", "next": "下一步", "expired": "这份结果已过期（服务重启过或超过 6 小时）。请重新选择 PDF 分析。",
        "too_big": "上传的文件太大（超过 {mb} MB）。征信报告 PDF 通常不到 5 MB，请确认选对了文件。",
        "no_file": "请先选择一个 PDF 文件。", "no_files": "请选择旧报告和新报告两个 PDF 文件。",
        "internal": "内部错误：creditgap 无法处理这个文件（{name}）。请报告问题，但不要附上报告本身。",
        "bad_host": "拒绝访问：只接受 127.0.0.1 或 localhost 上的本机访问。",
        "bad_origin": "拒绝访问：请求来自其他网站。",
        "bad_form": "上传的表单无法读取。请回到上一页重新选择文件后再试。",
        "need_password": "这个 PDF 有密码。请在“密码”一栏填上密码（通常在发送报告的短信或邮件里），再开始分析。",
        "wrong_password": "密码不对，无法打开这个 PDF。请核对“密码”一栏后再试。",
        "limit_hint": "请确认选对了文件；文件异常时请重新下载报告。",
        "tip": "过了预计生效时间后重新打印报告，在“对比新旧报告”页上传旧报告、新报告和填好日期的清单，确认是否关闭成功。",
        "totals": "未结清/未销户账户 {a} → {b} 个；授信额度 ¥{c:,} → ¥{d:,}；机构 {e} → {f} 家",
        "period": "旧报告 {a} → 新报告 {b}", "expected_by": "预计 {d} 前更新", "repay_first": "先还清欠款，再：",
        "call_lender": "联系机构确认为何仍未关闭", "look_by_hand": "在新报告里人工查找这个账户；找不到就联系机构确认是否已关闭",
        "partial_compare": "【只读出了一部分】{which}报告没有读全（用“分析报告”查看原因）。凡是要靠“账户不见了”才能下的结论都不下，这些账户列为“无法核实”。",
        "old_word": "旧", "new_word": "新", "note": "注意", "checks_error": "错误", "checks_warning": "注意",
        "n_items": "项", "on_report": "报告原文", "proof": "凭证/备注", "proof_hint": "截图文件名、工单号、客服工号……",
        "not_app_steps": "这一项不按上面的 App 步骤办理，见上面的原因", "done_on_col": "办理日期", "next_step": "下一步",
    },
    "en": {
        "title": "creditgap", "analyze": "Analyse a report", "compare": "Compare two reports", "other_lang": "中文",
        "choose_pdf": "Credit report PDF", "password": "Password (if the PDF has one)", "submit_analyze": "Analyse",
        "privacy": "The report is processed on this computer only, never uploaded; name and ID number are masked.",
        "old": "Old report PDF (printed earlier)", "new": "New report PDF (printed later)",
        "todo_file": "The to-do list with dates filled in (CSV or xlsx, optional)", "submit_compare": "Compare",
        "todo": "To do", "accounts": "All accounts", "readiness": "Check-up", "nothing": "No open account to close was found.",
        "nothing_partial": "Nothing to close in the part that was read, but the report was not read whole: "
                           "no conclusion is possible.",
        "steps": "Steps", "phone": "Phone", "update_time": "Shows on the report", "platform": "Platform", "lender": "Lender",
        "confidence": "Match confidence", "limit": "Credit limit", "done_on": "Done on", "accounts_col": "Accounts",
        "unknown": "unknown platform", "evidence": "Evidence", "download_csv": "Download CSV",
        "download_xlsx": "Download Excel (xlsx)",
        "dates_hint": "Fill in the date when you have done an item, then download: the file's done_on column carries "
                      "the dates. Upload that file when you compare a new report later.",
        "ref": "ref", "family": "family", "opened": "opened", "status": "status", "balance": "balance", "page": "page",
        "error": "Error", "next": "Next steps",
        "expired": "This result has expired (the server restarted or 6 hours passed). Choose the PDF again.",
        "too_big": "The upload is too large (over {mb} MB). A credit report PDF is usually under 5 MB: check the file.",
        "no_file": "Choose a PDF file first.", "no_files": "Choose both PDF files, the old report and the new one.",
        "internal": "Internal error: creditgap could not process this file ({name}). Please report it, without the "
                    "report itself.",
        "bad_host": "Refused: only local access on 127.0.0.1 or localhost is accepted.",
        "bad_origin": "Refused: the request came from another site.",
        "bad_form": "The form could not be read. Go back, choose the file again and retry.",
        "need_password": "This PDF is password-protected. Fill in the password field (the password is usually in the SMS "
                         "or e-mail that sent the report) and analyse again.",
        "wrong_password": "Wrong password for this PDF. Check the password field and retry.",
        "limit_hint": "Check that this is the right file; if it is malformed, download the report again.",
        "tip": "Once the update time has passed, get a new report and upload the old one, the new one and the filled-in "
               "list on the compare page.",
        "totals": "Open accounts {a} → {b}; open credit ¥{c:,} → ¥{d:,}; lenders {e} → {f}",
        "period": "Old report {a} → new report {b}", "expected_by": "expected by {d}",
        "repay_first": "repay the balance first, then: ", "call_lender": "call the lender and ask why it is still open",
        "look_by_hand": "look for it in the new report by hand; if it is not there, ask the lender whether it was closed",
        "partial_compare": "[READ IN PART] The {which} report was read only in part (analyse it to see what). Nothing "
                           "that rests on an account being absent is concluded: those items are 'cannot be verified'.",
        "old_word": "old", "new_word": "new", "note": "note", "checks_error": "error", "checks_warning": "warning",
        "n_items": "items", "on_report": "On the report", "proof": "Proof / notes",
        "proof_hint": "screenshot file name, ticket number, agent…",
        "not_app_steps": "not through the app's steps above: see the reason", "done_on_col": "done on", "next_step": "Next step",
    },
}


def _lang(request: Request, form: FormData | None = None) -> str:
    value = (form.get("lang") if form is not None else None) or request.query_params.get("lang") or "zh"
    return "en" if value == "en" else "zh"


class ReportStore:
    """The last few analysed reports, in memory, by random token (never the PDF itself)."""

    def __init__(self, size: int = KEEP, seconds: float = KEEP_SECONDS) -> None:
        self.size, self.seconds = size, seconds
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, report: Any) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._items[token] = (time.monotonic(), report)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return token

    def get(self, token: str) -> Any | None:
        with self._lock:
            item = self._items.get(token)
            if item is None or time.monotonic() - item[0] > self.seconds:
                self._items.pop(token, None)
                return None
            return item[1]


def same_origin(headers: Any, hosts: set[str]) -> bool:
    """A POST from the page itself: Origin is the page's own (http://127.0.0.1:PORT or localhost),
    or, without Origin, Sec-Fetch-Site says same-origin or none (typed, bookmarked). ``Origin:
    null`` is what Chromium sends for the page's own form under ``Referrer-Policy: no-referrer``,
    so it passes only with Sec-Fetch-Site same-origin (a sandboxed frame or a file: page is
    cross-site); an empty Origin, another site's, or neither header is refused."""
    origin = headers.get("origin")
    if origin is not None and origin.strip().lower() == "null":
        return headers.get("sec-fetch-site", "").strip().lower() == "same-origin"
    if origin is not None:
        scheme, _, host = origin.strip().partition("://")
        return scheme.lower() == "http" and host.lower() in hosts
    return headers.get("sec-fetch-site", "").strip().lower() in ("same-origin", "none")


class Guard:
    """ASGI middleware: the Host check, the Origin check on POST and the body size limit."""

    def __init__(self, app: Any, hosts: set[str], max_upload: int) -> None:
        self.app, self.hosts, self.max_upload = app, hosts, max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inner_send = send

        async def send(message: dict[str, Any]) -> None:  # noqa: F811 (every response gets HEADERS)
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present)]}
            await inner_send(message)

        request = Request(scope)
        lang = "en" if request.query_params.get("lang") == "en" else "zh"
        host = request.headers.get("host", "").lower()
        if host not in self.hosts:
            await error_page(TEXT[lang]["bad_host"], lang, 400)(scope, receive, send)
            return
        if scope["method"] == "POST" and not same_origin(request.headers, self.hosts):
            await error_page(TEXT[lang]["bad_origin"], lang, 403)(scope, receive, send)
            return
        if scope["method"] != "POST":
            await self.inner(scope, receive, send, lang)
            return
        too_big = error_page(TEXT[lang]["too_big"].format(mb=self.max_upload // (1024 * 1024) or 1), lang, 413)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_upload):
            await too_big(scope, receive, send)
            return
        body, more = [], True  # read it all here (chunked uploads too): nothing parses an oversized body
        size = 0
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_upload:
                await too_big(scope, receive, send)
                return
            body.append(chunk)
            more = message.get("more_body", False)
        data = b"".join(body)
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        await self.inner(scope, replay, send, lang)

    async def inner(self, scope: Scope, receive: Receive, send: Send, lang: str) -> None:
        """The app; a bug is answered by Starlette's handler and goes no further (uvicorn would log its traceback)."""
        try:
            await self.app(scope, receive, send)
        except Exception:
            pass


_env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


# on every response (the Guard adds them to whatever the app sends): no framing by another page
# (clickjacking), no type sniffing of a download, no referrer, nothing cached
HEADERS = {"cache-control": "no-store", "referrer-policy": "no-referrer", "x-content-type-options": "nosniff",
           "x-frame-options": "DENY",
           "content-security-policy": "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"}


def render(template: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(t=TEXT[lang], lang=lang, **context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def error_page(message: str, lang: str, status: int, page: str = "analyze") -> HTMLResponse:
    return render("error.html", lang, status, message=message, page=page)


def page_message(e: CreditgapError, lang: str) -> str:
    """The error in the page's words: what the page can do (its password field), never a command-line
    option it cannot set (--password, --timeout, --max-pages)."""
    from ..errors import LimitError, PasswordRequiredError, WrongPasswordError

    if isinstance(e, PasswordRequiredError):
        return TEXT[lang]["need_password"]
    if isinstance(e, WrongPasswordError):
        return TEXT[lang]["wrong_password"]
    parts = re.split(r"(?<=[。；])|(?<=[.;] )", e.message(lang))
    text = "".join(p for p in parts if "--" not in p).strip() or CreditgapError().message(lang)
    if isinstance(e, LimitError) or e.exit_code == 2 and text != e.message(lang):
        text += ("" if lang == "zh" else " ") + TEXT[lang]["limit_hint"]
    return text


def _status_for(e: CreditgapError) -> int:
    return 400 if isinstance(e, UsageError) or e.exit_code == 2 else 422


def _safe_name(name: str | None, fallback: str) -> str:
    base = Path(name or "").name
    base = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", base)[-80:].lstrip(".")
    return base or fallback  # the user's own file name: messages name it


async def _uploads(form: FormData, *names: str) -> dict[str, tuple[str, bytes]] | None:
    out = {}
    for name in names:
        item = form.get(name)
        if isinstance(item, UploadFile) and item.filename:
            out[name] = (item.filename, await item.read())
    return out


def create_app(port: int = 0, max_upload: int = MAX_UPLOAD, mapping: str | Path | None = None,
               hosts: set[str] | None = None, workers: int | None = None, timeout: float = 120.0,
               method: str | None = None) -> Any:
    """The Starlette app for ``creditgap serve`` on 127.0.0.1:``port`` (a library object: tests drive it).

    ``hosts`` overrides the accepted Host headers (default: 127.0.0.1:PORT and localhost:PORT);
    ``workers`` documents are read at once (default: one per core, at most two), each within
    ``timeout`` seconds (a comparison twice that); ``method`` is the workers' start method.
    """
    from ..api import Limits, WorkerPool, limited_comparison
    from ..read.items import TextSettings
    from ..lenders import Matcher
    from ..outputs.csv_out import todo_csv

    store = ReportStore()
    allowed = hosts or {f"127.0.0.1:{port}", f"localhost:{port}"}
    # each document read by a worker process under the limits; at most ``workers`` at once, the
    # other requests wait their turn (a crash or a hostile file takes one worker, never the server)
    pool = WorkerPool(workers, Limits(seconds=timeout), method)
    settings = TextSettings(time_limit=timeout)

    def analyze_one(name: str, data: bytes, password: str | None, lang: str) -> Any:
        # the upload lives in a private folder (0700) until the worker is done or killed: the
        # folder goes in this finally, whatever the worker did
        with tempfile.TemporaryDirectory(prefix="creditgap-") as folder:
            path = Path(folder) / _safe_name(name, "report.pdf")
            path.write_bytes(data)
            # the crops are rendered in the worker too, while the file exists and under its limits
            return pool.run(analysis_with_crops, path, password or None, mapping, lang, settings)

    def compare_many(files: dict[str, tuple[str, bytes]], password: str | None, lang: str) -> Any:
        with tempfile.TemporaryDirectory(prefix="creditgap-") as folder:
            paths = {}
            for key, (name, data) in files.items():
                suffix = Path(name).suffix.lower() if key == "todo" else ".pdf"
                if key == "todo" and suffix not in (".csv", ".xlsx", ".xlsm", ".txt"):
                    suffix = ".csv"
                (Path(folder) / key).mkdir()
                paths[key] = Path(folder) / key / (_safe_name(name, f"{key}.pdf") if key != "todo" else _todo_name(name, suffix))
                paths[key].write_bytes(data)
            return pool.run_limits(Limits(seconds=2 * timeout), limited_comparison, paths["old"], paths["new"],
                                   paths.get("todo"), password or None, mapping, lang, settings)

    async def guarded(lang: str, page: str, work: Callable[[], Any]) -> tuple[Any, Response | None]:
        try:
            return await run_in_threadpool(work), None
        except CreditgapError as e:
            return None, error_page(page_message(e, lang), lang, _status_for(e), page)
        except Exception as e:  # a bug: one line, no report content, no stack trace
            return None, error_page(TEXT[lang]["internal"].format(name=getattr(e, "bug_name", type(e).__name__)), lang, 500, page)

    async def home(request: Request) -> Response:
        return render("analyze.html", _lang(request), page="analyze", report=None)

    async def analyze(request: Request) -> Response:
        form = await request.form(max_part_size=max_upload)
        lang = _lang(request, form)
        try:
            files = await _uploads(form, "report")
            password = str(form.get("password") or "")
        finally:
            await form.close()
        if not files:
            return error_page(TEXT[lang]["no_file"], lang, 400)
        name, data = files["report"]
        done, failed = await guarded(lang, "analyze", lambda: analyze_one(name, data, password, lang))
        if failed:
            return failed
        report, crops = done
        return render("analyze.html", lang, page="analyze", **analysis_context(report, lang, store.put(report), crops))

    async def download(request: Request) -> Response:
        form = await request.form()
        lang = _lang(request, form)
        report = store.get(str(form.get("token") or ""))
        if report is None:
            return error_page(TEXT[lang]["expired"], lang, 410)
        from ..outputs.todo_file import done_date  # the date field's 2025-08-02, or whatever was typed

        done: dict[int, date] = {}
        notes: dict[int, str] = {}  # 凭证/备注 as typed (one line, capped)
        for t in report.todo:
            when, _ = done_date(str(form.get(f"done_{t.id}") or ""))
            if when:
                done[t.id] = when
            if proof := " ".join(str(form.get(f"proof_{t.id}") or "").split())[:200]:
                notes[t.id] = proof
        stem = f"creditgap-{report.header.report_no or 'todo'}"
        if form.get("format") == "xlsx":
            from ..outputs.xlsx import todo_workbook

            data = await run_in_threadpool(todo_workbook, report, lang, done, notes)
            return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            headers={"Content-Disposition": f'attachment; filename="{stem}.xlsx"', "Cache-Control": "no-store"})
        text = "\ufeff" + todo_csv(report, lang, done, notes)
        return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.csv"', "Cache-Control": "no-store"})

    async def compare_page(request: Request) -> Response:
        return render("compare.html", _lang(request), page="compare", result=None)

    async def compare(request: Request) -> Response:
        form = await request.form(max_part_size=max_upload)
        lang = _lang(request, form)
        try:
            files = await _uploads(form, "old", "new", "todo")
            password = str(form.get("password") or "")
        finally:
            await form.close()
        if not files or "old" not in files or "new" not in files:
            return error_page(TEXT[lang]["no_files"], lang, 400, "compare")
        done, failed = await guarded(lang, "compare", lambda: compare_many(files, password, lang))
        if failed:
            return failed
        result, _, _ = done
        return render("compare.html", lang, page="compare", **compare_context(result, lang, Matcher.load(mapping), TEXT[lang]))

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/analyze", analyze, methods=["POST"]),
        Route("/download", download, methods=["POST"]),
        Route("/compare", compare_page, methods=["GET"]),
        Route("/compare", compare, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_page("404", _lang(request), 404)

    async def server_error(request: Request, exc: Exception) -> Response:
        return error_page(TEXT[_lang(request)]["internal"].format(name=type(exc).__name__), _lang(request), 500)

    async def bad_request(request: Request, exc: Exception) -> Response:
        # the form parser's errors (a malformed multipart body, a part over the size): the page's own
        # error page in its language, never Starlette's English plain text
        status = getattr(exc, "status_code", 400)
        page = "compare" if request.url.path.startswith("/compare") else "analyze"
        if status == 413:
            return error_page(TEXT[_lang(request)]["too_big"].format(mb=max_upload // (1024 * 1024) or 1), _lang(request), 413, page)
        return error_page(TEXT[_lang(request)]["bad_form"], _lang(request), 400, page)

    app = Starlette(routes=routes, exception_handlers={400: bad_request, 413: bad_request, 404: not_found, 405: not_found,
                                                       500: server_error})
    return Guard(app, allowed, max_upload)


def _todo_name(name: str, suffix: str) -> str:
    """The to-do file keeps its own name (messages name it), made safe."""
    stem = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", Path(name).stem)[:60] or "todo"
    return stem + suffix
