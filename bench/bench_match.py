"""Time lender matching: 10,000 names (a realistic mix of known, abbreviated and unknown), one Matcher.

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


def coverage(matcher: Matcher) -> None:
    """Issue 13's measures over the public name list (tests/data/lender_names.tsv) and the near-miss pairs."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from tests.test_lenders import NEAR_MISSES  # the one list of near-miss pairs
    with NAMES.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    by_kind: dict[str, list[int]] = {}
    totals = [0, 0, 0]
    for row in rows:
        found = [m.platform for m in matcher.match(row["name"])]
        expected = set(row["platforms"].split("|"))
        hit = [bool(found), bool(expected & set(found)), bool(found) and found[0] in expected]
        counts = by_kind.setdefault(row["kind"], [0, 0, 0, 0])
        counts[3] += 1
        for i, h in enumerate(hit):
            totals[i] += h
            counts[i] += h
    n = len(rows)
    false = 0
    for a, b in NEAR_MISSES:
        for x, y in ((a, b), (b, a)):
            alone = Matcher([LenderRow(y, (), "P", "other", False, 1.0, "high", "bench")], {})
            false += alone.resolve(x) is not None
    print(f"{n} public lender names: resolve {totals[0] / n:.1%}, source's platform among candidates {totals[1] / n:.1%}, "
          f"first {totals[2] / n:.1%}; near-miss pairs matched: {false} of {2 * len(NEAR_MISSES)} tries")
    for kind, (r, a, f, k) in sorted(by_kind.items()):
        print(f"  {kind:17s} {k:4d} names: resolve {r}/{k}, among {a}/{k}, first {f}/{k}")


if __name__ == "__main__":
    main()
    coverage(Matcher.load())
