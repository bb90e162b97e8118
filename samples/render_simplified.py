"""Render a report model as a 简版 (sentence) PDF of either generation (report-format.md §5).

A 简版 prints less than a 详版 and in another order, so ``simplified_view`` first projects the
model onto what the 简版 states (no agreements, month-precision dates, 循环贷账户一 as loans,
the accounts grouped as the report groups them); the PDF is rendered from that projection and
the projection is the truth the parser must give back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from reportlab.lib import colors
from reportlab.platypus import Spacer, Table, TableStyle

from creditgap.fields import CURRENCY_NAMES
from creditgap.model import Account, DebtSummary, Family, Header, Liability, Report, Status, Summary

from .synth import BANKS, CARD_ISSUERS
from .pdfkit import BODY, CELL, H1, H2, H3, FillToBottom, Marked, PageFurniture, build, para

HOUSING = ("住房", "商用房")


@dataclass(frozen=True)
class SimplifiedStyle:
    generation: int = 2
    full_width: bool = True  # （人民币） or (人民币)
    summary_two_rows: bool = False  # 贷款 spanning 购房 / 其他 in a second header row
    watermark: bool = False
    header_every_page: bool = True  # 2nd gen repeats 报告编号 / 姓名 lines on every page
    producer: str = "reportlab"  # how text is written (samples/producers.py); random() keeps the default
    # Clause grammar (issue 12): each item's clauses in a random order (seeded by clause_seed), with
    # optional ones (到期, 额度有效期, 卡片尾号, a card's 截至) dropped with probability drop_optional
    # and optional extras added (a card's …年…月到期); False prints the canonical sentences.
    inquiry_operator: bool = False  # the 1st generation's 查询操作员 column label in place of 查询机构
    self_blank: bool = False  # 本人查询 rows without 本人 printed as the institution
    permute_clauses: bool = False
    clause_seed: int = 0
    drop_optional: float = 0.0

    @staticmethod
    def random(rng: random.Random, generation: int | None = None) -> SimplifiedStyle:
        return SimplifiedStyle(generation=generation or rng.choice([1, 2]), full_width=rng.random() < 0.7,
                               summary_two_rows=rng.random() < 0.4, watermark=rng.random() < 0.4,
                               header_every_page=rng.random() < 0.8)


# --- projection -------------------------------------------------------------------------------


def is_housing(a: Account) -> bool:
    return a.family is Family.LOAN and any(w in (a.business_type or "") for w in HOUSING)


def short_name(lender: str) -> str:
    """First-generation reports print traditional banks by short name (招商银行, 中国建设银行上海市分行);
    other lenders keep their legal names (spec §5.4 examples 17–26)."""
    if lender in BANKS or lender in CARD_ISSUERS:
        for part in ("股份有限公司", "太平洋信用卡中心", "信用卡中心"):
            lender = lender.replace(part, "")
    return lender


def _month(text: str | None) -> str | None:
    return text[:7] if text else None


def _project(a: Account, generation: int) -> Account:
    """What the 简版 sentence for ``a`` states, as an Account."""
    lender = short_name(a.lender) if generation == 1 else a.lender
    common = dict(lender=lender, opened=a.opened, platforms=(), page=None, account_id=None, agreement_id=None,
                  overdue_months_5y=a.overdue_months_5y or 0, currency=a.currency, card_tail=a.card_tail)
    s = a.status
    if a.family is Family.RECOVERED:
        ended = s is Status.SETTLED
        return replace(a, **{**common, "card_tail": None, "overdue_months_5y": 0}, due=None, credit_limit=None, used=None,
                       status_raw="已结清" if ended else None, balance=None if ended else a.balance,
                       as_of=None if ended else a.as_of, closed_on=_month(a.closed_on))
    if a.family in (Family.LOAN, Family.REVOLVING_SUB):
        closed = s in (Status.SETTLED, Status.TRANSFERRED)
        return replace(a, **{**common, "card_tail": None}, family=Family.LOAN, credit_limit=None, used=None,
                       due=None if closed else a.due, balance=None if closed else a.balance,
                       status_raw={Status.SETTLED: "已结清", Status.TRANSFERRED: "已转出"}.get(s),
                       as_of=None if closed else _month(a.as_of), closed_on=_month(a.closed_on))
    if a.family is Family.REVOLVING:
        settled = s is Status.SETTLED
        return replace(a, **{**common, "card_tail": None}, amount=None, used=None,
                       due=None if settled else a.due, credit_limit=None if settled else a.credit_limit,
                       balance=None if settled else a.balance, status_raw="已结清" if settled else None,
                       as_of=None if settled else _month(a.as_of), closed_on=_month(a.closed_on))
    # cards
    semi = a.family is Family.SEMI_CREDIT_CARD
    base = replace(a, **common, business_type=None, due=None, amount=None, closed_on=_month(a.closed_on),
                   as_of=_month(a.as_of), status_raw=None)
    if s is Status.CLOSED:  # 1st generation: 截至2014年1月已销户 (as of the month it was closed)
        return replace(base, credit_limit=None, used=None, balance=None, as_of=_month(a.closed_on) if generation == 1 else None,
                       status_raw="已销户" if generation == 1 else "销户")
    if s is Status.INACTIVE:
        return replace(base, used=None, balance=None, status_raw="尚未激活")
    if s is Status.BAD_DEBT:
        return replace(base, credit_limit=None, used=None, status_raw="呆账")
    if semi:
        return replace(base, used=None)
    if a.business_type == "大额专项分期卡":
        return replace(base, used=None)
    return replace(base, balance=None)


def print_order(accounts: list[Account]) -> list[Account]:
    """资产处置, 垫款, then cards and loans, each: overdue first, then open before closed."""
    def grouped(items: list[Account]) -> list[Account]:
        late = [a for a in items if a.overdue_months_5y]
        fine = [a for a in items if not a.overdue_months_5y]
        return late + [a for a in fine if a.is_open] + [a for a in fine if not a.is_open]

    recovered = [a for a in accounts if a.family is Family.RECOVERED]
    return ([a for a in recovered if a.business_type == "资产处置"] + [a for a in recovered if a.business_type != "资产处置"]
            + grouped([a for a in accounts if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)])
            + grouped([a for a in accounts if a.family in (Family.LOAN, Family.REVOLVING)]))


def brief_summary(accounts: list[Account], generation: int) -> Summary:
    """信息概要 as the 简版 prints it: zeros are ``--`` in the 2nd generation (read back as None)."""
    zero = None if generation == 2 else 0
    z = lambda n: zero if n == 0 else n  # noqa: E731
    columns = {
        "信用卡": [a for a in accounts if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)],
        "购房贷款": [a for a in accounts if is_housing(a)],
        "其他贷款": [a for a in accounts if a.family in (Family.LOAN, Family.REVOLVING) and not is_housing(a)],
    }
    if generation == 2:
        columns["其他业务"] = []
    debt = {name: DebtSummary(accounts=z(len(items)), open_accounts=z(sum(a.is_open for a in items)),
                              overdue_accounts=z(sum(1 for a in items if a.overdue_months_5y)), overdue_90_accounts=zero)
            for name, items in columns.items()}
    recovered = [a for a in accounts if a.family is Family.RECOVERED]
    if recovered and generation == 2:
        for kind in ("资产处置", "垫款"):
            debt[kind] = DebtSummary(accounts=z(sum(1 for a in recovered if a.business_type == kind)))
    return Summary(debt=debt)


def simplified_view(report: Report, generation: int = 2) -> tuple[Report, dict[str, str]]:
    """The report as a 简版 states it, and the map from the model's refs to the 简版's refs."""
    ordered = print_order([_project(a, generation) for a in report.accounts])
    refs = {a.ref: f"A{i}" for i, a in enumerate(ordered, 1)}
    accounts = tuple(replace(a, ref=refs[a.ref]) for a in ordered)
    h = report.header
    subject_id = ("*" * 14 + (h.subject_id or "")[-4:]) if generation == 1 else h.subject_id
    header = Header(layout="simplified", generation=generation, report_no=h.report_no, report_time=h.report_time,
                    subject_name=h.subject_name, subject_id=subject_id)
    liabilities = tuple(replace(x, page=None, role=x.role if generation == 2 else "保证人",
                                as_of=x.as_of if generation == 2 else _month(x.as_of)) for x in report.liabilities)
    summary = brief_summary(list(accounts), generation)
    if generation == 2:  # the 相关还款责任账户数 table is always printed, zeros as --
        for whom in ("个人", "企业"):
            n = sum(1 for x in liabilities if x.for_whom == whom)
            summary.debt[f"为{whom}"] = DebtSummary(accounts=n or None)
    return Report(header=header, accounts=accounts, inquiries=report.inquiries, liabilities=liabilities,
                  summary=summary), refs


# --- sentences --------------------------------------------------------------------------------


class Words:
    def __init__(self, style: SimplifiedStyle):
        self.g = style.generation
        self.lb, self.rb = ("（", "）") if style.full_width else ("(", ")")

    def day(self, d: date | str | None) -> str:
        if isinstance(d, str):
            d = date.fromisoformat(d)
        assert d is not None
        return f"{d.year}年{d.month:02d}月{d.day:02d}日" if self.g == 2 else f"{d.year}年{d.month}月{d.day}日"

    def month(self, m: str | None) -> str:
        assert m is not None
        y, mo = m[:4], int(m[5:7])
        return f"{y}年{mo:02d}月" if self.g == 2 else f"{y}年{mo}月"

    @staticmethod
    def amt(v: int | None) -> str:
        return "--" if v is None else f"{v:,}"

    def overdue(self, a: Account) -> str:
        n = a.overdue_months_5y or 0
        if not n:
            return ""
        if a.family is Family.SEMI_CREDIT_CARD:
            return f"最近5年内有{n}个月透支超过60天，其中0个月透支超过90天。"
        return f"最近5年内有{n}个月处于逾期状态，没有发生过90天以上逾期。"

    def rmb(self) -> str:
        return f"{self.lb}人民币{self.rb}"

    def liability(self, x: Liability) -> str:
        who = ("某某科技有限公司", "中征码", "3201050000000001") if x.for_whom == "企业" else ("某某", "身份证", "****1234")
        party = f"为{who[0]}{self.lb}证件类型：{who[1]}，证件号码：{who[2]}{self.rb}在{x.lender}办理的贷款"
        if self.g == 1:
            return (f"{self.day(x.opened)}，{party}提供担保，担保贷款合同金额{self.amt(x.amount)}，担保金额{self.amt(x.amount)}。"
                    f"截至{self.month(x.as_of)}，担保贷款余额{self.amt(x.balance)}。")
        return (f"{self.day(x.opened)}，{party}承担相关还款责任，责任人类型为{x.role}，相关还款责任金额{self.amt(x.amount)}"
                f"{self.lb}保证合同编号：B10811000H0000000001{self.rb}。截至{self.day(x.as_of)}，贷款余额{self.amt(x.balance)}"
                f"{self.lb}人民币元{self.rb}。")

    def sentence(self, a: Account) -> str:
        head = f"{self.day(a.opened)}{a.lender}"
        f, s = a.family, a.status
        if f is Family.RECOVERED:
            if a.business_type == "资产处置":
                text = f"{head}接收债权，金额为{self.amt(a.amount)}。"
            else:
                text = f"{self.day(a.opened)}以来{a.lender}累计代偿金额{self.amt(a.amount)}。"
            if s is Status.SETTLED:
                return text + f"{self.month(a.closed_on)}已结清。"
            return text + f"截至{self.day(a.as_of)}，余额为{self.amt(a.balance)}。"
        if f is Family.LOAN:
            text = f"{head}发放的{self.amt(a.amount)}元{self.rmb()}{a.business_type}"
            if s is Status.SETTLED:
                return text + f"，{self.month(a.closed_on)}已结清。" + self.overdue(a)
            if s is Status.TRANSFERRED:
                return text + f"，{self.month(a.closed_on)}已转出。" + self.overdue(a)
            text += f"，{self.day(a.due)}到期。" if a.due else "。"
            text += f"截至{self.month(a.as_of)}，余额{self.amt(a.balance)}"
            if s is Status.OVERDUE:
                text += f"，逾期金额{self.amt(max(1, (a.balance or 0) // 10))}"
            return text + "。" + self.overdue(a)
        if f is Family.REVOLVING:
            text = f"{head}为{a.business_type}授信，"
            if s is Status.SETTLED:
                return text + f"可循环使用。{self.month(a.closed_on)}已结清。" + self.overdue(a)
            text += f"额度有效期至{self.day(a.due)}，" if a.due else "额度长期有效，"
            text += (f"可循环使用。截至{self.month(a.as_of)}，信用额度{self.amt(a.credit_limit)}元{self.rmb()}，"
                     f"余额为{self.amt(a.balance)}，{'当前有逾期' if s is Status.OVERDUE else '当前无逾期'}。")
            return text + self.overdue(a)
        kind = "准贷记卡" if f is Family.SEMI_CREDIT_CARD else "贷记卡"
        ccy = CURRENCY_NAMES.get(a.currency, a.currency)
        tail = f"，卡片尾号：{a.card_tail}" if a.card_tail else ""
        text = f"{head}发放的{kind}{self.lb}{ccy}账户{tail}{self.rb}"
        if s is Status.CLOSED:
            closed = f"截至{self.month(a.closed_on)}已销户。" if self.g == 1 else f"{self.month(a.closed_on)}销户。"
            return text + "，" + closed + self.overdue(a)
        text += f"。截至{self.month(a.as_of)}，"
        limit = f"信用额度{'折合人民币' if self.g == 1 and a.currency != 'CNY' else ''}{self.amt(a.credit_limit)}"
        if s is Status.INACTIVE:
            return text + f"{limit}，尚未激活。"
        if s is Status.BAD_DEBT:
            return text + f"余额{self.amt(a.balance)}，已变成呆账。" + self.overdue(a)
        if kind == "准贷记卡":
            return text + f"{limit}，透支余额{self.amt(a.balance)}。" + self.overdue(a)
        if a.used is None and a.balance is not None:  # 大额专项分期卡
            return text + f"{limit}，余额{self.amt(a.balance)}（含未出单的大额专项分期余额0）。" + self.overdue(a)
        return text + f"{limit}，已使用额度{self.amt(a.used)}。" + self.overdue(a)


    def clauses(self, a: Account, rng: random.Random, drop: float) -> tuple[str, list[str], Account]:
        """An item as a head and its clauses, optional clauses dropped at random; the account as
        the item then states it."""
        cut = lambda: rng.random() < drop  # noqa: E731
        f, s = a.family, a.status
        out: list[str] = []
        if f is Family.RECOVERED:
            if a.business_type == "资产处置":
                head = f"{self.day(a.opened)}{a.lender}接收债权，金额为{self.amt(a.amount)}"
            else:
                head = f"{self.day(a.opened)}以来{a.lender}累计代偿金额{self.amt(a.amount)}"
            if s is Status.SETTLED:
                return head, [f"{self.month(a.closed_on)}已结清"], a
            return head, [f"截至{self.day(a.as_of)}", f"余额为{self.amt(a.balance)}"], a
        history = []
        if a.overdue_months_5y:
            if f is Family.SEMI_CREDIT_CARD:
                history = [f"最近5年内有{a.overdue_months_5y}个月透支超过60天", "其中0个月透支超过90天"]
            else:
                history = [f"最近5年内有{a.overdue_months_5y}个月处于逾期状态", "没有发生过90天以上逾期"]
        if f is Family.LOAN:
            head = f"{self.day(a.opened)}{a.lender}发放的{self.amt(a.amount)}元{self.rmb()}{a.business_type}"
            if s in (Status.SETTLED, Status.TRANSFERRED):
                out = [f"{self.month(a.closed_on)}{a.status_raw}"]
            else:
                if a.due and cut():
                    a = replace(a, due=None)
                out = ([f"{self.day(a.due)}到期"] if a.due else []) + [f"截至{self.month(a.as_of)}", f"余额{self.amt(a.balance)}"]
                if s is Status.OVERDUE:
                    out.append(f"逾期金额{self.amt(max(1, (a.balance or 0) // 10))}")
            return head, out + history, a
        if f is Family.REVOLVING:
            head = f"{self.day(a.opened)}{a.lender}为{a.business_type}授信"
            if s is Status.SETTLED:
                return head, ["可循环使用", f"{self.month(a.closed_on)}已结清"] + history, a
            if a.due and cut():
                a = replace(a, due=None)
            out = [f"额度有效期至{self.day(a.due)}" if a.due else "额度长期有效", rng.choice(["可循环使用", "不可循环使用"]),
                   f"截至{self.month(a.as_of)}", f"信用额度{self.amt(a.credit_limit)}元{self.rmb()}",
                   f"余额为{self.amt(a.balance)}", "当前有逾期" if s is Status.OVERDUE else "当前无逾期"]
            return head, out + history, a
        kind = "准贷记卡" if f is Family.SEMI_CREDIT_CARD else "贷记卡"
        if a.card_tail and cut():
            a = replace(a, card_tail=None)
        ccy = CURRENCY_NAMES.get(a.currency, a.currency)
        if a.card_tail and a.currency == "CNY" and rng.random() < 0.3:
            inside = f"卡片尾号：{a.card_tail}"  # the brackets hold only the tail
        else:
            inside = f"{ccy}账户" + (f"，卡片尾号：{a.card_tail}" if a.card_tail else "")
        head = f"{self.day(a.opened)}{a.lender}发放的{kind}{self.lb}{inside}{self.rb}"
        if s is Status.CLOSED:
            return head, [f"截至{self.month(a.closed_on)}已销户" if self.g == 1 else f"{self.month(a.closed_on)}销户"] + history, a
        if a.as_of and s is not Status.BAD_DEBT and cut():
            a = replace(a, as_of=None)
        limit = f"信用额度{'折合人民币' if self.g == 1 and a.currency != 'CNY' else ''}{self.amt(a.credit_limit)}"
        out = [f"截至{self.month(a.as_of)}"] if a.as_of else []
        if rng.random() < drop:
            out.append(f"{self.month(a.as_of or '2030-01')}到期")  # a card's expiry month: read past
        if s is Status.INACTIVE:
            out += [limit, "尚未激活"]
        elif s is Status.BAD_DEBT:
            out += [f"余额{self.amt(a.balance)}", "已变成呆账"]
        elif kind == "准贷记卡":
            out += [limit, f"透支余额{self.amt(a.balance)}"]
        elif a.used is None and a.balance is not None:
            out += [limit, f"余额{self.amt(a.balance)}（含未出单的大额专项分期余额0）"]
        else:
            out += [limit, f"已使用额度{self.amt(a.used)}"]
        return head, out + history, a

    def permuted(self, a: Account, rng: random.Random, drop: float) -> tuple[str, Account]:
        """The item with its clauses in a random order, each ended by ， or 。; and what it states."""
        head, clauses, a = self.clauses(a, rng, drop)
        rng.shuffle(clauses)
        text = head
        for n, clause in enumerate(clauses):
            text += ("，" if n == 0 or rng.random() < 0.6 else "。") + clause
        return text + "。", a


# --- document ---------------------------------------------------------------------------------


def _summary_table(summary: Summary, style: SimplifiedStyle) -> list[object]:
    cols = [c for c in ("信用卡", "购房贷款", "其他贷款", "其他业务") if c in summary.debt]
    shown = lambda v: "--" if v is None else str(v)  # noqa: E731
    rows_spec = [("账户数", "accounts"), ("未结清/未销户账户数", "open_accounts"), ("发生过逾期的账户数", "overdue_accounts"),
                 ("发生过90天以上逾期的账户数", "overdue_90_accounts")]
    if style.summary_two_rows:
        header = [["", "信用卡", "贷款", "", *(["其他业务"] if "其他业务" in cols else [])],
                  ["", "", "购房", "其他", *([""] if "其他业务" in cols else [])]]
    else:
        header = [[""] + cols]
    body = [[label] + [shown(getattr(summary.debt[c], key)) for c in cols] for label, key in rows_spec]
    t = Table([[para(c, CELL) if isinstance(c, str) else c for c in r] for r in header + body],
              colWidths=[150] + [70] * len(cols))
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    out: list[object] = [t]
    if "为个人" in summary.debt:
        small = Table([["", para("为个人", CELL), para("为企业", CELL)],
                       [para("相关还款责任账户数", CELL), shown(summary.debt["为个人"].accounts),
                        shown(summary.debt["为企业"].accounts)]], colWidths=[150, 80, 80])
        small.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light")]))
        out += [Spacer(1, 6), small]
    if "资产处置" in summary.debt:
        small = Table([["", para("资产处置信息", CELL), para("垫款信息", CELL)],
                       [para("账户数", CELL), shown(summary.debt["资产处置"].accounts), shown(summary.debt["垫款"].accounts)]],
                      colWidths=[150, 80, 80])
        small.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light")]))
        out += [Spacer(1, 6), small]
    return out


def _numbered(items: list[Account], words: Words, start: int, break_before: set[str],
              texts: dict[str, str] | None = None) -> list[object]:
    out: list[object] = []
    for n, a in enumerate(items, start):
        if a.ref in break_before:
            out.append(FillToBottom())
        out.append(Marked(f"{n}.{(texts or {}).get(a.ref) or words.sentence(a)}", BODY, mark=a.ref))
    return out


def _section(title: str, items: list[Account], words: Words, late_title: str, fine_title: str,
             break_before: set[str], texts: dict[str, str] | None = None) -> list[object]:
    late = [a for a in items if a.overdue_months_5y]
    fine = [a for a in items if not a.overdue_months_5y]
    story: list[object] = [para(title, H2)]
    if late:
        story += [para(late_title), *_numbered(late, words, 1, break_before, texts)]
    if fine:
        story += [para(fine_title), *_numbered(fine, words, len(late) + 1, break_before, texts)]
    return story


def render_simplified(report: Report, path: str, style: SimplifiedStyle | None = None,
                      break_before: set[str] | None = None) -> tuple[Report, dict[str, str]]:
    """Write ``report`` as a 简版 PDF; return the projected truth (pages filled in) and the ref map.

    ``break_before`` names model refs whose sentence must start at the bottom of a page.
    """
    style = style or SimplifiedStyle()
    view, refs = simplified_view(report, style.generation)
    breaks = {refs[r] for r in (break_before or set())}
    words = Words(style)
    texts: dict[str, str] = {}
    if style.permute_clauses:
        rng = random.Random(style.clause_seed)
        stated = []
        for a in view.accounts:
            texts[a.ref], b = words.permuted(a, rng, style.drop_optional)
            stated.append(b)
        view = replace(view, accounts=tuple(stated))
    h = view.header
    g = style.generation
    if g == 2:
        line1 = f"报告编号：{h.report_no} 报告时间：{h.report_time:%Y-%m-%d %H:%M:%S}"
    else:
        line1 = f"报告编号：{h.report_no} 查询时间：{h.report_time:%Y.%m.%d} 08:00:00 报告时间：{h.report_time:%Y.%m.%d %H:%M:%S}"
    line2 = f"姓名：{h.subject_name} 证件类型：身份证 证件号码：{h.subject_id} 已婚"
    story: list[object] = [para("个人信用报告", H1), para(line1), para(line2), para("信贷记录", H2),
                           para("这部分包含您的信用卡、贷款和其他信贷记录。金额类数据均以人民币计算，精确到元。"),
                           para("信息概要", H3), *_summary_table(view.summary, style)]
    accounts = list(view.accounts)
    recovered = [a for a in accounts if a.family is Family.RECOVERED]
    for kind, title in (("资产处置", "资产处置信息"), ("垫款", "垫款信息")):
        items = [a for a in recovered if a.business_type == kind]
        if items:
            story += [para(title, H2), *_numbered(items, words, 1, breaks, texts)]
    cards = [a for a in accounts if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)]
    loans = [a for a in accounts if a.family in (Family.LOAN, Family.REVOLVING)]
    if cards:
        story += _section("信用卡", cards, words, "发生过逾期的贷记卡账户明细如下：",
                          "从未逾期过的贷记卡及透支未超过60天的准贷记卡账户明细如下：", breaks, texts)
    if loans:
        story += _section("贷款", loans, words, "发生过逾期的账户明细如下：", "从未发生过逾期的账户明细如下：", breaks, texts)
    if view.liabilities:
        story.append(para("相关还款责任信息" if g == 2 else "为他人担保信息", H2))
        number = 0  # numbered on through both groups (spec §5.1)
        for whom in ("个人", "企业"):
            group = [x for x in view.liabilities if x.for_whom == whom]
            if group and g == 2:
                story.append(para(f"为{whom}"))
            for x in group:
                number += 1
                story.append(Marked(f"{number}.{words.liability(x)}", BODY, mark=x.ref))
    story += [para("非信贷交易记录", H2), para("系统中没有您最近5年内的非信贷交易记录。"),
              para("公共记录", H2), para("系统中没有您最近5年内的公共信息记录。"),
              para("查询记录", H2), para("这部分包含您的信用报告最近2年内被查询的记录。")]
    for title, rows in (("机构查询记录明细", [i for i in view.inquiries if i.institution != "本人"]),
                        ("个人查询记录明细", [i for i in view.inquiries if i.institution == "本人"])):
        who = "查询操作员" if style.inquiry_operator else "查询机构"
        data = [[para(x, CELL) for x in ("编号", "查询日期", who, "查询原因")]]
        data += [[str(n), words.day(i.date), para("" if style.self_blank and i.institution == "本人" else i.institution, CELL),
                  para(i.reason, CELL)] for n, i in enumerate(rows, 1)]
        t = Table(data, colWidths=[40, 90, 240, 145], repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                               ("FONTSIZE", (0, 0), (-1, -1), 7.5)]))
        story += [para(title, H3), t]
    story += [para("说  明", H2), para("1. 除查询记录外，本报告中的信息是依据截至报告时间个人征信系统记录的信息生成。"),
              para("2. 如信息记录斜体展示，则说明您对此条记录存在异议。")]
    furniture = PageFurniture(
        header=lambda p: f"{line1}\n{line2}" if p > 1 and g == 2 and style.header_every_page else None,
        footer=lambda p, total: f"第 {p} 页，共 {total} 页",
        watermark=h.report_no if style.watermark else None,
    )
    pages = build(path, story, furniture, style.producer)
    return replace(view, accounts=tuple(replace(a, page=pages.get(a.ref)) for a in view.accounts),
                   liabilities=tuple(replace(x, page=pages.get(x.ref)) for x in view.liabilities)), refs
