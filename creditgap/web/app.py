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


class Guard:
    """ASGI middleware: the Host check, the Origin check on POST and the body size limit."""

    def __init__(self, app: Any, hosts: set[str], max_upload: int) -> None:
        self.app, self.hosts, self.max_upload = app, hosts, max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        lang = "en" if request.query_params.get("lang") == "en" else "zh"
        host = request.headers.get("host", "").lower()
        if host not in self.hosts:
            await error_page(TEXT[lang]["bad_host"], lang, 400)(scope, receive, send)
            return
        origin = request.headers.get("origin")
        if scope["method"] == "POST" and origin and origin != "null" and origin.split("://", 1)[-1].lower() not in self.hosts:
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


def render(template: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(t=TEXT[lang], lang=lang, **context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                                                           "X-Content-Type-Options": "nosniff",
                                                           "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; form-action 'self'"})


def error_page(message: str, lang: str, status: int, page: str = "analyze") -> HTMLResponse:
    return render("error.html", lang, status, message=message, page=page)


def _status_for(e: CreditgapError) -> int:
    return 400 if isinstance(e, UsageError) or e.exit_code == 2 else 422


def tel(phone: str) -> str:
    """The first phone number in a mapping's text, for a tel: link."""
    m = re.search(r"\+?\d[\d\- ]{2,}\d", phone)
    return re.sub(r"[\s\-]", "", m.group()) if m else ""


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
               hosts: set[str] | None = None) -> Any:
    """The Starlette app for ``creditgap serve`` on 127.0.0.1:``port`` (a library object: tests drive it).

    ``hosts`` overrides the accepted Host headers (default: 127.0.0.1:PORT and localhost:PORT).
    """
    from ..api import analyze_report, compare_files
    from ..lenders import Matcher
    from ..outputs.csv_out import todo_csv

    store = ReportStore()
    allowed = hosts or {f"127.0.0.1:{port}", f"localhost:{port}"}

    def analyze_one(name: str, data: bytes, password: str | None, lang: str) -> Any:
        with tempfile.TemporaryDirectory(prefix="creditgap-") as folder:  # mode 0700, deleted with its files
            path = Path(folder) / _safe_name(name, "report.pdf")
            path.write_bytes(data)
            report = analyze_report(path, password=password or None, mapping=mapping, lang=lang)
            return report, item_crops(report, path, password or None)  # rendered now, while the file exists

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
            return compare_files(paths["old"], paths["new"], paths.get("todo"), password=password or None,
                                 mapping=mapping, lang=lang)

    async def guarded(lang: str, page: str, work: Callable[[], Any]) -> tuple[Any, Response | None]:
        try:
            return await run_in_threadpool(work), None
        except CreditgapError as e:
            return None, error_page(e.message(lang), lang, _status_for(e), page)
        except Exception as e:  # a bug: one line, no report content, no stack trace
            return None, error_page(TEXT[lang]["internal"].format(name=type(e).__name__), lang, 500, page)

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
        return render("compare.html", lang, page="compare", **compare_context(result, lang, Matcher.load(mapping)))

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

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, 500: server_error})
    return Guard(app, allowed, max_upload)


def _todo_name(name: str, suffix: str) -> str:
    """The to-do file keeps its own name (messages name it), made safe."""
    stem = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", Path(name).stem)[:60] or "todo"
    return stem + suffix


def item_crops(report: Any, path: Path, password: str | None) -> dict[int, tuple[str, str]]:
    """Each to-do item's lines of the report as an embedded PNG (a data: URI) and where they are; made
    while the request is answered, kept only in the page sent (never in the store or on disk)."""
    import base64

    import pypdfium2

    from ..outputs.crop import crop_png, item_where

    out: dict[int, tuple[str, str]] = {}
    if path.suffix.lower() != ".pdf" or not report.todo:
        return out
    try:
        doc = pypdfium2.PdfDocument(str(path), password=password)
    except Exception:  # the report was read; a crop is a help, never a reason to fail the page
        return out
    try:
        for t in report.todo:
            where = item_where(report, t)
            if where is None:
                continue
            try:
                png = crop_png(doc, where, scale=1.5)
            except Exception:
                continue
            out[t.id] = ("data:image/png;base64," + base64.b64encode(png).decode("ascii"), str(where.page))
    finally:
        doc.close()
    return out


def analysis_context(report: Any, lang: str, token: str, crops: dict[int, tuple[str, str]] | None = None) -> dict[str, Any]:
    from ..model import mask_id, mask_name
    from ..outputs import wording
    from ..outputs.readiness_view import readiness_lines
    from ..outputs.text import yuan

    en = lang == "en"
    h = report.header
    by_ref = {r.ref: r for r in (*report.accounts, *report.agreements)}
    cards = []
    doubtful = wording.doubtful_refs(report)
    for t in report.todo:
        record = next((by_ref[r] for r in t.accounts + t.agreements if r in by_ref), None)
        match = record.platforms[0] if record is not None and record.platforms else None
        via = (match.via if en else wording.VIA_LABELS.get(match.via, match.via)) if match else ""
        evidence = ((f"{t.lender} → {match.platform} ({via}, {match.score:.0f})" if en else
                     f"{t.lender} → {match.platform}（{via}，{match.score:.0f} 分）") if match else "")
        if match and match.evidence:  # what the report itself says (same-day accounts, inquiries)
            evidence += ("; " if en else "；") + ("; " if en else "；").join(match.evidence)
        cards.append({"item": t, "action": wording.action_label(t.action, lang), "tel": tel(t.phone or ""),
                      "refs": " ".join(wording.marked_ref(r, doubtful) for r in t.accounts + t.agreements),
                      "doubt": wording.OCR_REASON[en].strip(" ()（）") if wording.todo_doubtful(t, doubtful) else "",
                      "evidence": evidence,
                      "crop": (crops or {}).get(t.id, ("", ""))[0],
                      "where": (f"page {(crops or {})[t.id][1]}" if en else f"第 {(crops or {})[t.id][1]} 页")
                      if t.id in (crops or {}) else "",
                      "limit": yuan(t.credit_limit)})
    accounts = [{"a": a, "family": wording.FAMILY_LABELS[lang][a.family], "status": wording.status_text(a, lang),
                 "platform": a.platforms[0].platform if a.platforms else "", "balance": yuan(a.balance),
                 "limit": yuan(a.credit_limit if a.credit_limit is not None else a.amount)} for a in report.accounts]
    impact = wording.impact_line(report, lang) if report.todo else ""
    if impact and not report.complete:
        impact = ("For the part that was read only: " if en else "（仅就读出的部分）") + impact
    checks = [{"level": c.level, "message": c.message_en if en and c.message_en else c.message}
              for c in sorted(report.checks, key=lambda c: c.level != "error")]
    from ..outputs.todo_rows import todo_groups

    by_id = {c["item"].id: c for c in cards}
    groups = [{"platform": g.platform, "steps": g.steps, "phone": g.phone, "tel": tel(g.phone or ""),
               "expected_update": g.expected_update, "cards": [by_id[t.id] for t in g.items]}
              for g in todo_groups(report.todo)]
    return {"report": report, "token": token, "cards": cards, "groups": groups, "accounts": accounts, "impact": impact, "checks": checks,
            "partial": None if report.complete else wording.PARTIAL_READ[en],
            "header": wording.header_lines(report, lang) + [line for line in [wording.ocr_line(report, lang)] if line],
            "name": mask_name(h.subject_name), "id_no": mask_id(h.subject_id),
            "readiness": readiness_lines(report, lang, columns=400) if report.readiness is not None else []}


def compare_context(result: Any, lang: str, matcher: Any) -> dict[str, Any]:
    from ..outputs.wording import VERDICT_TITLES

    en = lang == "en"
    t = TEXT[lang]
    warnings = [t["partial_compare"].format(which=t[word]) for complete, word in
                ((result.old_complete, "old_word"), (result.new_complete, "new_word")) if not complete]

    def when(h: Any) -> str:
        return h.report_time.strftime("%Y-%m-%d") if h.report_time else "--"

    s = result.totals
    groups = []
    for verdict, titles in VERDICT_TITLES.items():
        items = [i for i in result.items if i.verdict == verdict]
        if items:
            groups.append({"verdict": verdict, "title": titles[en], "rows": [
                {"refs": " → ".join(r for r in (i.old_ref, i.new_ref) if r), "platform": i.platform or "--",
                 "lender": i.lender, "due": t["expected_by"].format(d=i.due_by) if i.due_by else "",
                 "done_on": str(i.done_on or ""), "proof": i.proof or ""} for i in items]})
    steps = []
    for i in result.items:
        if i.next_step:  # still_open, not_found: the usual route, with the date and proof the to-do file kept
            p = matcher.platforms.get(i.platform or "")
            steps.append({"ref": i.old_ref, "lender": i.lender, "text": i.next_step[en],
                          "parts": [x.rstrip("；; ") for x in re.split(r"\s*(?=\d\) )", i.next_step[en]) if x.strip()],
                          "phone": p.phone if p and p.phone else "", "tel": tel(p.phone) if p and p.phone else ""})
    return {"result": result, "warnings": warnings, "notes": [n[en] for n in result.notes], "groups": groups,
            "steps": steps, "period": t["period"].format(a=when(result.old), b=when(result.new)),
            "totals": t["totals"].format(a=s.open_accounts_old, b=s.open_accounts_new, c=s.open_credit_limit_old,
                                         d=s.open_credit_limit_new, e=s.lenders_old, f=s.lenders_new)}
