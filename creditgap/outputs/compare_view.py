"""The terminal view of ``compare``: totals, the items by verdict, what to do about what is still open."""

from __future__ import annotations

import re
from typing import Any

from ..judge.compare import Comparison
from ..lenders import Matcher
from .text import fill, pad, wrapped
from .wording import VERDICT_TITLES, subject


def compare_view(result: Comparison, matcher: Matcher, lang: str = "zh", show_pii: bool = False) -> str:
    """Terminal view of ``compare``: totals, the items by verdict, and what to do about what is still open."""
    en = lang == "en"
    t = result.totals
    name, id_no = subject(result.new, show_pii)

    def when(h: Any) -> str:
        return h.report_time.strftime("%Y-%m-%d") if h.report_time else "--"

    lines = []
    for complete, which in ((result.old_complete, ("旧", "old")), (result.new_complete, ("新", "new"))):
        if not complete:  # said before any verdict: what rests on absence cannot be trusted
            lines += fill(f"[READ IN PART] The {which[1]} report was read only in part (run creditgap analyze on it to "
                          "see what). Nothing that rests on an account being absent is concluded: those items are "
                          "'cannot be verified'." if en else
                          f"【只读出了一部分】{which[0]}报告没有读全（用 creditgap analyze 查看原因）。凡是要靠“账户不见了”"
                          "才能下的结论都不下，这些账户列为“无法核实”。") + [""]
    lines += [part for note in result.notes for part in wrapped(f"[{'note' if en else '注意'}] ", note[en], indent=0)]
    lines += [(f"Old report {when(result.old)} → new report {when(result.new)}   subject {name}  ID {id_no}" if en else
              f"旧报告 {when(result.old)} → 新报告 {when(result.new)}   姓名 {name}  证件号码 {id_no}"),
             (f"Open accounts {t.open_accounts_old} → {t.open_accounts_new}; open credit ¥{t.open_credit_limit_old:,} → "
              f"¥{t.open_credit_limit_new:,}; lenders {t.lenders_old} → {t.lenders_new}" if en else
              f"未结清/未销户账户 {t.open_accounts_old} → {t.open_accounts_new} 个；授信额度 ¥{t.open_credit_limit_old:,} → "
              f"¥{t.open_credit_limit_new:,}；机构 {t.lenders_old} → {t.lenders_new} 家")]
    for verdict, titles in VERDICT_TITLES.items():
        items = [i for i in result.items if i.verdict == verdict]
        if not items:
            continue
        lines += ["", f"{titles[en]}（{len(items)}）" if not en else f"{titles[en]} ({len(items)})"]
        for i in items:
            refs = " → ".join(r for r in (i.old_ref, i.new_ref) if r)
            extra = ""
            if i.due_by:
                extra = f"  (expected by {i.due_by})" if en else f"  （预计 {i.due_by} 前更新）"
            lines.append(f"  {pad(refs, 10)} {pad(i.platform or '--', 18)} {i.lender}{extra}")
            if i.done_on or i.proof:  # what the person kept, beside the verdict
                kept = "; ".join(x for x in ((f"done on {i.done_on}" if en else f"办理日期 {i.done_on}") if i.done_on else "",
                                             (f"proof: {i.proof}" if en else f"凭证/备注：{i.proof}") if i.proof else "") if x)
                lines += wrapped("", kept, indent=12)
    nexts = [i for i in result.items if i.next_step]
    if nexts:
        lines += ["", "Next steps:" if en else "下一步："]
        for i in nexts:
            lines += wrapped(f"{i.old_ref} {i.lender}", "", indent=2)
            for part in re.split(r"\s*(?=\d\) )", i.next_step[en]):  # each step of the route on its own line
                lines += wrapped("", part.rstrip("；; "), indent=4)
    return "\n".join(lines)
