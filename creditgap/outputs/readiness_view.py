"""The check-up as text (``analyze --readiness``, ``compare --readiness``, the workbook's 体检 sheet)."""

from __future__ import annotations

from ..model import Report
from .text import clip


def readiness_lines(report: Report, lang: str = "zh", columns: int = 100) -> list[str]:
    """The readiness block of ``analyze --readiness``: at most 12 lines of at most ``columns`` display columns.

    Each figure today → after every to-do item is done. A figure above a review hint (mappings/review_hints.csv)
    carries ``*`` and, on its today side, the hint's threshold: ``5*(>2)``.
    """
    r = report.readiness
    if r is None:
        return []
    en = lang == "en"
    f, q = r.figures, r.inquiries
    marked_now = {c.hint.figure for c in r.hints if c.above_now}
    marked_after = {c.hint.figure for c in r.hints if c.above_after}

    points = {c.hint.figure: f"({c.hint.operator}{c.hint.threshold:g})" for c in r.hints if c.above_now}

    def one(name: str, value: object, marked: set[str], money: bool = False, pct: bool = False) -> str:
        text = "--" if value is None else (f"¥{value:,}" if money else f"{value}%" if pct else str(value))
        if name not in marked:
            return text
        return text + "*" + (points.get(name, "") if marked is marked_now else "")

    def two(name: str, **kw: bool) -> str:
        pair = getattr(f, name)
        now, after = one(name, pair.now, marked_now, **kw), one(name, pair.after, marked_after, **kw)
        return now if now == after else f"{now} → {after}"

    def windows(counts: dict[str, int | None], prefix: str = "hard_inquiries_") -> str:
        return "/".join(one(prefix + k, counts[k], marked_now) for k in counts)

    drops = []
    for key in ("6m", "12m", "24m"):
        d = q.drops.get(key)
        if d is not None and len(drops) < 2:
            n = key[:-1]
            drops.append(f"{n}-month count {d.count} → {d.to} on {d.on}" if en else
                         f"近{n}个月硬查询 {d.count} 次，到 {d.on} 降到 {d.to} 次")
    if not drops:
        drops = ["no hard inquiry in the past 24 months" if en else "近24个月没有硬查询"]
    top_now, top_after = f.card_max_ref.now, f.card_max_ref.after
    def ref(text: str | None) -> str:
        return "" if not text else (f" ({text})" if en else f"（{text}）")

    card_top = one("card_utilisation_max", f.card_utilisation_max.now, set(), pct=True) + ref(top_now)
    if (f.card_utilisation_max.after, top_after) != (f.card_utilisation_max.now, top_now):
        card_top += " → " + one("card_utilisation_max", f.card_utilisation_max.after, set(), pct=True) + ref(top_after)
    overdue_2y = (str(f.overdue_2y_min.now) if f.overdue_2y_min.now == f.overdue_2y_max.now
                  else f"{f.overdue_2y_min.now}–{f.overdue_2y_max.now}")
    highlighted = bool(points)
    foreign = f.foreign_lines.now
    if en:
        lines = [
            "Check-up: what a lender's review counts (now → after every to-do item is done)",
            f"Hard inquiries (loan/card approval, guarantee checks …) past 1/3/6/12/24 months: {windows(q.hard)}",
            f"  of them by online lenders {windows(q.hard_online, '-')}; institutions {windows(q.hard_institutions, '-')}; "
            f"soft inquiries {windows(q.soft, '-')}",
            "  Hard inquiries fall: " + "; ".join(drops),
            f"Open loan accounts {two('open_loan_accounts')} (online {two('open_online_loan_accounts')}); "
            f"online lenders with a balance {two('online_lenders_with_balance')}",
            f"Total credit {two('credit_granted', money=True)}, used {two('credit_used', money=True)}"
            + (f" (foreign-currency lines not added: {foreign})" if foreign else ""),
            (f"Card utilisation {two('card_utilisation', pct=True)}, highest card {card_top}"
             if f.card_utilisation.now is not None else "No open CNY credit card with a limit"),
            f"Opened in the past 6/12 months: {two('opened_6m')}/{two('opened_12m')} accounts (settled too); "
            f"institutions {two('open_lenders')}",
            f"Overdue now {two('overdue_now')}; in 5 years: {f.overdue_5y_accounts.now} accounts, "
            f"{f.overdue_5y_months.now} months; in 2 years: {overdue_2y} accounts (5-year totals only)",
        ]
        if f.liabilities.now:
            lines.append(f"Liabilities for others {f.liabilities.now}, balance ¥{f.liabilities_balance.now:,}: "
                         "not closable here, but lenders count them")
        lines += (["* above a commonly cited review point (in brackets): from public material, not any bank's rule,",
                   "  and no prediction of a decision. Sources: JSON readiness.hints, mappings/review_hints.csv"]
                  if highlighted else
                  ["No figure is above a commonly cited review point (public material, not any bank's rule)."])
    else:
        lines = [
            "体检：银行审核常看的数字（现在 → 待办全部办完后）",
            f"硬查询（贷款/信用卡审批、担保资格审查等）近1/3/6/12/24个月：{windows(q.hard)} 次",
            f"  其中网贷机构 {windows(q.hard_online, '-')} 次，涉及机构 {windows(q.hard_institutions, '-')} 家；"
            f"软查询 {windows(q.soft, '-')} 次",
            "  " + "；".join(drops),
            f"未结清贷款账户 {two('open_loan_accounts')} 个，其中网贷 {two('open_online_loan_accounts')} 个；"
            f"有余额的网贷机构 {two('online_lenders_with_balance')} 家",
            f"授信总额（含贷款金额）{two('credit_granted', money=True)}，已用 {two('credit_used', money=True)}"
            + (f"（外币账户 {foreign} 个未计入）" if foreign else ""),
            (f"信用卡使用率 {two('card_utilisation', pct=True)}，单卡最高 {card_top}"
             if f.card_utilisation.now is not None else "没有在用的人民币贷记卡"),
            f"近6/12个月新开账户 {two('opened_6m')}/{two('opened_12m')} 个（含已结清，关闭不会删除）；"
            f"有账户的机构 {two('open_lenders')} 家",
            f"逾期：当前逾期 {two('overdue_now')} 个；近5年有逾期的账户 {f.overdue_5y_accounts.now} 个、共 "
            f"{f.overdue_5y_months.now} 个月；近2年 {overdue_2y} 个（报告只给5年合计）",
        ]
        if f.liabilities.now:
            lines.append(f"相关还款责任（为他人担保等）{f.liabilities.now} 笔，余额 ¥{f.liabilities_balance.now:,}："
                         "不能在这里关闭，但审批时会计入")
        lines += (["* 高于常见审核关注点（括号内）：关注点来自公开资料，不是任何银行的规则，也不预示审批结果",
                   "  来源见 --format json 的 readiness.hints，或 mappings/review_hints.csv"]
                  if highlighted else ["没有数字高于常见审核关注点（关注点来自公开资料，不是任何银行的规则）。"])
    if not report.complete:
        lines[0] += " — for the part that was read only" if en else "（仅就读出的部分）"
    return [clip(line, columns) for line in lines]


def readiness_change_lines(old: Report, new: Report, lang: str = "zh", columns: int = 100) -> list[str]:
    """``compare --readiness``: the readiness figures of OLD → NEW, with (in brackets) what OLD's to-do
    list, fully done, would have left; at most 6 lines of ``columns`` display columns."""
    a, b = old.readiness, new.readiness
    if a is None or b is None:
        return []
    en = lang == "en"
    fa, fb = a.figures, b.figures

    def value(v: object, money: bool = False, pct: bool = False) -> str:
        return "--" if v is None else (f"¥{v:,}" if money else f"{v}%" if pct else str(v))

    def change(name: str, **kw: bool) -> str:
        before, now = getattr(fa, name), getattr(fb, name)
        text = f"{value(before.now, **kw)} → {value(now.now, **kw)}"
        return text + (f" ({value(before.after, **kw)})" if en else f"（{value(before.after, **kw)}）")

    def windows(r: object, kind: str) -> str:
        return "/".join(value(v) for v in getattr(r.inquiries, kind).values())  # type: ignore[attr-defined]

    if en:
        lines = [
            "Check-up, old report → new report (in brackets: what the old to-do list, all done, would leave)",
            f"Hard inquiries past 1/3/6/12/24 months {windows(a, 'hard')} → {windows(b, 'hard')}; "
            f"soft {windows(a, 'soft')} → {windows(b, 'soft')}",
            f"Open loan accounts {change('open_loan_accounts')}, online {change('open_online_loan_accounts')}; "
            f"online lenders with a balance {change('online_lenders_with_balance')}",
            f"Total credit {change('credit_granted', money=True)}, used {change('credit_used', money=True)}",
            f"Card utilisation {change('card_utilisation', pct=True)}; institutions {change('open_lenders')}; "
            f"overdue now {change('overdue_now')}",
            f"Opened in the past 6/12 months {fa.opened_6m.now}/{fa.opened_12m.now} → {fb.opened_6m.now}/{fb.opened_12m.now}; "
            f"accounts overdue in 5 years {fa.overdue_5y_accounts.now} → {fb.overdue_5y_accounts.now}",
        ]
    else:
        lines = [
            "体检对比（旧报告 → 新报告；括号内为旧报告的待办全部办完后应有的数字）",
            f"硬查询 近1/3/6/12/24个月 {windows(a, 'hard')} → {windows(b, 'hard')} 次；"
            f"软查询 {windows(a, 'soft')} → {windows(b, 'soft')} 次",
            f"未结清贷款账户 {change('open_loan_accounts')} 个，其中网贷 {change('open_online_loan_accounts')} 个；"
            f"有余额的网贷机构 {change('online_lenders_with_balance')} 家",
            f"授信总额（含贷款金额）{change('credit_granted', money=True)}，已用 {change('credit_used', money=True)}",
            f"信用卡使用率 {change('card_utilisation', pct=True)}；有账户的机构 {change('open_lenders')} 家；"
            f"当前逾期 {change('overdue_now')} 个",
            f"近6/12个月新开账户 {fa.opened_6m.now}/{fa.opened_12m.now} → {fb.opened_6m.now}/{fb.opened_12m.now} 个；"
            f"近5年有逾期的账户 {fa.overdue_5y_accounts.now} → {fb.overdue_5y_accounts.now} 个",
        ]
    return [clip(line, columns) for line in lines]
