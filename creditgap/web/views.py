"""What the page shows of a reading and a comparison: the values its templates fill in, and each
to-do item's crop of the report, made by the worker that read it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable


def tel(phone: str) -> str:
    """The first phone number in a mapping's text, for a tel: link."""
    m = re.search(r"\+?\d[\d\- ]{2,}\d", phone)
    return re.sub(r"[\s\-]", "", m.group()) if m else ""



def analysis_with_crops(path: Path, password: str | None, mapping: Any, lang: str, settings: Any,
                        progress: Callable[[int, int, int, float], None] | None = None) -> tuple[Any, dict[int, tuple[str, str]]]:
    """A worker's job for the page: the report and its to-do items' crops."""
    from ..api import limited_analysis

    report = limited_analysis(path, password, mapping, False, lang, settings, progress)
    return report, item_crops(report, path, password)


def item_crops(report: Any, path: Path, password: str | None) -> dict[int, tuple[str, str]]:
    """Each to-do item's lines of the report as an embedded PNG (a data: URI) and where they are; made
    while the request is answered, kept only in the page sent (never in the store or on disk)."""
    import base64

    import pypdfium2

    from ..outputs.crop import crop_png, item_where

    out: dict[int, tuple[str, str]] = {}
    if path.suffix.lower() != ".pdf" or not report.todo:
        return out
    try:
        doc = pypdfium2.PdfDocument(str(path), password=password)
    except Exception:  # the report was read; a crop is a help, never a reason to fail the page
        return out
    try:
        for t in report.todo:
            where = item_where(report, t)
            if where is None:
                continue
            try:
                png = crop_png(doc, where, scale=1.5)
            except Exception:
                continue
            out[t.id] = ("data:image/png;base64," + base64.b64encode(png).decode("ascii"), str(where.page))
    finally:
        doc.close()
    return out


def analysis_context(report: Any, lang: str, token: str, crops: dict[int, tuple[str, str]] | None = None) -> dict[str, Any]:
    from ..model import mask_id, mask_name
    from ..outputs import wording
    from ..outputs.readiness_view import readiness_lines
    from ..outputs.text import yuan

    en = lang == "en"
    h = report.header
    by_ref = {r.ref: r for r in (*report.accounts, *report.agreements)}
    cards = []
    doubtful = wording.doubtful_refs(report)
    for t in report.todo:
        record = next((by_ref[r] for r in t.accounts + t.agreements if r in by_ref), None)
        match = record.platforms[0] if record is not None and record.platforms else None
        via = (match.via if en else wording.VIA_LABELS.get(match.via, match.via)) if match else ""
        evidence = ((f"{t.lender} → {match.platform} ({via}, {match.score:.0f})" if en else
                     f"{t.lender} → {match.platform}（{via}，{match.score:.0f} 分）") if match else "")
        if match and match.evidence:  # what the report itself says (same-day accounts, inquiries)
            evidence += ("; " if en else "；") + ("; " if en else "；").join(match.evidence)
        cards.append({"item": t, "action": wording.action_label(t.action, lang), "tel": tel(t.phone or ""),
                      "refs": " ".join(wording.marked_ref(r, doubtful) for r in t.accounts + t.agreements),
                      "doubt": wording.OCR_REASON[en].strip(" ()（）") if wording.todo_doubtful(t, doubtful) else "",
                      "evidence": evidence,
                      "crop": (crops or {}).get(t.id, ("", ""))[0],
                      "where": (f"page {(crops or {})[t.id][1]}" if en else f"第 {(crops or {})[t.id][1]} 页")
                      if t.id in (crops or {}) else "",
                      "limit": yuan(t.credit_limit)})
    accounts = [{"a": a, "family": wording.FAMILY_LABELS[lang][a.family], "status": wording.status_text(a, lang),
                 "platform": a.platforms[0].platform if a.platforms else "", "balance": yuan(a.balance),
                 "limit": yuan(a.credit_limit if a.credit_limit is not None else a.amount)} for a in report.accounts]
    impact = wording.impact_line(report, lang) if report.todo else ""
    if impact and not report.complete:
        impact = ("For the part that was read only: " if en else "（仅就读出的部分）") + impact
    checks = [{"level": c.level, "message": c.message_en if en and c.message_en else c.message}
              for c in sorted(report.checks, key=lambda c: c.level != "error")]
    from ..outputs.todo_rows import todo_groups

    by_id = {c["item"].id: c for c in cards}
    groups = [{"platform": g.platform, "steps": g.steps, "phone": g.phone, "tel": tel(g.phone or ""),
               "expected_update": g.expected_update, "cards": [by_id[t.id] for t in g.items]}
              for g in todo_groups(report.todo)]
    return {"report": report, "token": token, "cards": cards, "groups": groups, "accounts": accounts, "impact": impact, "checks": checks,
            "partial": None if report.complete else wording.PARTIAL_READ[en],
            "header": wording.header_lines(report, lang) + [line for line in [wording.ocr_line(report, lang)] if line],
            "name": mask_name(h.subject_name), "id_no": mask_id(h.subject_id),
            "readiness": readiness_lines(report, lang, columns=400) if report.readiness is not None else []}


def compare_context(result: Any, lang: str, matcher: Any, t: dict[str, str]) -> dict[str, Any]:
    """The compare page's values; ``t`` is the page's text in its language."""
    from ..outputs.wording import VERDICT_TITLES

    en = lang == "en"
    warnings = [t["partial_compare"].format(which=t[word]) for complete, word in
                ((result.old_complete, "old_word"), (result.new_complete, "new_word")) if not complete]

    def when(h: Any) -> str:
        return h.report_time.strftime("%Y-%m-%d") if h.report_time else "--"

    s = result.totals
    groups = []
    for verdict, titles in VERDICT_TITLES.items():
        items = [i for i in result.items if i.verdict == verdict]
        if items:
            groups.append({"verdict": verdict, "title": titles[en], "rows": [
                {"refs": " → ".join(r for r in (i.old_ref, i.new_ref) if r), "platform": i.platform or "--",
                 "lender": i.lender, "due": t["expected_by"].format(d=i.due_by) if i.due_by else "",
                 "done_on": str(i.done_on or ""), "proof": i.proof or ""} for i in items]})
    steps = []
    for i in result.items:
        if i.next_step:  # still_open, not_found: the usual route, with the date and proof the to-do file kept
            p = matcher.platforms.get(i.platform or "")
            steps.append({"ref": i.old_ref, "lender": i.lender, "text": i.next_step[en],
                          "parts": [x.rstrip("；; ") for x in re.split(r"\s*(?=\d\) )", i.next_step[en]) if x.strip()],
                          "phone": p.phone if p and p.phone else "", "tel": tel(p.phone) if p and p.phone else ""})
    return {"result": result, "warnings": warnings, "notes": [n[en] for n in result.notes], "groups": groups,
            "steps": steps, "period": t["period"].format(a=when(result.old), b=when(result.new)),
            "totals": t["totals"].format(a=s.open_accounts_old, b=s.open_accounts_new, c=s.open_credit_limit_old,
                                         d=s.open_credit_limit_new, e=s.lenders_old, f=s.lenders_new)}
