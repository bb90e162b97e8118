"""Invert the partner lists (助贷合作机构名单, issue 25) into the lender mapping, holding a third back first.

    python tools/build_partners.py RESEARCH_DIR [RESEARCH_DIR …]

Each RESEARCH_DIR holds ``pairs.tsv`` (institution, platform, source_url, based_on, confidence,
published, relation …) and ``new_platforms.tsv`` (platform, steps, phone, expected_update …), as
gathered from public news about the lists. The script is deterministic and idempotent: it first
removes what an earlier run wrote (rows whose source is ``partner_list``), then

1. keeps the *usable* rows: not ``confidence=low`` (SEO and hedged claims), not a group-level
   placeholder (platform or relation says 未明示: the list names a company, not its app), not a
   business loan (微业贷, 金企贷: those are on the enterprise report);
2. holds back about a third of each source's pairs, fixed before the mapping is touched: a
   source's pairs are sorted by ``sha256(source_url\\tinstitution\\tplatform)``, and the pair at
   position ``i`` is held back when ``(i + sha256(source_url) mod 3) mod 3 == 0``, so every source
   gives a third of its pairs (rounded one way or the other, a one-pair source a third of the
   time). Not held back: historical rows (原合作: hints for old accounts, not a current list) and
   pairs the mapping already had from the same address before this script (it has seen them).
   The held-back pairs go to ``tests/data/partner_holdout.tsv`` and nowhere else;
3. turns every other pair into a row of ``mappings/lender_to_platform.csv`` (under the mapping's
   own name for the institution when the matcher knows it exactly, by alias or by its distinctive
   part; else a new lender) with one row per source in ``mappings/sources.tsv``, and gives every
   platform not yet known a row in ``mappings/platforms.csv`` (phone only when the research took it
   from an official channel, else empty; 35 days when no source gives a delay).

A pair's weight comes from the kind of its best source and how many sources name it:
the institution's own list 0.35, a platform's list or agreement 0.33, other news 0.31, each further
source +0.01 (at most +0.04); a historical pair 0.25. A pair the mapping already had keeps its row,
its weight raised to that when lower. So the lender's own channel (1.0) and the hand-made rows the
project weighed before (0.4 and up: the platforms known to be the lender's main ones) stay first,
partners follow, and the report's own evidence (``judge.platforms``) decides between them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from creditgap.lenders import LENDER_COLUMNS, Matcher, _bundled_platforms, _bundled_rows  # noqa: E402

MAPPING = ROOT / "mappings" / "lender_to_platform.csv"
PLATFORMS = ROOT / "mappings" / "platforms.csv"
SOURCES = ROOT / "mappings" / "sources.tsv"
HOLDOUT = ROOT / "tests" / "data" / "partner_holdout.tsv"
ORIGIN = "partner_list"
RECORDED = "2026-12-05"

# based_on (what the news item reported on) → the source kinds, strongest first
KIND = {"institution_list": "institution_list", "platform_agreement": "platform_list", "platform_page": "platform_list"}
BASE_WEIGHT = {"institution_list": 0.35, "platform_list": 0.33, "news": 0.31}
HISTORICAL_WEIGHT = 0.25
LENDER_TYPE = {"city_bank": "bank", "rural_bank": "bank", "bank": "bank", "internet_bank": "internet_bank",
               "consumer_finance": "consumer_finance", "microcredit": "microcredit", "trust": "trust"}
# steps that send the person to the lender rather than to an app screen (no brand named, the app gone)
CONTACT_WORDS = ("品牌未", "直接致电", "已停运", "已停办", "已破产")
HOLDOUT_COLUMNS = ("institution", "platform", "source_url", "source_kind", "published")
EXTRA_LENDER_COLUMNS = ("source_kind", "source_date", "sources")


def digest(*parts: str) -> int:
    return int(hashlib.sha256("\t".join(parts).encode("utf-8")).hexdigest(), 16)


def usable(row: dict[str, str]) -> bool:
    text = row["platform"] + row["relation"]
    return row["confidence"] != "low" and "未明示" not in text and not any(w in text for w in ("微业贷", "金企贷"))


def held_back(rows: list[dict[str, str]], seen: set[tuple[str, str]]) -> set[tuple[str, str, str]]:
    """(source_url, institution, platform) of the pairs held back: a third of each source's pairs."""
    by_source: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        pair = (r["institution"], r["platform"])
        if r["relation"].startswith("原合作") or (r["source_url"], r["institution"]) in seen or pair in by_source[r["source_url"]]:
            continue
        by_source[r["source_url"]].append(pair)
    out = set()
    for url, pairs in by_source.items():
        offset = digest(url) % 3
        for i, (inst, plat) in enumerate(sorted(pairs, key=lambda p: digest(url, *p))):
            if (i + offset) % 3 == 0:
                out.add((url, inst, plat))
    return out


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main(dirs: list[Path]) -> None:
    research = [r for d in dirs for r in read_tsv(d / "pairs.tsv")]
    good = [r for r in research if usable(r)]
    lender_rows = [r for r in csv.DictReader(io.StringIO(MAPPING.read_text(encoding="utf-8-sig")))
                   if ORIGIN not in r.get("source", "")]
    source_rows = [r for r in read_tsv(SOURCES) if r["origin"] != ORIGIN]
    # the addresses the mapping was already built from, per institution (as the earlier research wrote it)
    seen = {(url.strip(), r["lender_legal_name"]) for r in source_rows for url in r["source"].split(" ; ")}
    matcher = Matcher(list(_bundled_rows_without_partners()), dict(_bundled_platforms()))
    seen |= {(url, r["institution"]) for r in good for url in [r["source_url"]]
             if any(url in s["source"] and _same(matcher, s["lender_legal_name"], r["institution"]) for s in source_rows)}
    holdout = held_back(good, seen)

    # --- the held-out list: written before anything else, never read below ---
    with HOLDOUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(HOLDOUT_COLUMNS)
        done = set()
        for r in sorted(good, key=lambda r: (r["institution"], r["platform"], r["source_url"])):
            key = (r["source_url"], r["institution"], r["platform"])
            if key in holdout and key not in done:
                done.add(key)
                w.writerow([r["institution"], r["platform"], r["source_url"], KIND.get(r["based_on"], "news"), r["published"]])

    build = [r for r in good if (r["source_url"], r["institution"], r["platform"]) not in holdout]
    # institution as the research wrote it → the mapping's lender (or itself when new)
    lender_of: dict[str, str] = {}
    for r in build:
        found = matcher.resolve(r["institution"])
        lender_of[r["institution"]] = found[0] if found and found[2] in ("exact", "alias", "core") else r["institution"]
    existing = {(r["lender"], r["platform"]): r for r in lender_rows}
    aliases_of = {r["lender"]: r["aliases"] for r in lender_rows}
    pairs: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in build:
        pairs[(lender_of[r["institution"]], r["platform"])].append(r)

    new_rows = []
    new_sources = []
    for (lender, platform), rows in sorted(pairs.items()):
        urls = {r["source_url"]: r for r in rows}
        kinds = [KIND.get(r["based_on"], "news") for r in urls.values()]
        kind = min(kinds, key=lambda k: list(BASE_WEIGHT).index(k))
        historical = all(r["relation"].startswith("原合作") for r in rows)
        weight = HISTORICAL_WEIGHT if historical else BASE_WEIGHT[kind] + 0.01 * min(len(urls) - 1, 4)
        dates = sorted(r["published"] for r in urls.values() if r["published"])
        for url, r in sorted(urls.items()):
            new_sources.append({
                "lender_legal_name": lender, "short_name": r["institution_short"], "platforms": platform, "phone": "",
                "closure_path": "", "source": url, "confidence": r["confidence"], "recorded": r["recorded"] or RECORDED,
                "origin": ORIGIN, "former_name": "", "renamed_on": "",
                "source_kind": KIND.get(r["based_on"], "news"), "published": r["published"],
                "source_title": r["source_title"], "relation": r["relation"],
            })
        if (lender, platform) in existing:
            row = existing[(lender, platform)]
            if float(row["weight"] or 1) < weight:
                row["weight"], row["source_kind"] = f"{weight:.2f}", kind
            row["source_date"] = max(row.get("source_date") or "", dates[-1] if dates else "")
            continue
        first = rows[0]
        alias = aliases_of.get(lender)
        if alias is None:
            short = first["institution_short"]
            alias = short if short and short != lender and "(" not in short and "（" not in short else ""
            aliases_of[lender] = alias
        new_rows.append({
            "lender": lender, "aliases": alias, "platform": platform,
            "lender_type": LENDER_TYPE.get(first["institution_type"], "other"),
            "online": "yes" if first["institution_type"] in ("internet_bank", "consumer_finance", "microcredit", "trust") else "no",
            "weight": f"{weight:.2f}", "confidence": "high" if any(r["confidence"] == "high" for r in rows) else "medium",
            "source": ORIGIN, "source_kind": kind, "source_date": dates[-1] if dates else "", "sources": str(len(urls)),
        })

    columns = list(LENDER_COLUMNS) + list(EXTRA_LENDER_COLUMNS)
    for r in lender_rows:  # the rows made by hand: their kind, from what their source column says
        r.setdefault("source_kind", "")
        if not r["source_kind"]:
            r["source_kind"] = "own_channel" if "own channel" in r["source"] else "research"
        r.setdefault("source_date", "")
        r.setdefault("sources", "")
    with MAPPING.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, columns, lineterminator="\n")
        w.writeheader()
        w.writerows({c: r.get(c, "") for c in columns} for r in lender_rows + new_rows)

    source_columns = list(read_tsv(SOURCES)[0].keys())
    for extra in ("source_kind", "published", "source_title", "relation"):
        if extra not in source_columns:
            source_columns.append(extra)
    with SOURCES.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, source_columns, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows({c: r.get(c, "") or "" for c in source_columns} for r in source_rows + new_sources)

    platform_rows = list(csv.DictReader(io.StringIO(PLATFORMS.read_text(encoding="utf-8-sig"))))
    platform_columns = list(platform_rows[0].keys())
    platform_rows = [p for p in platform_rows if p["source"] != ORIGIN]
    known = {p["platform"] for p in platform_rows}
    wanted = {r["platform"] for r in new_rows}
    for d in dirs:
        for p in read_tsv(d / "new_platforms.tsv"):
            if p["platform"] in wanted and p["platform"] not in known:
                known.add(p["platform"])
                platform_rows.append({
                    "platform": p["platform"], "action": "contact" if any(w in p["steps"] for w in CONTACT_WORDS) else "close_line",
                    "steps": p["steps"], "phone": p["phone"], "expected_update": p["expected_update"],
                    "expected_update_days": p["expected_update_days"] or "35", "notes": f"运营方：{p['operator']}",
                    "source": ORIGIN, "last_verified": RECORDED,
                })
    missing = wanted - known
    if missing:
        raise SystemExit(f"platforms without steps: {sorted(missing)}")
    with PLATFORMS.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, platform_columns, lineterminator="\n")
        w.writeheader()
        w.writerows(platform_rows)
    print(f"usable rows {len(good)}; held out {len(holdout)} pairs; build rows {len(build)}; "
          f"new mapping rows {len(new_rows)}; source rows {len(new_sources)}; "
          f"new lenders {len({r['lender'] for r in new_rows} - {r['lender'] for r in lender_rows})}")


def _same(matcher: Matcher, a: str, b: str) -> bool:
    fa, fb = matcher.resolve(a), matcher.resolve(b)
    return bool(fa and fb and fa[0] == fb[0])


def _bundled_rows_without_partners():
    return (r for r in _bundled_rows() if ORIGIN not in r.source)


if __name__ == "__main__":
    if len(sys.argv) < 2:  # the research folders are not part of the repository: name them
        sys.exit(__doc__.split("\n\n")[1])
    main([Path(p) for p in sys.argv[1:]])
