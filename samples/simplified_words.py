"""The 简版's sentences (report-format.md §5.3, §7.2–7.3): one numbered item per account.

``Words(style).sentence(a)`` prints an account the 简版 projection states (render_simplified's
``simplified_view``) in the canonical clause order; ``Words.permuted`` prints it with its clauses
shuffled and optional ones dropped, and says what the item then states.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from creditgap.fields import CURRENCY_NAMES, STATUS_WORDS
from creditgap.model import Account, Family, Liability, Status

if TYPE_CHECKING:
    from .render_simplified import SimplifiedStyle

# 其他业务 (spec §7.3): printed with 办理的 in a section of its own and counted in its own column.
OTHER_BUSINESS = ("融资租赁业务", "约定购回式证券交易", "股票质押式回购交易")


def is_other_business(a: Account) -> bool:
    return a.family is Family.LOAN and a.business_type in OTHER_BUSINESS


def state_wording(a: Account) -> str:
    """How a 简版 states an ``other`` status: 已变成司法追偿 or 被司法追偿 for a word of the 账户状态
    vocabulary; a wording it does not know (the model's status_raw) as it is."""
    raw = a.status_raw or ""
    if STATUS_WORDS.get(raw) is Status.OTHER:
        return f"被{raw}" if a.opened and a.opened.day % 2 else f"已变成{raw}"
    return raw


class Words:
    def __init__(self, style: SimplifiedStyle):
        self.g = style.generation
        self.lb, self.rb = ("（", "）") if style.full_width else ("(", ")")
        self.official = getattr(style, "official", False)
        self.spaced = getattr(style, "spaced_dates", False)  # re-typeset copies print 2009 年 5 月 12 日

    def day(self, d: date | str | None) -> str:
        if isinstance(d, str):
            d = date.fromisoformat(d)
        assert d is not None
        if self.spaced:
            return f"{d.year} 年 {d.month} 月 {d.day} 日"
        return f"{d.year}年{d.month:02d}月{d.day:02d}日" if self.g == 2 else f"{d.year}年{d.month}月{d.day}日"

    def month(self, m: str | None) -> str:
        assert m is not None
        y, mo = m[:4], int(m[5:7])
        if self.spaced:
            return f"{y} 年 {mo} 月"
        return f"{y}年{mo:02d}月" if self.g == 2 else f"{y}年{mo}月"

    def amt(self, v: int | None, full_width: bool = False) -> str:
        text = "--" if v is None else f"{v:,}"
        return text.replace(",", "，") if full_width else text  # 垫款 prints 45，000 (spec §7.3)

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

    def recovered_head(self, a: Account) -> str:
        if a.business_type == "资产处置":  # the official wording puts a comma after the date
            return f"{self.day(a.opened)}{'，' if self.official else ''}{a.lender}接收债权，金额为{self.amt(a.amount)}"
        return f"{self.day(a.opened)}以来{a.lender}累计代偿金额{self.amt(a.amount, self.official)}"

    def loan_head(self, a: Account) -> str:
        verb = "办理" if is_other_business(a) else "发放"
        ccy = self.rmb() if a.currency == "CNY" else f"{self.lb}{CURRENCY_NAMES.get(a.currency, a.currency)}折人民币{self.rb}"
        moved = f"{self.lb}其他机构转入{self.rb}" if self.official and a.currency != "CNY" else ""
        return f"{self.day(a.opened)}{a.lender}{verb}的{self.amt(a.amount)}元{ccy}{a.business_type}{moved}"

    def sentence(self, a: Account) -> str:
        head = f"{self.day(a.opened)}{a.lender}"
        f, s = a.family, a.status
        if f is Family.RECOVERED:
            text = self.recovered_head(a) + "。"
            if s is Status.SETTLED:
                return text + f"{self.month(a.closed_on)}已结清。"
            return text + f"截至{self.day(a.as_of)}，余额为{self.amt(a.balance)}。"
        if f is Family.LOAN:
            text = self.loan_head(a)
            if s is Status.SETTLED:
                return text + f"，{self.month(a.closed_on)}已结清。" + self.overdue(a)
            if s is Status.TRANSFERRED:
                return text + f"，{self.month(a.closed_on)}已转出。" + self.overdue(a)
            text += f"，{self.day(a.due)}到期。" if a.due else "。"
            text += f"截至{self.month(a.as_of)}，余额{self.amt(a.balance)}"
            if s is Status.OVERDUE:
                text += f"，逾期金额{self.amt(max(1, (a.balance or 0) // 10))}"
            elif s is Status.BAD_DEBT:
                text += "，已变成呆账"
            elif s is Status.OTHER:
                text += f"，{state_wording(a)}"
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
        if s is Status.OTHER:
            return text + f"余额{self.amt(a.balance)}，{state_wording(a)}。" + self.overdue(a)
        if kind == "准贷记卡":
            late = "，当前透支超过60天" if s is Status.OVERDUE else ""
            return text + f"{limit}，透支余额{self.amt(a.balance)}{late}。" + self.overdue(a)
        if a.used is None and a.balance is not None:  # 大额专项分期卡
            return text + f"{limit}，余额{self.amt(a.balance)}（含未出单的大额专项分期余额0）。" + self.overdue(a)
        state = {Status.OVERDUE: f"，逾期金额{self.amt(max(1, (a.used or 0) // 10))}", Status.FROZEN: "，已冻结",
                 Status.STOPPED: "，已止付"}.get(s, "")
        return text + f"{limit}，已使用额度{self.amt(a.used)}{state}。" + self.overdue(a)

    def clauses(self, a: Account, rng: random.Random, drop: float) -> tuple[str, list[str], Account]:
        """An item as a head and its clauses, optional clauses dropped at random; the account as
        the item then states it."""
        cut = lambda: rng.random() < drop  # noqa: E731
        f, s = a.family, a.status
        out: list[str] = []
        if f is Family.RECOVERED:
            head = self.recovered_head(a)
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
            head = self.loan_head(a)
            if s in (Status.SETTLED, Status.TRANSFERRED):
                out = [f"{self.month(a.closed_on)}{a.status_raw}"]
            else:
                if a.due and cut():
                    a = replace(a, due=None)
                out = ([f"{self.day(a.due)}到期"] if a.due else []) + [f"截至{self.month(a.as_of)}", f"余额{self.amt(a.balance)}"]
                if s is Status.OVERDUE:
                    out.append(f"逾期金额{self.amt(max(1, (a.balance or 0) // 10))}")
                elif s in (Status.BAD_DEBT, Status.OTHER):
                    out.append("已变成呆账" if s is Status.BAD_DEBT else state_wording(a))
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
        return self._card_clauses(a, rng, drop, history)

    def _card_clauses(self, a: Account, rng: random.Random, drop: float, history: list[str]) -> tuple[str, list[str], Account]:
        cut = lambda: rng.random() < drop  # noqa: E731
        s = a.status
        kind = "准贷记卡" if a.family is Family.SEMI_CREDIT_CARD else "贷记卡"
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
        if a.as_of and s not in (Status.BAD_DEBT, Status.OTHER) and cut():
            a = replace(a, as_of=None)
        limit = f"信用额度{'折合人民币' if self.g == 1 and a.currency != 'CNY' else ''}{self.amt(a.credit_limit)}"
        out = [f"截至{self.month(a.as_of)}"] if a.as_of else []
        if rng.random() < drop:
            out.append(f"{self.month(a.as_of or '2030-01')}到期")  # a card's expiry month: read past
        if s is Status.INACTIVE:
            out += [limit, "尚未激活"]
        elif s in (Status.BAD_DEBT, Status.OTHER):
            out += [f"余额{self.amt(a.balance)}", "已变成呆账" if s is Status.BAD_DEBT else state_wording(a)]
        elif kind == "准贷记卡":
            out += [limit, f"透支余额{self.amt(a.balance)}"] + (["当前透支超过60天"] if s is Status.OVERDUE else [])
        elif a.used is None and a.balance is not None:
            out += [limit, f"余额{self.amt(a.balance)}（含未出单的大额专项分期余额0）"]
        else:
            out += [limit, f"已使用额度{self.amt(a.used)}"]
            out += {Status.OVERDUE: [f"逾期金额{self.amt(max(1, (a.used or 0) // 10))}"], Status.FROZEN: ["已冻结"],
                    Status.STOPPED: ["已止付"]}.get(s, [])
        return head, out + history, a

    def permuted(self, a: Account, rng: random.Random, drop: float) -> tuple[str, Account]:
        """The item with its clauses in a random order, each ended by ， or 。; and what it states."""
        head, clauses, a = self.clauses(a, rng, drop)
        rng.shuffle(clauses)
        text = head
        for n, clause in enumerate(clauses):
            text += ("，" if n == 0 or rng.random() < 0.6 else "。") + clause
        return text + "。", a
