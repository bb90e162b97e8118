"""The terminal view of ``compare``: totals, the items by verdict, what to do about what is still open."""

from __future__ import annotations

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
    still = [i for i in result.items if i.verdict == "still_open"]
    if still:
        lines += ["", "Next steps:" if en else "下一步："]
        for i in still:
            p = matcher.platforms.get(i.platform or "")
            contact = f"{p.steps}" + (f"（{p.phone}）" if p and p.phone else "") if p else ""
            if i.action in ("repay_then_close", "resolve_overdue"):  # nothing can be closed before the debt is paid
                contact = ("repay the balance first, then: " if en else "先还清欠款，再：") + contact
            lines += wrapped(f"{i.old_ref} {i.lender}：", contact or ("联系机构确认为何仍未关闭" if not en else
                                                                     "call the lender and ask why it is still open"), indent=2)
    for i in (i for i in result.items if i.verdict == "not_found"):
        if not any(line.startswith(("下一步", "Next steps")) for line in lines):
            lines += ["", "Next steps:" if en else "下一步："]
        lines += wrapped(f"{i.old_ref} {i.lender}：", "look for it in the new report by hand; if it is not there, ask the "
                         "lender whether it was closed" if en else "在新报告里人工查找这个账户；找不到就联系机构确认是否已关闭",
                         indent=2)
    return "\n".join(lines)
