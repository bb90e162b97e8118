"""The command line: each command is one library call (``api``) plus an output (``outputs``).

Every failure is one line on stderr in the --lang language with the contract's exit code; an
unexpected exception is also one line (exit 1), never a traceback, and never shows report data.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from .errors import CreditgapError, UsageError
from .read.items import ENGINES, TextSettings

# The pipeline (api, outputs, lenders …) is imported inside each command, so that `--help`
# and a usage error answer at once.

LANGS = click.Choice(["zh", "en"])


def common(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command takes (contract.md: common options)."""
    f = click.option("--mapping", type=click.Path(path_type=Path), default=None,
                     help="额外的机构映射 CSV，优先于内置映射 / extra lender mapping CSV, takes precedence")(f)
    f = click.option("--lang", type=LANGS, default="zh", show_default=True, help="输出语言 / output language")(f)
    return f


def pdf_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that read reports."""
    f = click.option("--password", default=None, help="加密 PDF 的密码 / password of an encrypted PDF")(f)
    f = click.option("--show-pii", is_flag=True, help="显示完整姓名和证件号码 / unmask name and ID number")(f)
    f = click.option("--max-pages", type=click.IntRange(1), default=300, show_default=True,
                     help="最多读取的页数 / refuse PDFs with more pages")(f)
    f = click.option("--timeout", type=click.IntRange(1), default=120, show_default=True,
                     help="每个文件最多用时（秒；OCR 识别的页面按每页计）/ seconds allowed per file (per page for pages read by OCR)")(f)
    f = click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
                     help="读取引擎：auto 用 pdfium 并在可疑页面改用 pdfplumber / reading engine: auto is pdfium, "
                          "with pdfplumber for any page the guard distrusts")(f)
    return f


def ocr_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that read one report at a time with OCR (batch has its own --workers)."""
    f = click.option("--workers", type=click.IntRange(1, 64), default=None,
                     help="OCR 同时识别的页数（默认 1：一页用满所有核，内存约 0.9 GB；每多一页约多 0.4 GB）/ pages read by OCR "
                          "at once (default 1, on every core: about 0.9 GB; each more page about 0.4 GB more)")(f)
    f = click.option("--ocr", "force_ocr", is_flag=True,
                     help="每一页都用 OCR 识别（没有文字层的页面总会识别，需安装 creditgap[ocr]）/ read every page by OCR "
                          "(pages without a text layer always are; needs creditgap[ocr])")(f)
    return f


def text_settings(max_pages: int, timeout: int, engine: str = "auto", force_ocr: bool = False,
                  workers: int | None = None) -> TextSettings:
    return TextSettings(max_pages=max_pages, time_limit=float(timeout), engine=engine, ocr="always" if force_ocr else "auto",
                        workers=workers or 0)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def ocr_progress(lang: str) -> Callable[[int, int, int, float], None]:
    """Progress of OCR on stderr when it is a terminal (stdout stays the result alone, and a script
    reading stderr sees only the one-line error the contract promises). The worker reading the file
    sends it; each page re-arms the worker's time limit (per page in OCR mode)."""
    shown = stderr_is_terminal()

    def show(done: int, total: int, page: int, seconds: float) -> None:
        if not shown:
            return
        if done == 0:
            click.echo(f"没有文字层的 {total} 页用 OCR 识别，每页需要几秒……" if lang == "zh" else
                       f"Reading {total} page(s) without a text layer by OCR, a few seconds each…", err=True)
        else:
            click.echo(f"OCR {done}/{total}：第 {page} 页，{seconds:.1f} 秒" if lang == "zh" else
                       f"OCR {done}/{total}: page {page}, {seconds:.1f} s", err=True)
    return show


def echo_text(text: str, err: bool = False) -> None:
    """Text on the terminal without the control and bidi-override characters a PDF may carry
    (an ESC sequence or U+202E in a lender name must not reach the terminal)."""
    from .outputs.text import terminal_safe

    click.echo(terminal_safe(text), err=err)


def in_worker(func: Callable[..., Any], args: tuple, seconds: float,
              progress: Callable[[int, int, int, float], None] | None = None) -> Any:
    """``func(*args)`` read in a worker process under the time and memory limits (api.run_limited).
    The command's own thread forks it, whatever threads a caller (a test runner) has."""
    from .api import Limits, default_method, run_limited

    return run_limited(func, args, Limits(seconds=seconds), default_method(threaded=False), progress=progress)


@contextlib.contextmanager
def guarded(lang: str) -> Iterator[None]:
    """Turn every failure into one line and an exit code (the time and memory limits are the
    worker's: api.run_limited)."""
    try:
        yield
    except CreditgapError as e:
        echo_text(("错误：" if lang == "zh" else "Error: ") + e.message(lang), err=True)
        sys.exit(e.exit_code)
    except (click.exceptions.Exit, click.exceptions.Abort, SystemExit, KeyboardInterrupt):
        raise
    except Exception as e:  # a bug: say so in one line, without any report content
        click.echo(("内部错误：creditgap 无法处理这个文件（" if lang == "zh" else
                    "Internal error: creditgap could not process this file (") + getattr(e, "bug_name", type(e).__name__) +
                   ("）。请报告问题，但不要附上报告本身。" if lang == "zh" else "). Please report it, without the report itself."),
                   err=True)
        sys.exit(1)


def _lang_of(args: list[str]) -> str:
    """The --lang a command line asks for, read before click parses it (for usage errors)."""
    for n, arg in enumerate(args):
        if arg == "--lang" and n + 1 < len(args):
            return "en" if args[n + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    return "zh"


def usage_line(error: click.UsageError, lang: str) -> str:
    """One line for a usage error, in the --lang language, with where to look for help."""
    command = error.ctx.command_path if error.ctx else "creditgap"
    if lang == "en":
        return f"Error: {error.format_message()} (see: {command} --help)"
    if isinstance(error, click.NoSuchOption):
        text = f"没有这个选项：{error.option_name}"
    elif isinstance(error, click.MissingParameter):
        name = error.param.human_readable_name if error.param else ""
        text = f"缺少参数 {name}".rstrip()
    elif isinstance(error, click.BadParameter) and error.param is not None and isinstance(error.param.type, click.Choice):
        name = error.param.get_error_hint(error.ctx) if error.ctx else ""
        text = f"{name} 只能是：{'、'.join(map(str, error.param.type.choices))}"
    elif isinstance(error, click.BadParameter):
        name = error.param.get_error_hint(error.ctx) if error.param and error.ctx else ""
        text = f"{name} 的值不对（{error.message}）".strip()
    elif "No such command" in error.message:
        text = f"没有这个命令：{error.message.split(chr(39))[1] if chr(39) in error.message else error.message}"
    else:
        text = f"用法不对：{error.format_message()}"
    return f"错误：{text}（查看用法：{command} --help）"


class OneLineErrors(click.Group):
    """Every usage error is one line on stderr in the --lang language, exit 2 (click prints four, in English)."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        try:
            # one name in every message, whether started as creditgap, python -m creditgap or a test runner
            return super().main(argv, "creditgap", complete_var, standalone_mode=False, **extra)
        except click.UsageError as e:
            click.echo(usage_line(e, _lang_of(argv)), err=True)
            sys.exit(2)
        except click.exceptions.Abort:
            click.echo("已取消。" if _lang_of(argv) == "zh" else "Aborted.", err=True)
            sys.exit(1)
        except click.ClickException as e:
            click.echo(("错误：" if _lang_of(argv) == "zh" else "Error: ") + e.format_message(), err=True)
            sys.exit(e.exit_code)


@click.group(cls=OneLineErrors)
@click.version_option(package_name="creditgap")
@click.option("--verbose", is_flag=True, help="在标准错误输出显示 PDF 库的警告 / show the PDF libraries' warnings on stderr")
def cli(verbose: bool) -> None:
    """creditgap：找出征信报告里已结清未销户的网贷和额度，并告诉你去哪里关闭。

    Find settled-but-open online loans and credit lines in a PBOC credit report.
    """
    quiet_libraries(verbose)


def quiet_libraries(verbose: bool) -> None:
    """stderr is for our one-line messages: pdfminer's "Not adding object … to xref" and the like go
    there only with --verbose. Neither library logs report content, only object numbers."""
    import logging
    import warnings

    if verbose:
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        return
    for name in ("pdfminer", "pdfplumber", "pypdfium2"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module=r"(pdfminer|pdfplumber|pypdfium2)(\.|$)")


@cli.command()
@click.argument("report", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="输出格式（csv 输出到文件时带 BOM；给 Excel 用也可以用 --csv 文件）/ output format (csv redirected to a "
                   "file starts with a BOM, for Excel; or use --csv FILE)")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), default=None,
              help="同时把待办清单写成 CSV（Excel 可直接打开）/ also write the to-do list as CSV")
@click.option("--xlsx", "xlsx_path", type=click.Path(path_type=Path), default=None,
              help="同时写成 Excel 工作簿（待办、账户、说明、体检）/ also write an Excel workbook (to do, accounts, how to use, check-up)")
@click.option("--force", is_flag=True, help="覆盖已存在的 CSV / xlsx / overwrite an existing CSV or xlsx")
@click.option("--include-cards", is_flag=True, help="也列出未使用的信用卡 / also list unused credit cards")
@click.option("--accounts", "show_accounts", is_flag=True, help="表格视图里列出全部账户 / list every account too")
@click.option("--readiness", "show_readiness", is_flag=True,
              help="表格视图里加上审核体检（查询次数、负债、使用率…，现在与办完后）/ add the review check-up, now and after")
@click.option("--strict", is_flag=True, help="报告只读出一部分时退出码为 1 / exit 1 when the report was read only in part")
@pdf_options
@ocr_options
@common
def analyze(report: tuple[Path, ...], fmt: str, csv_path: Path | None, xlsx_path: Path | None, force: bool, include_cards: bool,
            show_accounts: bool, show_readiness: bool, strict: bool, password: str | None, show_pii: bool, max_pages: int,
            timeout: int, engine: str, force_ocr: bool, workers: int | None, lang: str, mapping: Path | None) -> None:
    """读取征信报告，列出要关闭的账户和办法。REPORT 是 PDF，或一份报告各页的图片（JPG/PNG/TIFF，按页序给出，用 OCR 识别）。

    Read a credit report and list what to close, and how. REPORT is a PDF, or the page images of one
    report (JPG/PNG/TIFF, in page order; read by OCR).
    """
    from .api import limited_analysis
    from .outputs import csv_out, json_out, terminal
    from .outputs.files import write_text_file

    with guarded(lang):
        settings = text_settings(max_pages, timeout, engine, force_ocr, workers)
        # read in a worker process: a hostile file meets a hard time limit (exit 2) and a memory cap
        result = in_worker(limited_analysis, (report[0] if len(report) == 1 else list(report), password, mapping,
                                              include_cards, lang, settings), timeout, ocr_progress(lang))
        if csv_path is not None:
            write_text_file(csv_path, csv_out.todo_csv(result, lang), force=force)
        if xlsx_path is not None:
            from .outputs.xlsx import write_xlsx

            write_xlsx(xlsx_path, result, lang, force=force)
    if fmt == "json":
        click.echo(json_out.json_text(result, show_pii=show_pii, lang=lang))
    elif fmt == "csv":  # a BOM when redirected to a file, so that Excel reads the Chinese text as UTF-8
        click.echo(("" if sys.stdout.isatty() else "\ufeff") + csv_out.todo_csv(result, lang), nl=False)
    else:
        echo_text(terminal.analysis_view(result, lang, show_pii, show_accounts, show_readiness))
    if strict and not result.complete:
        sys.exit(1)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--todo", "todo_csv", type=click.Path(path_type=Path), default=None,
              help="用 analyze 旧报告 --csv / --xlsx 生成、填好办理日期的待办清单 / "
                   "the to-do CSV or xlsx that analyze OLD.pdf wrote, with 办理日期 filled in")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="输出格式 / output format")
@click.option("--strict", is_flag=True, help="有仍未关闭、找不到或无法核实的账户时退出码为 1 / "
                                           "exit 1 when anything is still open, not found or unverified")
@click.option("--readiness", "show_readiness", is_flag=True,
              help="也显示审核体检的新旧对比 / also show the review check-up, old → new")
@pdf_options
@ocr_options
@common
def compare(old: Path, new: Path, todo_csv: Path | None, fmt: str, strict: bool, show_readiness: bool,
            password: str | None, show_pii: bool, max_pages: int, timeout: int, engine: str, force_ocr: bool,
            workers: int | None, lang: str, mapping: Path | None) -> None:
    """对比同一个人的旧报告 OLD（较早打印）和新报告 NEW（较晚打印），确认关闭是否生效。
    --todo 是用 analyze OLD.pdf --csv 生成、填好办理日期的那份清单。

    Confirm which closures took effect: OLD is the earlier report, NEW the later one, of the same
    person; --todo is the list `analyze OLD.pdf --csv` wrote, with 办理日期 filled in.
    """
    from .api import limited_comparison
    from .lenders import Matcher
    from .outputs import compare_view, json_out, readiness_view

    with guarded(lang):
        matcher = Matcher.load(mapping)
        settings = text_settings(max_pages, timeout, engine, force_ocr, workers)
        # two documents in one worker: twice the time
        result, old_report, new_report = in_worker(limited_comparison, (old, new, todo_csv, password, mapping, lang, settings),
                                                   timeout * 2, ocr_progress(lang))
    if fmt == "json":
        data = {**json_out.compare_json(result, lang, show_pii),
                "readiness": json_out.change_json(old_report.readiness, new_report.readiness)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        echo_text(compare_view.compare_view(result, matcher, lang, show_pii))
        if show_readiness:
            echo_text("\n" + "\n".join(readiness_view.readiness_change_lines(old_report, new_report, lang)))
    if strict and result.needs_attention:
        sys.exit(1)


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format")
@click.option("--list", "list_all", is_flag=True, help="以 CSV 输出整张映射表 / print the whole mapping table as CSV")
@common
def lenders(names: tuple[str, ...], fmt: str, list_all: bool, lang: str, mapping: Path | None) -> None:
    """查询机构名称对应的平台（可多个；“-”从标准输入每行读一个）/ which platform(s) lender names map to."""
    from .lenders import Matcher
    from .outputs import csv_out, json_out, terminal

    with guarded(lang):
        matcher = Matcher.load(mapping)
    if list_all:
        click.echo(csv_out.lender_table_csv(matcher), nl=False)
        return
    if names == ("-",):
        names = tuple(line.strip() for line in sys.stdin if line.strip())
    names = tuple(n for n in (n.strip() for n in names) if n)
    if not names:
        with guarded(lang):
            raise UsageError("请给出机构名称（可以是几个；“-”从标准输入读），或用 --list 列出全部。",
                             "Give at least one lender name (or - to read names from stdin), or --list for all.")
    if fmt == "json":
        click.echo(json.dumps(json_out.lender_candidates_json(names, matcher), ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(terminal.lender_candidates(name, matcher, lang) for name in names))


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), default=None,
              help="把所有文件的待办清单写进一个 CSV / write every file's to-do list to one CSV")
@click.option("--force", is_flag=True, help="覆盖已存在的 CSV / overwrite an existing CSV")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="同时处理的进程数，默认为 CPU 核数（最多 4）/ processes reading files at once; default: the cores, at most 4")
@click.option("--include-cards", is_flag=True, help="也列出未使用的信用卡 / also list unused credit cards")
@click.option("--strict", is_flag=True, help="有文件失败或只读出一部分时退出码为 1 / exit 1 when a file failed or was read in part")
@pdf_options
@common
def batch(inputs: tuple[Path, ...], csv_path: Path | None, force: bool, workers: int | None, include_cards: bool, strict: bool,
          password: str | None, show_pii: bool, max_pages: int, timeout: int, engine: str, lang: str, mapping: Path | None) -> None:
    """批量分析多份报告（文件或文件夹）/ analyse many reports (files or folders); a bad file is skipped."""
    from .api import analyze_files, default_method, pdf_files
    from .lenders import Matcher
    from .outputs import csv_out, terminal
    from .outputs.files import write_text_file

    with guarded(lang):
        paths = pdf_files(list(inputs))
        if not paths:
            raise UsageError("没有找到 PDF 文件。", "No PDF files found.")
        if csv_path is not None and csv_path.exists() and not force:
            raise UsageError(f"{csv_path.name} 已存在。加 --force 覆盖，或换一个文件名。",
                             f"{csv_path.name} already exists. Add --force to overwrite it, or choose another name.")
        Matcher.load(mapping)  # a bad mapping file stops the batch before any work
        results = []
        # one file per process (no page helper in batch): as many processes as cores by default
        workers = workers or min(4, os.cpu_count() or 1, len(paths))
        # the command's own thread forks the workers (a test runner's threads do not matter here)
        stream = analyze_files(paths, workers, password, mapping, include_cards, lang, text_settings(max_pages, timeout, engine),
                               method=default_method(threaded=False))
        with click.progressbar(stream, length=len(paths), file=sys.stderr, label="分析中" if lang == "zh" else "analysing",
                               show_pos=True) as bar:
            for result in bar:
                results.append(result)
        for r in results:
            if r.report is None:
                echo_text(f"{r.path.name}: " + (r.error_en if lang == "en" else r.error_zh), err=True)
        if csv_path is not None:
            write_text_file(csv_path, csv_out.batch_csv(results, lang, show_pii), force=force)
    echo_text(terminal.batch_table(results, lang, show_pii))
    echo_text(terminal.batch_summary(results, lang))
    if not any(r.report is not None for r in results):
        click.echo("错误：没有一个文件读取成功。" if lang == "zh" else "Error: no file could be read.", err=True)
        sys.exit(1)
    if strict and any(r.report is None or not r.report.complete for r in results):
        sys.exit(1)


@cli.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.argument("ref")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="写成 PNG 文件（不给时输出到重定向的标准输出）/ write the PNG here (else to redirected stdout)")
@click.option("--force", is_flag=True, help="覆盖已存在的文件 / overwrite an existing file")
@pdf_options
@common
def show(report: Path, ref: str, output: Path | None, force: bool, password: str | None, show_pii: bool, max_pages: int,
         timeout: int, engine: str, lang: str, mapping: Path | None) -> None:
    """把报告上 REF（待办里的 A12、P4）那几行截成 PNG，方便核对 / the report's own lines of REF (A12, P4) as a PNG."""
    from .api import limited_analysis
    from .outputs.crop import crop_png, record_where
    from .outputs.files import check_target, write_bytes_file

    with guarded(lang):
        if output is None and sys.stdout.isatty():  # a PNG on a terminal is noise
            raise UsageError("请用 -o 文件名.png 指定输出文件，或重定向：creditgap show 报告.pdf A12 > a12.png",
                             "Name the output with -o FILE.png, or redirect: creditgap show REPORT.pdf A12 > a12.png")
        if output is not None:
            check_target(output, force)
        # read in a worker under the limits, as analyze does; the page is drawn here only once
        # the worker has read the file whole
        result = in_worker(limited_analysis, (report, password, mapping, False, lang, text_settings(max_pages, timeout, engine)),
                           timeout)
        where = record_where(result, ref)
        if where is None:
            raise UsageError(f"{ref} 在报告上的位置未知（读取时没有位置信息），无法截图。",
                             f"Where {ref} is printed is not known (the reading had no positions); nothing to show.")
        data = crop_png(report, where, password=password)
        if output is not None:
            write_bytes_file(output, data, force=force)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="本机端口（0：自动选一个空闲端口）/ port on 127.0.0.1 (0: a free one)")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器 / do not open the default browser")
@common
def serve(port: int, no_browser: bool, lang: str, mapping: Path | None) -> None:
    """在本机打开网页版（只监听 127.0.0.1，不联网）/ open the local page (127.0.0.1 only, no network)."""
    try:
        import jinja2  # noqa: F401
        import python_multipart  # noqa: F401
        import openpyxl  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401

        from .web import serve as run_server
    except ImportError:
        from .web import EXTRA_HINT

        click.echo(("错误：" if lang == "zh" else "Error: ") + EXTRA_HINT[lang == "en"], err=True)
        sys.exit(2)
    with guarded(lang):
        from .lenders import Matcher

        Matcher.load(mapping)  # a bad mapping file stops here, in one line
        try:
            run_server(port=port, open_browser=not no_browser, lang=lang, mapping=mapping)
        except OSError as e:  # the port is taken
            raise UsageError(f"无法在 127.0.0.1:{port} 上启动（{e.strerror}）。换一个 --port，或不加 --port。",
                             f"Cannot listen on 127.0.0.1:{port} ({e.strerror}). Choose another --port, or none.") from None
