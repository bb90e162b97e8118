"""Write the committed sample reports and their truth JSON.

    python -m samples.generate            # rewrite samples/*.pdf and samples/*.truth.json

Each truth file is the model the PDF was rendered from (pages filled in by the renderer), not
the parser's output, plus ``expected_todo``: the to-do items the generator meant the sample to
produce (samples/expect.py). Tests compare parser and analyzer against them. Names and IDs are
synthetic.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import timedelta
from pathlib import Path

from creditgap.model import Report, to_json

from .render_detailed import DetailedStyle, render_detailed
from .render_simplified import SimplifiedStyle, render_simplified
from .expect import expected_todo
from .pairs import later
from .synth import random_truth

HERE = Path(__file__).parent

# name → (seed, kind, style)
DETAILED = {
    "detailed-clean": (11, "clean", DetailedStyle(label_cells=6, one_table=True)),
    "detailed-online": (12, "online", DetailedStyle(label_cells=4, one_table=False, as_of_in_table=True,
                                                   full_width=False, watermark=True, dash="－")),
    "detailed-kitchen": (13, "kitchen", DetailedStyle(label_cells=8, one_table=True, watermark=True, fake_bold=True,
                                                     header_every_page=False, zero_summary="--")),
    # every 账户状态 of every family, a dual-currency card, the official 信息概要 with its 合计 rows (issue 22)
    "detailed-statuses": (15, "statuses", DetailedStyle(label_cells=6, one_table=False, official_summary=True,
                                                        shared_limit="zero", watermark=True, tip_caption_in_table=True)),
}

# The same people as the 详版 samples where the seed matches: one person's data in both layouts.
SIMPLIFIED = {
    "simplified-online": (12, "online", SimplifiedStyle(generation=2, watermark=True)),
    "simplified-kitchen": (13, "kitchen", SimplifiedStyle(generation=2, full_width=False, summary_two_rows=True)),
    "simplified-gen1": (14, "online", SimplifiedStyle(generation=1, header_every_page=False)),
}


def truth_json(report: Report) -> dict[str, object]:
    data = to_json(report, show_pii=True)
    for key in ("source", "checks", "todo", "impact", "readiness", "complete"):
        data.pop(key)
    return data


def write(name: str, report: Report, intent: dict[str, str | None], platforms: dict[str, str]) -> None:
    data = truth_json(report)
    data["expected_todo"] = expected_todo(report, intent, platforms)
    (HERE / f"{name}.truth.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    for name, (seed, kind, style) in DETAILED.items():
        model, intent, platforms = random_truth(random.Random(seed), kind)
        write(name, render_detailed(model, str(HERE / f"{name}.pdf"), style), intent, platforms)
        print(f"wrote samples/{name}.pdf")
    for name, (seed, kind, sstyle) in SIMPLIFIED.items():
        model, intent, platforms = random_truth(random.Random(seed), kind)
        view, refs = render_simplified(model, str(HERE / f"{name}.pdf"), sstyle)
        # 简版 prints no agreements: only the accounts' intents carry over, under their new refs.
        write(name, view, {refs[ref]: action for ref, action in intent.items() if ref in refs},
              {refs[ref]: platform for ref, platform in platforms.items() if ref in refs})
        print(f"wrote samples/{name}.pdf")
    pairs()


def write_todo_csv(path: Path, items: list[dict[str, object]], done: dict[str, str]) -> None:
    """The to-do CSV a user would keep: the contract's columns, 办理日期 filled where ``done`` says."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["序号", "平台", "放款机构", "账户", "操作", "原因", "涉及额度", "操作步骤", "客服电话", "预计生效", "匹配置信度",
                    "办理日期"])
        for n, item in enumerate(items, 1):
            refs = " ".join(item["accounts"] + item["agreements"])  # type: ignore[operator]
            w.writerow([n, item["platform"] or "", item["lender"], refs, item["action"], "", "", "", "", "", "",
                        done.get(refs, "")])


def pairs() -> None:
    """compare-online: 详版 → 详版 with a filled-in to-do CSV; compare-cross: 简版 → 详版, no CSV."""
    seed, kind, _ = DETAILED["detailed-online"]
    model, intent, platforms = random_truth(random.Random(seed), kind)
    new, refs, verdicts = later(model, intent, random.Random(99))
    render_detailed(new, str(HERE / "compare-later.pdf"), DetailedStyle(label_cells=6, watermark=True))
    assert model.header.report_time and new.header.report_time
    # The user did two of the still-open items: one long ago (still_open), one three days before NEW (pending).
    items = expected_todo(model, intent, platforms)
    stay = [ref for ref, v in verdicts.items() if v == "still_open" and intent.get(ref) == "close_credit_line"]
    done: dict[str, str] = {}
    expected: dict[str, str] = {}
    for item in items:
        key = " ".join(item["accounts"] + item["agreements"])
        if stay and stay[0] in key.split():
            done[key] = (model.header.report_time - timedelta(days=60)).date().isoformat()
        elif len(stay) > 1 and stay[1] in key.split():
            done[key] = (new.header.report_time - timedelta(days=3)).date().isoformat()
            expected.update({ref: "pending" for ref in key.split()})
    write_todo_csv(HERE / "compare-online.todo.csv", items, done)
    write_json(HERE / "compare-online.truth.json", {
        "old": "detailed-online.pdf", "new": "compare-later.pdf", "todo": "compare-online.todo.csv",
        "items": compare_truth({**verdicts, **expected}, refs, {ref: ref for ref in verdicts})})
    # The same person's older 简版: its own refs, and no agreements (a 简版 prints none).
    _, simple_refs = render_simplified(model, str(HERE / "_scratch.pdf"), SIMPLIFIED["simplified-online"][2])
    (HERE / "_scratch.pdf").unlink()
    write_json(HERE / "compare-cross.truth.json", {
        "old": "simplified-online.pdf", "new": "compare-later.pdf", "todo": None,
        "items": compare_truth(verdicts, refs, simple_refs)})
    print("wrote samples/compare-later.pdf and the compare truths")


def compare_truth(verdicts: dict[str, str], new_refs: dict[str, str], old_refs: dict[str, str]) -> list[dict[str, object]]:
    """Expected compare items: model refs mapped to the refs of the OLD and NEW reports."""
    rows: list[dict[str, object]] = []
    for ref, verdict in verdicts.items():
        if ref.startswith("new:"):
            rows.append({"old_ref": None, "new_ref": ref[4:], "verdict": verdict})
        elif ref in old_refs:
            rows.append({"old_ref": old_refs[ref], "new_ref": new_refs.get(ref), "verdict": verdict})
    return sorted(rows, key=lambda r: (str(r["old_ref"]), str(r["new_ref"])))


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
