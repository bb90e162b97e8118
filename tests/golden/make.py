"""Golden outputs: what the command line prints and writes for every committed sample.

A refactoring safety net (issue 23): the files in ``tests/golden/out`` were made by the code as it
was before the package was restructured into layers, and ``tests/test_golden.py`` makes every one
of them again and asserts it is byte-identical. They are not a truth about reports (the samples'
``*.truth.json`` are): they pin what users see, so that moving code changes nothing of it.

    python -m tests.golden.make      # writes tests/golden/out/

Regenerate only on purpose, when an output is meant to change, and say so in the commit; never to
make a failing golden test pass.

Every case runs through the CLI (click's CliRunner) with fixed options: no terminal (so tables are
100 columns wide and no progress is shown), files written to a temporary folder whose name appears
in no output, the to-do workbook compared cell by cell (an xlsx file carries the time it was saved).
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = ROOT / "samples"
OUT = Path(__file__).resolve().parent / "out"
EXIT_CODES = OUT / "exit_codes.json"

# every committed sample PDF, the scan included (read by OCR: the slowest cases)
PDFS = ("detailed-clean", "detailed-kitchen", "detailed-online", "detailed-statuses", "compare-later",
        "simplified-gen1", "simplified-kitchen", "simplified-online", "simplified-online-scan")
LENDER_NAMES = ("重庆美团三快小额贷款有限公司", "深圳前海微众银行股份有限公司信用卡中心", "花呗", "招连消费金融有限公司",
                "不存在的某某小额贷款有限公司")


@dataclass(frozen=True)
class Case:
    """One CLI run: ``args`` with ``{tmp}`` standing for a temporary folder. Its stdout is kept as
    ``<name>.<suffix>``; each file in ``files`` (name in {tmp} → golden name) is kept too."""

    name: str
    args: tuple[str, ...]
    suffix: str = "txt"
    files: dict[str, str] = field(default_factory=dict)


def _pdf(name: str) -> str:
    return str(SAMPLES / f"{name}.pdf")


def cases() -> list[Case]:
    out: list[Case] = []
    for name in PDFS:
        out.append(Case(f"analyze-{name}", ("analyze", _pdf(name), "--format", "json"), "json"))
        out.append(Case(f"analyze-{name}-table", ("analyze", _pdf(name), "--csv", "{tmp}/todo.csv"), "txt",
                        {"todo.csv": f"analyze-{name}-todo.csv"}))
    online, kitchen = _pdf("detailed-online"), _pdf("simplified-kitchen")
    out += [
        Case("analyze-detailed-online-en", ("analyze", online, "--lang", "en", "--csv", "{tmp}/todo.csv"), "txt",
             {"todo.csv": "analyze-detailed-online-en-todo.csv"}),
        Case("analyze-detailed-online-en", ("analyze", online, "--lang", "en", "--format", "json"), "json"),
        Case("analyze-detailed-online-readiness-accounts", ("analyze", online, "--readiness", "--accounts")),
        Case("analyze-detailed-kitchen-readiness-accounts-en",
             ("analyze", _pdf("detailed-kitchen"), "--readiness", "--accounts", "--lang", "en")),
        Case("analyze-simplified-kitchen-readiness-accounts", ("analyze", kitchen, "--readiness", "--accounts")),
        Case("analyze-detailed-statuses-cards", ("analyze", _pdf("detailed-statuses"), "--include-cards", "--readiness")),
        Case("analyze-detailed-clean-pii", ("analyze", _pdf("detailed-clean"), "--show-pii", "--format", "json"), "json"),
        Case("analyze-simplified-online-stdout", ("analyze", _pdf("simplified-online"), "--format", "csv"), "csv"),
        Case("analyze-detailed-online-xlsx", ("analyze", online, "--xlsx", "{tmp}/todo.xlsx"), "txt",
             {"todo.xlsx": "analyze-detailed-online-xlsx-cells.txt"}),
        Case("analyze-simplified-kitchen-xlsx-en", ("analyze", kitchen, "--lang", "en", "--xlsx", "{tmp}/todo.xlsx"), "txt",
             {"todo.xlsx": "analyze-simplified-kitchen-xlsx-en-cells.json"}),
    ]
    todo = str(SAMPLES / "compare-online.todo.csv")
    later = _pdf("compare-later")
    for pair, old, extra in (("compare-online", online, ("--todo", todo)), ("compare-cross", _pdf("simplified-online"), ())):
        out.append(Case(pair, ("compare", old, later, *extra)))
        out.append(Case(pair, ("compare", old, later, *extra, "--format", "json"), "json"))
    out += [
        Case("compare-online-readiness-en", ("compare", online, later, "--todo", todo, "--readiness", "--lang", "en")),
        Case("compare-online-en", ("compare", online, later, "--todo", todo, "--lang", "en", "--format", "json"), "json"),
        Case("compare-cross-readiness", ("compare", _pdf("simplified-online"), later, "--readiness", "--strict")),
        Case("lenders", ("lenders", *LENDER_NAMES)),
        Case("lenders-en", ("lenders", "--lang", "en", *LENDER_NAMES)),
        Case("lenders", ("lenders", "--format", "json", *LENDER_NAMES), "json"),
        Case("batch", ("batch", _pdf("detailed-clean"), _pdf("detailed-online"), _pdf("simplified-kitchen"),
                       str(SAMPLES / "compare-online.todo.csv"), "--workers", "1", "--csv", "{tmp}/batch.csv"), "txt",
             {"batch.csv": "batch.csv"}),
    ]
    return out


def workbook_cells(data: bytes) -> bytes:
    """Every non-empty cell of every sheet (its value as JSON and its number format), each sheet's
    frozen panes and data validations: one line each."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    lines = []
    for ws in book.worksheets:
        lines.append(f"[{ws.title}] freeze={ws.freeze_panes}")
        lines += [f"validation {dv.sqref} {dv.type} {dv.formula1} {dv.formula2}" for dv in ws.data_validations.dataValidation]
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    value = c.value.isoformat() if hasattr(c.value, "isoformat") else c.value
                    lines.append(f"{c.coordinate}\t{c.number_format}\t{json.dumps(value, ensure_ascii=False)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def run(case: Case) -> tuple[int, dict[str, bytes]]:
    """(exit code, golden name → bytes) of one case, made now."""
    from creditgap.cli import cli

    with tempfile.TemporaryDirectory(prefix="creditgap-golden-") as tmp:
        args = [a.replace("{tmp}", tmp) for a in case.args]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        outputs = {f"{case.name}.{case.suffix}": result.stdout_bytes}
        for made, golden in case.files.items():
            data = (Path(tmp) / made).read_bytes()
            outputs[golden] = workbook_cells(data) if made.endswith(".xlsx") else data
    return result.exit_code, outputs


def main() -> int:
    OUT.mkdir(exist_ok=True)
    codes: dict[str, int] = {}
    for case in cases():
        code, outputs = run(case)
        for name, data in outputs.items():
            (OUT / name).write_bytes(data)
            codes[name] = code
        print(f"{case.name}.{case.suffix}: exit {code}", file=sys.stderr)
    EXIT_CODES.write_text(json.dumps(codes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
