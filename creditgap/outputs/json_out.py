"""JSON text: ``analyze --format json`` (the record's own form, ``model.to_json``), ``compare``, ``lenders``."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, Sequence

from ..figures import Readiness
from ..judge.compare import Comparison
from ..lenders import Matcher
from ..model import Report, to_json
from .wording import subject


def json_text(report: Report, show_pii: bool = False, lang: str = "zh") -> str:
    return json.dumps(to_json(report, show_pii=show_pii, lang=lang), ensure_ascii=False, indent=2)


def compare_json(result: Comparison, lang: str = "zh", show_pii: bool = False) -> dict[str, Any]:
    def head(h: Any, complete: bool) -> dict[str, Any]:
        name, id_no = subject(h, show_pii)
        return {"report_no": h.report_no, "report_time": h.report_time.isoformat(timespec="seconds") if h.report_time else None,
                "complete": complete, "subject_name": name, "subject_id": id_no}

    return {
        "schema_version": 1,
        "complete": result.old_complete and result.new_complete,
        "old": head(result.old, result.old_complete),
        "new": head(result.new, result.new_complete),
        "items": [{"lender": i.lender, "platform": i.platform, "old_ref": i.old_ref, "new_ref": i.new_ref,
                   "old_status": str(i.old_status) if i.old_status else None,
                   "new_status": str(i.new_status) if i.new_status else None, "verdict": i.verdict,
                   # additions (2026-12): what the to-do file kept, and what to do about what did not close
                   "done_on": i.done_on.isoformat() if i.done_on else None, "proof": i.proof,
                   **({"next_step": i.next_step[lang == "en"]} if i.next_step else {})}
                  for i in result.items],
        "totals": {f: getattr(result.totals, f) for f in ("open_accounts_old", "open_accounts_new", "open_credit_limit_old",
                                                           "open_credit_limit_new", "lenders_old", "lenders_new")},
        "notes": [note[lang == "en"] for note in result.notes],
    }


def change_json(old: Readiness | None, new: Readiness | None) -> dict[str, Any] | None:
    """``compare`` JSON: each figure in OLD and NEW, and ``expected``: OLD after its to-do list was all done."""
    if old is None or new is None:
        return None
    return {
        "old_as_of": old.as_of.isoformat() if old.as_of else None, "new_as_of": new.as_of.isoformat() if new.as_of else None,
        "inquiries": {kind: {"old": dict(getattr(old.inquiries, kind)), "new": dict(getattr(new.inquiries, kind))}
                      for kind in ("hard", "soft")},
        "figures": {f.name: {"old": getattr(old.figures, f.name).now, "new": getattr(new.figures, f.name).now,
                             "expected": getattr(old.figures, f.name).after} for f in fields(old.figures)},
    }


def lender_candidates_json(names: Sequence[str], matcher: Matcher) -> list[dict[str, Any]]:
    """``lenders --format json``: per name, its candidates with score, how they matched and the row's source."""
    out = []
    for name in names:
        resolved = matcher.resolve(name)
        rows = {r.platform: r for r in matcher.lender_rows(resolved[0])} if resolved else {}
        out.append({"name": name, "candidates": [
            {"platform": m.platform, "score": m.score, "via": m.via,
             "source": rows[m.platform].source if m.platform in rows else "",
             # additive (issue 25): the kind of the pair's strongest source and its date ("" when none is known)
             "source_kind": rows[m.platform].source_kind if m.platform in rows else "",
             "source_date": rows[m.platform].source_date if m.platform in rows else ""}
            for m in matcher.match(name)]})
    return out
