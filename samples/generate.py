"""Write the committed sample reports and their truth JSON.

    python -m samples.generate            # rewrite samples/*.pdf and samples/*.truth.json

Each truth file is the model the PDF was rendered from (pages filled in by the renderer), not
the parser's output, plus ``expected_todo``: the to-do items the generator meant the sample to
produce (samples/expect.py). Tests compare parser and analyzer against them. Names and IDs are
synthetic.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from creditgap.model import Report, to_json

from .render_detailed import DetailedStyle, render_detailed
from .render_simplified import SimplifiedStyle, render_simplified
from .expect import expected_todo
from .synth import random_case

HERE = Path(__file__).parent

# name → (seed, kind, style)
DETAILED = {
    "detailed-clean": (11, "clean", DetailedStyle(label_cells=6, one_table=True)),
    "detailed-online": (12, "online", DetailedStyle(label_cells=4, one_table=False, as_of_in_table=True,
                                                   full_width=False, watermark=True, dash="－")),
    "detailed-kitchen": (13, "kitchen", DetailedStyle(label_cells=8, one_table=True, watermark=True,
                                                     header_every_page=False, zero_summary="--")),
}

# The same people as the 详版 samples where the seed matches: one person's data in both layouts.
SIMPLIFIED = {
    "simplified-online": (12, "online", SimplifiedStyle(generation=2, watermark=True)),
    "simplified-kitchen": (13, "kitchen", SimplifiedStyle(generation=2, full_width=False, summary_two_rows=True)),
    "simplified-gen1": (14, "online", SimplifiedStyle(generation=1, header_every_page=False)),
}


def truth_json(report: Report) -> dict[str, object]:
    data = to_json(report, show_pii=True)
    for key in ("source", "checks", "todo", "impact"):
        data.pop(key)
    return data


def write(name: str, report: Report, intent: dict[str, str | None]) -> None:
    data = truth_json(report)
    data["expected_todo"] = expected_todo(report, intent)
    (HERE / f"{name}.truth.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    for name, (seed, kind, style) in DETAILED.items():
        model, intent = random_case(random.Random(seed), kind)
        write(name, render_detailed(model, str(HERE / f"{name}.pdf"), style), intent)
        print(f"wrote samples/{name}.pdf")
    for name, (seed, kind, sstyle) in SIMPLIFIED.items():
        model, intent = random_case(random.Random(seed), kind)
        view, refs = render_simplified(model, str(HERE / f"{name}.pdf"), sstyle)
        # 简版 prints no agreements: only the accounts' intents carry over, under their new refs.
        write(name, view, {refs[ref]: action for ref, action in intent.items() if ref in refs})
        print(f"wrote samples/{name}.pdf")


if __name__ == "__main__":
    main()
