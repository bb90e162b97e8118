"""Time lender matching: 10,000 names (a realistic mix of known, abbreviated and unknown), one Matcher;
then the coverage on the held-out partner pairs (issue 25) and the near-miss names.

    python bench/bench_match.py
"""

from __future__ import annotations

import csv
import random
import sys
import time
from pathlib import Path

from creditgap.lenders import LenderRow, Matcher

NAMES = Path(__file__).parent.parent / "tests" / "data" / "lender_names.tsv"

KNOWN_FORMS = ["{}", "{}上海市分行", "{}信用卡中心"]
UNKNOWN = ["湖南湘乡农村商业银行股份有限公司", "深圳市好运来小额贷款有限公司", "宁夏星辰消费金融有限公司", "北京某某科技有限公司"]


def names(matcher: Matcher, n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    lenders = sorted(matcher.rows_by_lender)
    aliases = sorted({a for rows in matcher.rows_by_lender.values() for r in rows for a in r.aliases})
    out = []
    for _ in range(n):
        pick = rng.random()
        if pick < 0.5:
            out.append(rng.choice(KNOWN_FORMS).format(rng.choice(lenders)))
        elif pick < 0.8:
            out.append(rng.choice(aliases))
        else:
            out.append(rng.choice(UNKNOWN) + str(rng.randint(0, 999)))  # unknown: forces the fuzzy pass
    return out


def main() -> None:
    t0 = time.perf_counter()
    matcher = Matcher.load()
    t1 = time.perf_counter()
    batch = names(matcher, 10_000)
    t2 = time.perf_counter()
    matched = sum(1 for name in batch if matcher.match(name))
    t3 = time.perf_counter()
    fresh = Matcher.load()
    t4 = time.perf_counter()
    for name in batch:  # without the per-name cache: every name normalised and looked up again
        fresh._resolve(name)
    t5 = time.perf_counter()
    print(f"load mapping: {t1 - t0:.3f} s; match 10,000 names: {t3 - t2:.3f} s ({matched} matched); "
          f"without the name cache: {t5 - t4:.3f} s")


def regression(matcher: Matcher) -> None:
    """tests/data/lender_names.tsv: names the mapping was built from (250 of 266 copied into it), so this
    shows the matcher still finds them through normalisation, not coverage of names it has not seen."""
    with NAMES.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    found = [[m.platform for m in matcher.match(r["name"])] for r in rows]
    n = len(rows)
    resolved = sum(bool(f) for f in found)
    first = sum(bool(f) and f[0] in set(r["platforms"].split("|")) for f, r in zip(found, rows))
    print(f"regression list ({n} names the mapping holds): resolve {resolved / n:.1%}, source's platform first {first / n:.1%}")


def coverage(matcher: Matcher) -> None:
    """Issue 25's measures on the held-out partner pairs (tests/data/partner_holdout.tsv), with and
    without the partner rows, by source kind, and the near-miss names."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from tests.test_lenders import NEAR_MISSES
    from tests.test_partners import PARTNER_NEAR_MISSES, holdout_measures, holdout_rows

    without = Matcher([r for rows in matcher.rows_by_lender.values() for r in rows if r.source != "partner_list"],
                      matcher.platforms)
    for label, m in (("without the partner rows", without), ("with the partner rows", matcher)):
        x = holdout_measures(m)
        print(f"held-out list, {label}: {x['names']} names resolve {x['resolves']:.1%}; of {x['pairs']} pairs the "
              f"source's platform is among the candidates for {x['among']:.1%}, first for {x['first']:.1%}")
    rows = holdout_rows()
    for kind in ("institution_list", "platform_list", "news"):
        mine = [r for r in rows if r["source_kind"] == kind]
        among = sum(r["platform"] in {p.platform for p in matcher.match(r["institution"])} for r in mine)
        print(f"  {kind:17s} {len(mine):3d} pairs: among {among}")
    by_name: dict[str, set[str]] = {}
    for r in rows:
        by_name.setdefault(r["institution"], set()).add(r["platform"])
    some = sum(bool(ps & {p.platform for p in matcher.match(n)}) for n, ps in by_name.items())
    print(f"  names with at least one of their held-out platforms among the candidates: {some}/{len(by_name)}")
    pairs = NEAR_MISSES + PARTNER_NEAR_MISSES
    false = 0
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            alone = Matcher([LenderRow(y, (), "P", "other", False, 1.0, "high", "bench")], {})
            fx, fy = matcher.resolve(x), matcher.resolve(y)
            false += alone.resolve(x) is not None or bool(fx and fy and fx[0] == fy[0])
    print(f"near-miss names: {false} false matches in {2 * len(pairs)} tries ({len(pairs)} pairs of similar institutions)")
    regression(matcher)


def random_reports(matcher: Matcher, n: int = 600, kind: str = "kitchen") -> None:
    """On ``n`` random synthetic reports (samples.synth, seeds 0…n-1): how often a record's first candidate,
    after the report's own evidence, is the platform the generator meant, and how often with the mapping alone."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from creditgap.judge.platforms import attach_platforms, rank_by_evidence
    from samples.expect import intended_platform
    from samples.synth import random_truth

    total = plain_hits = ranked_hits = 0
    for seed in range(n):
        report, _, platforms = random_truth(random.Random(seed), kind)
        plain = attach_platforms(report, matcher)
        ranked = rank_by_evidence(plain, matcher)
        for a, b in zip(plain.accounts + plain.agreements, ranked.accounts + ranked.agreements):
            meant = intended_platform(report, a.ref, platforms)
            if meant and a.platforms:
                total += 1
                plain_hits += a.platforms[0].platform == meant
                ranked_hits += b.platforms[0].platform == meant
    print(f"{n} random {kind} reports, {total} records with a meant platform: first candidate is it for "
          f"{ranked_hits / total:.2%} with the report's evidence, {plain_hits / total:.2%} with the mapping alone")


if __name__ == "__main__":
    main()
    coverage(Matcher.load())
    for kind in ("kitchen", "online"):
        random_reports(Matcher.load(), kind=kind)
