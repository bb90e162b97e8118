"""Stage 8: the command line. Each command is one library call plus formatting."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import export
from .errors import CreditgapError
from .layouts import parse_report
from .lenders import Matcher, attach_platforms
from .pdftext import TextSettings

LANGS = click.Choice(["zh", "en"])


def common(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command takes (contract.md: common options)."""
    f = click.option("--mapping", type=click.Path(path_type=Path), default=None,
                     help="额外的机构映射 CSV，优先于内置映射 / extra lender mapping CSV, takes precedence")(f)
    f = click.option("--lang", type=LANGS, default="zh", show_default=True, help="输出语言 / output language")(f)
    return f


def pdf_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--password", default=None, help="加密 PDF 的密码 / password of an encrypted PDF")(f)
    f = click.option("--show-pii", is_flag=True, help="显示完整姓名和证件号码 / unmask name and ID number")(f)
    f = click.option("--max-pages", type=click.IntRange(1), default=300, show_default=True,
                     help="最多读取的页数 / refuse PDFs with more pages")(f)
    return f


def fail(error: CreditgapError, lang: str) -> None:
    click.echo(("错误：" if lang == "zh" else "Error: ") + error.message(lang), err=True)
    sys.exit(error.exit_code)


@click.group()
@click.version_option(package_name="creditgap")
def cli() -> None:
    """creditgap：找出征信报告里已结清未销户的网贷和额度，并告诉你去哪里关闭。

    Find settled-but-open online loans and credit lines in a PBOC credit report.
    """


@cli.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="输出格式 / output format")
@pdf_options
@common
def analyze(report: Path, fmt: str, password: str | None, show_pii: bool, max_pages: int, lang: str,
            mapping: Path | None) -> None:
    """读取征信报告 PDF，列出账户 / read a credit report PDF and list its accounts."""
    try:
        matcher = Matcher.load(mapping)
        parsed = attach_platforms(parse_report(report, password=password, settings=TextSettings(max_pages=max_pages)),
                                  matcher)
    except CreditgapError as e:
        fail(e, lang)
        return
    if fmt == "json":
        click.echo(export.json_text(parsed, show_pii=show_pii, lang=lang))
        return
    lines = export.header_lines(parsed, lang, show_pii)
    lines += export.checks_lines(parsed, lang)
    lines += ["", export.accounts_table(parsed, lang)]
    click.echo("\n".join(lines))


@cli.command()
@click.argument("name")
@common
def lenders(name: str, lang: str, mapping: Path | None) -> None:
    """查询机构名称对应的平台 / show which platform(s) a lender name maps to."""
    try:
        matcher = Matcher.load(mapping)
    except CreditgapError as e:
        fail(e, lang)
        return
    click.echo(export.lender_candidates(name, matcher, lang))


def main() -> None:  # pragma: no cover - python -m creditgap
    cli()
