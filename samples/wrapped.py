"""详版 reports whose values wrap in their cells, for the OCR tests (issue 26, item 1).

A long lender name (重庆两江新区盛际小额贷款有限公司, 中国工商银行股份有限公司牡丹卡中心（厦门分中心）)
fills two or three lines of its cell, and so do amounts and dates in narrow columns: the columns of
the label/value tables get unequal widths (``DetailedStyle.cell_widths``). The lenders are swapped
for longer names the mapping knows under the same platform, so the generator's expected to-do
(``samples/expect.py``) still holds. The report is rendered with its font embedded (as the scans
are) and its truth is the model the generator rendered, with ``expected_todo``.

    python -m samples.wrapped --seed 3 --variant scan --out DIR
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import tempfile
from pathlib import Path
from typing import Any

from creditgap.model import Family, Report

from .expect import expected_todo
from .generate import truth_json
from .render_detailed import DetailedStyle, render_detailed
from .scans import Scan, on_paper, rasterise
from .synth import INTENDED_PLATFORM, random_truth, summarise

# a lender of the samples → a longer name of the same platform (each known to the mapping)
LONG_NAMES = {
    "重庆京东盛际小额贷款有限公司": "重庆两江新区盛际小额贷款有限公司",
    "重庆蚂蚁消费金融有限公司": "重庆市蚂蚁小微小额贷款有限公司",
    "招商银行股份有限公司信用卡中心": "中国工商银行股份有限公司牡丹卡中心（厦门分中心）",
    "广发银行股份有限公司信用卡中心": "中国银行股份有限公司北京市分行营业部",
}
PLATFORMS = {"中国工商银行股份有限公司牡丹卡中心（厦门分中心）": "工商银行", "中国银行股份有限公司北京市分行营业部": "中国银行"}
# 8 label cells, 515 pt: the lender's column holds six characters a line (a 14–18 character name on
# two or three lines), the amount and date columns (开立日期/余额, 借款金额/本月应还款) about five
# digits, so 12,345 and 2023.01.05 wrap; the others as wide as an account number needs
WIDTHS = (58, 80, 32, 70, 32, 70, 90, 83)


def wrapped_model(seed: int, small: bool = False) -> tuple[Report, dict[str, Any]]:
    """The 'online' person of ``seed`` with long lender names, and what the generator meant (intent
    and platforms by ref). ``small``: only the loans of the long-named lenders and one other, with
    the first unused 授信协议 (about four pages instead of twelve: the tests' budget), renumbered."""
    model, intent, platforms = random_truth(random.Random(seed), "online")
    platforms = dict(platforms)
    if small:
        model, intent, platforms = _subset(model, intent, platforms)

    def swap(r: Any) -> Any:
        name = LONG_NAMES.get(r.lender)
        if name is None:
            return r
        if r.ref not in platforms:
            platforms[r.ref] = PLATFORMS.get(name) or INTENDED_PLATFORM[r.lender]
        return dataclasses.replace(r, lender=name)

    model = dataclasses.replace(model, accounts=tuple(map(swap, model.accounts)),
                                agreements=tuple(map(swap, model.agreements)))
    return model, {"intent": intent, "platforms": platforms}


def _subset(model: Report, intent: dict[str, Any], platforms: dict[str, str]) -> tuple[Report, dict[str, Any], dict[str, str]]:
    loans = [a for a in model.accounts if a.family is Family.LOAN]
    keep = [a for a in loans if a.lender in LONG_NAMES][:3]
    keep += [a for a in loans if a not in keep][: 4 - len(keep)]
    accounts = [a for a in model.accounts if a in keep]  # report order
    agreements = [g for g in model.agreements if intent.get(g.ref)][:1]
    new_ref = {a.ref: f"A{n}" for n, a in enumerate(accounts, 1)} | {g.ref: f"P{n}" for n, g in enumerate(agreements, 1)}
    report = dataclasses.replace(model, accounts=tuple(dataclasses.replace(a, ref=new_ref[a.ref]) for a in accounts),
                                 agreements=tuple(dataclasses.replace(g, ref=new_ref[g.ref]) for g in agreements),
                                 inquiries=model.inquiries[:4], summary=summarise(accounts))
    return (report, {new_ref[k]: v for k, v in intent.items() if k in new_ref},
            {new_ref[k]: v for k, v in platforms.items() if k in new_ref})


def style(seed: int) -> DetailedStyle:
    rng = random.Random(seed)
    return DetailedStyle(label_cells=8, one_table=rng.random() < 0.5, watermark=rng.random() < 0.5,
                         full_width=rng.random() < 0.6, cell_widths=WIDTHS, producer="embedded")


def render(seed: int, path: Path, small: bool = False) -> dict[str, Any]:
    """Render the wrapped report of ``seed`` to ``path``; return its truth (as samples/*.truth.json)."""
    model, meant = wrapped_model(seed, small)
    shown = render_detailed(model, str(path), style(seed))
    facts = truth_json(shown)
    facts["expected_todo"] = expected_todo(shown, meant["intent"], meant["platforms"])
    return facts


def make(seed: int, variant: str, out: Path, dpi: int = 300, pages: list[int] | None = None, small: bool = False) -> Scan:
    """The wrapped report of ``seed`` on paper (samples/scans.py's variants), its truth attached."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "wrapped.pdf"
        facts = render(seed, source, small)
        greys = rasterise(source, dpi, pages)
    return on_paper(f"wrapped-{seed}" + ("-small" if small else ""), facts, greys, variant, out, dpi, pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variant", choices=("clean", "scan", "photo"), default="scan")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path("scans"))
    parser.add_argument("--pdf", type=Path, help="also write the text-layer PDF here")
    parser.add_argument("--small", action="store_true", help="four loans and one agreement (the tests' size)")
    args = parser.parse_args()
    if args.pdf:
        render(args.seed, args.pdf, args.small)
    made = make(args.seed, args.variant, args.out, args.dpi, small=args.small)
    print(f"{made.pdf or made.images[0].parent}: {made.pages} pages")


if __name__ == "__main__":
    main()
