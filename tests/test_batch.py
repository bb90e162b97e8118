"""batch: many reports, a bad file reported and skipped, one combined CSV."""

from __future__ import annotations

import shutil

import pandas as pd
from click.testing import CliRunner

from creditgap.api import analyze_files, pdf_files
from creditgap.cli import cli
from tests.helpers import SAMPLES, load_truth

NAMES = ["detailed-online", "simplified-gen1", "detailed-clean"]


def folder(tmp_path):
    for name in NAMES:
        shutil.copy(SAMPLES / f"{name}.pdf", tmp_path / f"{name}.pdf")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (tmp_path / "notes.txt").write_text("not a report", encoding="utf-8")
    return tmp_path


def test_batch_folder_with_a_bad_file(tmp_path):
    (tmp_path / "in").mkdir()
    src = folder(tmp_path / "in")
    out = tmp_path / "all.csv"
    result = CliRunner().invoke(cli, ["batch", str(src), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    assert "共 4 个文件：完整读取 3 个，只读出一部分 0 个，失败 1 个" in result.output
    assert "broken.pdf" in result.output
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns[:2]) == ["文件", "姓名"] and list(frame.columns[2:5]) == ["序号", "平台", "放款机构"]
    names = {load_truth(n)["report"]["subject_name"] for n in NAMES}
    assert set(frame["姓名"]) and not set(frame["姓名"]) & names  # masked without --show-pii
    assert all(name.endswith("*") for name in set(frame["姓名"]))
    expected = sum(len(load_truth(n)["expected_todo"]) for n in NAMES)
    assert len(frame) == expected
    assert set(frame["文件"]) == {"detailed-online.pdf", "simplified-gen1.pdf"}  # the clean report has nothing to do


def test_two_workers_give_the_same_results_in_the_same_order(tmp_path):
    paths = pdf_files([folder(tmp_path)])
    one = [(r.path.name, r.exit_code, r.report.todo if r.report else None) for r in analyze_files(paths, workers=1)]
    two = [(r.path.name, r.exit_code, r.report.todo if r.report else None) for r in analyze_files(paths, workers=2)]
    assert one == two
    assert [code for _, code, _ in one].count(3) == 1


def test_batch_without_pdfs_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["batch", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2 and "No PDF files found." in result.output


def test_show_pii_unmasks_the_subject_in_batch_and_compare(tmp_path):
    truth = load_truth("detailed-online")["report"]
    src = folder(tmp_path)
    masked = CliRunner().invoke(cli, ["batch", str(src)]).output
    shown = CliRunner().invoke(cli, ["batch", str(src), "--show-pii"]).output
    assert truth["subject_name"] not in masked and truth["subject_name"] in shown
    pair = [str(SAMPLES / "detailed-online.pdf"), str(SAMPLES / "compare-later.pdf")]
    masked = CliRunner().invoke(cli, ["compare", *pair]).output
    shown = CliRunner().invoke(cli, ["compare", *pair, "--show-pii"]).output
    assert truth["subject_id"] not in masked and truth["subject_name"] not in masked
    assert truth["subject_id"] in shown and truth["subject_name"] in shown


def test_workers_default_to_the_cores_at_most_four_and_one_per_file(tmp_path, monkeypatch):
    import creditgap.api

    asked = []
    real = creditgap.api.analyze_files

    def spy(paths, workers=1, *args, **kwargs):
        asked.append(workers)
        return real(paths, 1, *args, **kwargs)

    monkeypatch.setattr(creditgap.api, "analyze_files", spy)
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    folder(tmp_path)
    CliRunner().invoke(cli, ["batch", str(tmp_path)])
    CliRunner().invoke(cli, ["batch", str(tmp_path / "detailed-clean.pdf")])
    CliRunner().invoke(cli, ["batch", str(tmp_path), "--workers", "3"])
    assert asked == [min(4, len(pdf_files([tmp_path]))), 1, 3]
