"""Random but realistic report models (the truth a sample PDF is rendered from).

Everything here is synthetic: names, ID numbers and identifiers are made up; lender names are
public institutions. ``random_report(rng, kind)`` is deterministic for a seeded ``rng``.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from creditgap.model import (
    Account,
    Agreement,
    DebtSummary,
    Family,
    FAMILY_ORDER,
    Header,
    Inquiry,
    Liability,
    Report,
    Status,
    Summary,
)

from .states import ALLOWED_STATES, BAD_STATES, STOP_STATES, every_state, stop_intent, varied

# (lender, institution code) — public institutions; codes follow the spec's shape [A-Z]\d{8}H\d{4}.
ONLINE_LENDERS = [
    "重庆京东盛际小额贷款有限公司",
    "深圳前海微众银行股份有限公司",
    "重庆蚂蚁消费金融有限公司",
    "马上消费金融股份有限公司",
    "重庆度小满小额贷款有限公司",
    "浙江网商银行股份有限公司",
    "中信百信银行股份有限公司",
    "武汉众邦银行股份有限公司",
    "江苏苏商银行股份有限公司",
    "河南中原消费金融股份有限公司",
    "招联消费金融有限公司",
    "中银消费金融有限公司",
    "四川新网银行股份有限公司",
    "重庆美团三快小额贷款有限公司",
    "深圳市财付通网络金融小额贷款有限公司",
    "五矿国际信托有限公司",
    "重庆市蚂蚁小微小额贷款有限公司",
    "吉林亿联银行股份有限公司",
    "无锡锡商银行股份有限公司",
    "海尔消费金融有限公司",
]
# Online lenders that appear only in 查询记录, querying for a loan a partner bank funds (evidence_cases).
INQUIRING_LENDERS = ["福州三六零网络小额贷款有限公司"]
# Pairs that fund the same app on the same day (joint lending), with that app.
JOINT_PAIRS = [
    ("重庆度小满小额贷款有限公司", "中信百信银行股份有限公司", "度小满"),
    ("重庆美团三快小额贷款有限公司", "吉林亿联银行股份有限公司", "美团借钱"),
]
# Where the generator means each lender's accounts to be closed: the app that funds through it,
# or the bank's own channel. Lenders not listed (asset managers, guarantors) have no platform.
INTENDED_PLATFORM = {
    "重庆京东盛际小额贷款有限公司": "京东金条", "深圳前海微众银行股份有限公司": "微粒贷", "重庆蚂蚁消费金融有限公司": "花呗",
    "马上消费金融股份有限公司": "安逸花", "重庆度小满小额贷款有限公司": "度小满", "浙江网商银行股份有限公司": "网商贷",
    "中信百信银行股份有限公司": "度小满", "武汉众邦银行股份有限公司": "众邦银行", "江苏苏商银行股份有限公司": "苏商银行",
    "河南中原消费金融股份有限公司": "中原消费金融", "招联消费金融有限公司": "招联金融", "中银消费金融有限公司": "中银消费金融",
    "四川新网银行股份有限公司": "新网银行", "重庆美团三快小额贷款有限公司": "美团借钱",
    "深圳市财付通网络金融小额贷款有限公司": "微信分付", "五矿国际信托有限公司": "有钱花（五矿信托）",
    "重庆市蚂蚁小微小额贷款有限公司": "花呗", "吉林亿联银行股份有限公司": "亿联银行", "无锡锡商银行股份有限公司": "锡商银行",
    "海尔消费金融有限公司": "海尔消费金融",
    "中国建设银行股份有限公司上海市分行": "建设银行", "中国工商银行股份有限公司厦门市分行": "工商银行",
    "招商银行股份有限公司信用卡中心": "招商银行", "广发银行股份有限公司信用卡中心": "广发银行",
    "交通银行股份有限公司太平洋信用卡中心": "交通银行", "中国农业银行股份有限公司": "农业银行",
    "浙江泰隆商业银行股份有限公司宁波分行": "泰隆银行", "上海银行股份有限公司信用卡中心": "上海银行",
    "平安银行股份有限公司信用卡中心": "平安银行", "中国银行股份有限公司北京市分行": "中国银行",
}
BANKS = [
    "中国建设银行股份有限公司上海市分行",
    "中国工商银行股份有限公司厦门市分行",
    "招商银行股份有限公司信用卡中心",
    "广发银行股份有限公司信用卡中心",
    "交通银行股份有限公司太平洋信用卡中心",
    "中国农业银行股份有限公司",
    "浙江泰隆商业银行股份有限公司宁波分行",
    "上海银行股份有限公司信用卡中心",
    "平安银行股份有限公司信用卡中心",
    "中国银行股份有限公司北京市分行",
]
CARD_ISSUERS = [b for b in BANKS if "信用卡" in b] + ["中国农业银行股份有限公司", "中国银行股份有限公司北京市分行"]
COLLECTORS = ["中国信达资产管理股份有限公司", "中国长城资产管理股份有限公司", "重庆三峡融资担保集团股份有限公司"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超"]
REASONS = ["贷后管理", "贷后管理", "贷后管理", "贷款审批", "信用卡审批", "担保资格审查"]
SELF_REASONS = ["本人查询（互联网个人信用信息服务平台）", "本人查询（自助查询机）", "本人查询（商业银行网上银行）"]

def _code(rng: random.Random) -> str:
    return f"{rng.choice('BCDEZ')}{rng.randint(10000000, 99999999)}H{rng.randint(1, 9999):04d}"


def _identifier(rng: random.Random) -> str:
    return _code(rng) + "".join(rng.choice("0123456789") for _ in range(rng.randint(10, 19)))


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, mon = d.year + y, m + 1
    for dd in (d.day, 28):
        try:
            return date(year, mon, dd)
        except ValueError:
            continue
    raise AssertionError


def _round(rng: random.Random, low: int, high: int, step: int = 100) -> int:
    return rng.randint(low // step, high // step) * step


def months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _overdue(rng: random.Random, opened: date, as_of: date, chance: float) -> int:
    span = min(60, months_between(opened, as_of) + 1)
    if rng.random() >= chance or span < 2:
        return 0
    return rng.randint(1, min(6, span - 1))


def id_check_character(body: str) -> str:
    """The 18th character of a resident ID number (GB 11643): real numbers always carry a valid one,
    so a sample's must too (creditgap checks it on an OCR read)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def _header(rng: random.Random, report_time: datetime, generation: int = 2) -> Header:
    if generation == 2:
        report_no = report_time.strftime("%Y%m%d%H%M%S") + f"{rng.randint(0, 99999999):08d}"
    else:
        report_no = report_time.strftime("%Y%m%d") + f"{rng.randint(0, 10**14 - 1):014d}"
    birth = date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
    body = f"{rng.choice(['110105', '310104', '440305', '500103'])}{birth:%Y%m%d}{rng.randint(100, 999)}"
    rng.choice("0123456789X")  # the draw that once made the check character: kept, so every later value stays put
    id_no = body + id_check_character(body)
    return Header(
        layout="detailed",
        generation=generation,
        report_no=report_no,
        report_time=report_time,
        subject_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        subject_id=id_no,
    )


class _Builder:
    def __init__(self, rng: random.Random, report_day: date):
        self.rng = rng
        self.report_day = report_day
        self.accounts: list[Account] = []
        self.agreements: list[Agreement] = []
        # What the generator means each record to be, by object identity: the closure action a
        # user would take (see samples/expect.py), or None when there is nothing to do.
        self.intent: dict[int, str | None] = {}
        # The platform meant, where the lender alone does not say it (samples/expect.py otherwise
        # takes INTENDED_PLATFORM and JOINT_PAIRS), by object identity.
        self.platform: dict[int, str] = {}

    def meant(self, record: Account | Agreement, action: str | None, platform: str | None = None) -> None:
        self.intent[id(record)] = action
        if platform is not None:
            self.platform[id(record)] = platform

    def as_of(self) -> date:
        return self.report_day - timedelta(days=self.rng.randint(1, 40))

    def loan(self, lender: str, family: Family = Family.LOAN, state: str = "open", opened: date | None = None,
             agreement_id: str | None = None, business_type: str = "其他个人消费贷款", big: bool = False) -> Account:
        rng = self.rng
        opened = opened or _day(rng, date(self.report_day.year - 6, 1, 1), self.report_day - timedelta(days=60))
        amount = _round(rng, 100000, 2000000, 10000) if big else _round(rng, 500, 60000)
        term = rng.choice([3, 6, 12, 24, 36]) if not big else rng.choice([120, 240, 360])
        due = _add_months(opened, term)
        as_of = self.as_of()
        status, balance, closed_on, raw = Status.NORMAL, _round(rng, 0, amount, 1), None, "正常"
        if state == "zero":
            balance = 0
        elif state == "settled":
            close = _day(rng, opened + timedelta(days=20), min(due, as_of))
            status, balance, closed_on, raw = Status.SETTLED, None, close.isoformat(), "结清"
            as_of = close
        elif state == "transferred":
            close = _day(rng, opened + timedelta(days=20), as_of)
            status, balance, closed_on, raw = Status.TRANSFERRED, None, f"{close:%Y-%m}", "转出"
        elif state in BAD_STATES:
            raw, status = BAD_STATES[state]
            balance = max(balance, 1)
        if state in BAD_STATES:  # the grid shows at most one overdue month fewer than the months it spans
            overdue = min(rng.randint(1, 4), max(0, min(60, months_between(opened, as_of) + 1) - 1))
        else:
            overdue = _overdue(rng, opened, as_of, 0.15)
        account = Account(
            ref="", family=family, lender=lender, opened=opened, due=due, amount=amount, currency="CNY",
            business_type=business_type, status=status, status_raw=raw, balance=balance,
            as_of=as_of.isoformat(), closed_on=closed_on, account_id=_identifier(rng),
            agreement_id=agreement_id, overdue_months_5y=overdue,
        )
        online = lender in ONLINE_LENDERS
        self.meant(account, "resolve_overdue" if state in BAD_STATES else {"zero": "close_credit_line"}.get(
            state, "repay_then_close" if state == "open" and online and (balance or 0) > 0 else None))
        return account

    def agreement(self, lender: str, limit: int, used: int, effective: date, purpose: str = "循环贷款额度",
                  unused: bool = True) -> Agreement:
        rng = self.rng
        expires = None if rng.random() < 0.3 else _add_months(effective, rng.choice([12, 36, 60]))
        g = Agreement(
            ref="", lender=lender, agreement_id=_identifier(rng), effective=effective, expires=expires,
            purpose=purpose, limit=limit, cap=rng.choice([None, limit]), used=used, currency="CNY",
        )
        self.agreements.append(g)
        self.meant(g, "close_credit_line" if unused else None)
        return g

    def revolving(self, lender: str, state: str = "zero") -> Account:
        rng = self.rng
        opened = _day(rng, date(self.report_day.year - 5, 1, 1), self.report_day - timedelta(days=60))
        limit = _round(rng, 2000, 200000, 1000)
        balance = 0 if state == "zero" else _round(rng, 100, limit)
        if state in STOP_STATES and rng.random() < 0.5:
            balance = 0  # stopped with nothing drawn: closable
        # its agreement is unused when the line is (a settled line's too); a bad line's never is
        unused = state != "open" if state in ("open", "zero", "settled") else state in STOP_STATES and balance == 0
        g = self.agreement(lender, limit, balance, opened, unused=unused)
        as_of = self.as_of()
        status, raw, closed_on = Status.NORMAL, "正常", None
        if state == "settled":
            close = _day(rng, opened + timedelta(days=30), as_of)
            status, raw, closed_on, balance, as_of = Status.SETTLED, "结清", close.isoformat(), None, close
        elif state in BAD_STATES or state in STOP_STATES:
            raw, status = (BAD_STATES | STOP_STATES)[state]
        account = Account(
            ref="", family=Family.REVOLVING, lender=lender, opened=opened, due=g.expires, credit_limit=limit,
            business_type="其他个人消费贷款", status=status, status_raw=raw, balance=balance,
            as_of=as_of.isoformat(), closed_on=closed_on, account_id=_identifier(rng),
            agreement_id=g.agreement_id, overdue_months_5y=_overdue(rng, opened, as_of, 0.1),
        )
        self.meant(account, "resolve_overdue" if state in BAD_STATES else stop_intent(balance, card=False) if state in STOP_STATES
                   else {"zero": "close_credit_line", "open": "repay_then_close"}.get(state))
        return account

    def revolving_sub(self, lender: str, states: list[str]) -> list[Account]:
        rng = self.rng
        effective = _day(rng, date(self.report_day.year - 4, 1, 1), self.report_day - timedelta(days=200))
        limit = _round(rng, 5000, 100000, 1000)
        subs = [self.loan(lender, Family.REVOLVING_SUB, s, _day(rng, effective, self.report_day - timedelta(days=90)))
                for s in states]
        used = sum(a.balance or 0 for a in subs if a.is_open)
        g = self.agreement(lender, limit, used, effective, unused=all(s in ("zero", "settled") for s in states))
        linked = []
        for a in subs:
            b = replace(a, agreement_id=g.agreement_id)
            self.meant(b, self.intent[id(a)])
            linked.append(b)
        return linked

    def card(self, issuer: str, state: str = "open", currency: str = "CNY", business_type: str = "贷记卡") -> Account:
        rng = self.rng
        opened = _day(rng, date(self.report_day.year - 10, 1, 1), self.report_day - timedelta(days=30))
        limit = _round(rng, 5000, 100000, 1000)
        used = _round(rng, 0, limit // 2, 10) if rng.random() < 0.6 else 0
        as_of = self.as_of()
        status, raw, closed_on, balance = Status.NORMAL, "正常", None, used
        if state == "closed":
            close = _day(rng, opened + timedelta(days=60), as_of)
            status, raw, closed_on, used, balance, as_of = Status.CLOSED, "销户", close.isoformat(), None, None, close
        elif state == "inactive":
            status, raw, used, balance = Status.INACTIVE, "未激活", None, None
        elif state in ("bad_debt", "judicial"):
            raw, status = BAD_STATES[state]
            balance = used = max(used, 1000)
        elif state in STOP_STATES:
            raw, status = STOP_STATES[state]
        overdue = None if state == "inactive" else _overdue(rng, opened, as_of, 0.2)
        account = Account(
            ref="", family=Family.CREDIT_CARD, lender=issuer, opened=opened, credit_limit=limit, currency=currency,
            business_type=business_type, status=status, status_raw=raw, balance=balance, used=used,
            as_of=as_of.isoformat(), closed_on=closed_on, account_id=_identifier(rng),
            card_tail=f"{rng.randint(0, 9999):04d}" if rng.random() < 0.8 else None, overdue_months_5y=overdue,
        )
        # unused cards: only on request; a frozen or stopped one cannot be used, so it is listed anyway
        self.meant(account, "resolve_overdue" if state in BAD_STATES else stop_intent(used, card=True) if state in STOP_STATES
                   else None)
        return account

    def semi_card(self, issuer: str, state: str = "open") -> Account:
        rng = self.rng
        a = self.card(issuer, state if state in ALLOWED_STATES[Family.SEMI_CREDIT_CARD] and state != "open" else "open")
        balance = None if state in ("closed", "inactive") else _round(rng, 0, a.credit_limit or 0, 10)
        if state in BAD_STATES:
            balance = max(balance or 0, 1000)
        semi = replace(a, family=Family.SEMI_CREDIT_CARD, business_type=None, used=None, balance=balance)
        self.meant(semi, "resolve_overdue" if state in BAD_STATES else stop_intent(balance, card=True) if state in STOP_STATES
                   else None)
        return semi

    def recovered(self, kind: str = "资产处置", ended: bool = False) -> Account:
        rng = self.rng
        opened = _day(rng, date(self.report_day.year - 5, 1, 1), self.report_day - timedelta(days=90))
        amount = _round(rng, 1000, 80000)
        as_of = self.as_of()
        closed_on = _day(rng, opened, as_of).isoformat() if ended else None
        account = Account(
            ref="", family=Family.RECOVERED, lender=rng.choice(COLLECTORS), opened=opened, amount=amount,
            business_type=kind, status=Status.SETTLED if ended else Status.OVERDUE,
            status_raw="结束" if ended else "催收", balance=0 if ended else _round(rng, 100, amount),
            as_of=as_of.isoformat(), closed_on=closed_on,
        )
        self.meant(account, None if ended else "resolve_overdue")
        return account


def liabilities(rng: random.Random, report_day: date, n: int) -> tuple[Liability, ...]:
    """相关还款责任: guarantees for a person or a company (spec §8: the official sample has 2 + 2)."""
    out = []
    for i in range(n):
        opened = _day(rng, date(report_day.year - 6, 1, 1), report_day - timedelta(days=90))
        amount = _round(rng, 10000, 800000, 1000)
        out.append(Liability(ref="", lender=rng.choice(BANKS), opened=opened,
                             for_whom="个人" if i % 2 == 0 else "企业", role=rng.choice(["保证人", "共同借款人"]),
                             amount=amount, balance=_round(rng, 0, amount * 2, 1000),
                             as_of=(report_day - timedelta(days=rng.randint(1, 40))).isoformat()))
    ordered = sorted(out, key=lambda x: x.for_whom == "企业")  # printed 为个人 first, then 为企业
    return tuple(replace(x, ref=f"L{n}") for n, x in enumerate(ordered, 1))


def summarise(accounts: list[Account] | tuple[Account, ...]) -> Summary:
    """The report's own 信贷交易授信及负债信息概要, computed as PBOC does: open accounts only."""
    debt: dict[str, DebtSummary] = {}
    for family in FAMILY_ORDER:
        if family is Family.RECOVERED:
            continue
        open_ = [a for a in accounts if a.family is family and a.is_open]
        if family in (Family.LOAN, Family.REVOLVING_SUB):
            total = sum(a.amount or 0 for a in open_)
        else:
            total = sum(a.credit_limit or 0 for a in open_)
        if family is Family.CREDIT_CARD:
            balance = sum(a.used or 0 for a in open_)
        else:
            balance = sum(a.balance or 0 for a in open_)
        debt[str(family)] = DebtSummary(
            institutions=len({a.lender for a in open_}), accounts=len(open_), credit_total=total, balance=balance
        )
    total_accounts = sum(1 for a in accounts if a.family is not Family.RECOVERED)
    return Summary(debt=debt, account_total=total_accounts)


def _inquiries(rng: random.Random, report_day: date, lenders: list[str], n: int) -> list[Inquiry]:
    out = []
    for _ in range(n):
        d = report_day - timedelta(days=rng.randint(1, 720))
        if rng.random() < 0.2:
            out.append(Inquiry(date=d, institution="本人", reason=rng.choice(SELF_REASONS)))
        else:
            out.append(Inquiry(date=d, institution=rng.choice(lenders or BANKS), reason=rng.choice(REASONS)))
    return sorted(out, key=lambda i: i.date, reverse=True)


def finish(rng: random.Random, header: Header, accounts: list[Account], agreements: list[Agreement],
           inquiries: list[Inquiry], intent: dict[int, str | None] | None = None) -> tuple[Report, dict[str, str | None]]:
    """Order accounts as the report prints them and number refs; intents come back keyed by ref."""
    report, by_ref, _ = _finish(header, accounts, agreements, inquiries, intent or {}, {})
    return report, by_ref


def _finish(header: Header, accounts: list[Account], agreements: list[Agreement], inquiries: list[Inquiry],
            intent: dict[int, str | None], platform: dict[int, str],
            ) -> tuple[Report, dict[str, str | None], dict[str, str]]:
    """``finish``, with the platforms meant (``_Builder.platform``) keyed by ref too."""
    by_ref: dict[str, str | None] = {}
    platform_by_ref: dict[str, str] = {}
    ordered: list[Account] = []
    for family in FAMILY_ORDER:
        ordered.extend(a for a in accounts if a.family is family)
    for i, a in enumerate(ordered, 1):
        by_ref[f"A{i}"] = intent.get(id(a))
        if id(a) in platform:
            platform_by_ref[f"A{i}"] = platform[id(a)]
    for i, g in enumerate(agreements, 1):
        by_ref[f"P{i}"] = intent.get(id(g))
        if id(g) in platform:
            platform_by_ref[f"P{i}"] = platform[id(g)]
    ordered = [replace(a, ref=f"A{i}") for i, a in enumerate(ordered, 1)]
    agreements = [replace(g, ref=f"P{i}") for i, g in enumerate(agreements, 1)]
    # The report lists institutions' inquiries first, then the subject's own.
    inquiries = [i for i in inquiries if i.institution != "本人"] + [i for i in inquiries if i.institution == "本人"]
    report = Report(header=header, accounts=tuple(ordered), agreements=tuple(agreements),
                    inquiries=tuple(inquiries), summary=summarise(ordered))
    return report, by_ref, platform_by_ref


def evidence_cases(b: _Builder, report_day: date, rng: random.Random) -> tuple[list[Account], list[Inquiry]]:
    """Loans whose lender alone leaves the platform open, and the inquiries in the report that decide it.

    A partner bank funds a platform's loan (joint lending); the platform's own micro-lender queried
    the report when the user applied (creditgap.lenders.rank_by_evidence):
      * 中信百信银行 alone could be 度小满, 百信银行, 360借条 …; 福州三六零网络小额贷款 queried on the
        opening day: meant 360借条. 重庆度小满小额贷款 queried too, but 12 days before: outside the
        7-day window, so it is no evidence for 度小满.
      * 吉林亿联银行 alone reads as its own app; 重庆美团三快小额贷款 queried 3 days before: meant 美团借钱.
    Accounts and inquiries come from ``rng`` (not the report's own stream) and are recorded in ``b``.
    """
    side = _Builder(rng, report_day)
    accounts: list[Account] = []
    inquiries: list[Inquiry] = []
    for lender, platform, queries in (
        ("中信百信银行股份有限公司", "360借条", [(INQUIRING_LENDERS[0], 0), ("重庆度小满小额贷款有限公司", 12)]),
        ("吉林亿联银行股份有限公司", "美团借钱", [("重庆美团三快小额贷款有限公司", 3)]),
    ):
        # inside the report's two years of inquiries, with room for the one 12 days earlier
        opened = _day(rng, report_day - timedelta(days=600), report_day - timedelta(days=90))
        loan = side.loan(lender, state="zero", opened=opened)
        b.meant(loan, side.intent[id(loan)], platform)
        accounts.append(loan)
        inquiries += [Inquiry(date=opened - timedelta(days=days), institution=who, reason="贷款审批") for who, days in queries]
    return accounts, inquiries


def random_report(rng: random.Random, kind: str = "mixed") -> Report:
    """A report model. ``kind``: clean, online, kitchen, statuses (every 账户状态 of every family, a
    dual-currency card, both 被追偿 kinds), mixed or varied (random, small: for property tests;
    varied draws from every state spec §4.2 allows, dual-currency cards too)."""
    return random_case(rng, kind)[0]


def random_case(rng: random.Random, kind: str = "mixed") -> tuple[Report, dict[str, str | None]]:
    """A report model and what the generator meant each account and agreement to be (by ref)."""
    report, intent, _ = random_truth(rng, kind)
    return report, intent


def random_truth(rng: random.Random, kind: str = "mixed") -> tuple[Report, dict[str, str | None], dict[str, str]]:
    """``random_case``, plus the platform meant for the records whose lender alone does not say it (by ref)."""
    report_time = datetime(rng.randint(2024, 2026), rng.randint(1, 12), rng.randint(1, 28),
                           rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    b = _Builder(rng, report_time.date())
    acc: list[Account] = []
    if kind == "clean":
        acc.append(b.loan(BANKS[0], business_type="个人住房商业贷款", big=True))
        acc.append(b.card(CARD_ISSUERS[0]))
        acc.append(b.card(CARD_ISSUERS[1], "closed"))
        acc.append(b.loan(ONLINE_LENDERS[1], state="settled"))
    elif kind == "online":
        for lender in rng.sample(ONLINE_LENDERS, 7):
            acc.append(b.loan(lender, state=rng.choice(["zero", "zero", "settled", "open"])))
        for a_lender, b_lender, _ in JOINT_PAIRS:
            opened = _day(rng, date(report_time.year - 2, 1, 1), report_time.date() - timedelta(days=90))
            acc.append(b.loan(a_lender, state="zero", opened=opened))
            acc.append(b.loan(b_lender, state="zero", opened=opened))
        acc.append(b.revolving("重庆蚂蚁消费金融有限公司", "zero"))
        acc.append(b.revolving("深圳前海微众银行股份有限公司", "zero"))
        acc.append(b.revolving("浙江网商银行股份有限公司", "open"))
        acc.extend(b.revolving_sub("重庆京东盛际小额贷款有限公司", ["zero", "settled"]))
        b.agreement("招联消费金融有限公司", 20000, 0, report_time.date() - timedelta(days=400))
        b.agreement("马上消费金融股份有限公司", 15000, 0, report_time.date() - timedelta(days=300))
        b.agreement("某某村镇银行股份有限公司", 8000, 0, report_time.date() - timedelta(days=200))
        acc.append(b.card(CARD_ISSUERS[0]))
        acc.append(b.card(CARD_ISSUERS[2], "inactive"))
    elif kind == "kitchen":
        acc.append(b.recovered("资产处置"))
        acc.append(b.recovered("垫款", ended=True))
        acc.append(b.loan(BANKS[0], business_type="个人住房商业贷款", big=True))
        acc.append(b.loan(ONLINE_LENDERS[0], state="zero"))
        acc.append(b.loan(ONLINE_LENDERS[3], state="settled"))
        acc.append(b.loan(ONLINE_LENDERS[9], state="transferred"))
        acc.append(b.loan(ONLINE_LENDERS[10], state="overdue"))
        acc.extend(b.revolving_sub(ONLINE_LENDERS[5], ["open", "settled"]))
        acc.append(b.revolving(ONLINE_LENDERS[2], "zero"))
        acc.append(b.revolving(ONLINE_LENDERS[1], "open"))
        acc.append(b.card(CARD_ISSUERS[0]))
        acc.append(b.card(CARD_ISSUERS[1], "closed"))
        acc.append(b.card(CARD_ISSUERS[2], "inactive", currency="USD"))
        acc.append(b.card(CARD_ISSUERS[3], "bad_debt"))
        acc.append(b.card(CARD_ISSUERS[4], business_type="大额专项分期卡"))
        acc.append(b.semi_card(BANKS[9]))
        b.agreement(ONLINE_LENDERS[11], 30000, 0, report_time.date() - timedelta(days=500), "非循环贷款额度")
        # a card issuer's shared limit, in use: the official sample's fifth agreement (spec §8)
        b.agreement(CARD_ISSUERS[0], 60000, 12000, report_time.date() - timedelta(days=900), "信用卡共享额度",
                    unused=False)
    elif kind == "statuses":
        acc += every_state(b, rng)
    elif kind == "varied":
        acc += varied(b, rng)
    else:
        for _ in range(rng.randint(1, 6)):
            pick = rng.random()
            if pick < 0.35:
                acc.append(b.loan(rng.choice(ONLINE_LENDERS + BANKS),
                                  state=rng.choice(["open", "zero", "settled", "transferred", "overdue"])))
            elif pick < 0.5:
                acc.append(b.revolving(rng.choice(ONLINE_LENDERS), rng.choice(["zero", "open", "settled"])))
            elif pick < 0.6:
                acc.extend(b.revolving_sub(rng.choice(ONLINE_LENDERS), rng.sample(["zero", "open", "settled"], 2)))
            elif pick < 0.85:
                acc.append(b.card(rng.choice(CARD_ISSUERS), rng.choice(["open", "closed", "inactive", "bad_debt"]),
                                  currency=rng.choice(["CNY", "CNY", "USD"])))
            elif pick < 0.93:
                acc.append(b.semi_card(rng.choice(BANKS), rng.choice(["open", "closed"])))
            else:
                acc.append(b.recovered(rng.choice(["资产处置", "垫款"]), ended=rng.random() < 0.5))
        if rng.random() < 0.3:
            b.agreement(rng.choice(ONLINE_LENDERS), _round(rng, 1000, 50000, 1000), 0,
                        report_time.date() - timedelta(days=rng.randint(100, 900)))
    header = _header(rng, report_time)
    n_inq = {"kitchen": 12, "clean": 3}.get(kind, rng.randint(0, 15))
    lenders = sorted({a.lender for a in acc})
    inquiries = _inquiries(rng, report_time.date(), lenders, n_inq)
    if kind == "kitchen":  # from a stream of their own, so the rest of the report stays as it was
        extra, queries = evidence_cases(b, report_time.date(), random.Random(f"evidence {report_time.isoformat()}"))
        acc += extra
        inquiries = sorted(inquiries + queries, key=lambda i: i.date, reverse=True)
    report, intent, platform = _finish(header, acc, b.agreements, inquiries, b.intent, b.platform)
    n_liabilities = 4 if kind == "kitchen" else (rng.choice([0, 0, 0, 1, 2]) if kind == "mixed" else 0)
    return replace(report, liabilities=liabilities(rng, report_time.date(), n_liabilities)), intent, platform


def large_report(rng: random.Random, accounts: int, inquiries: int) -> Report:
    """A long report (many accounts of every kind, many inquiries), for benchmarks."""
    report_time = datetime(2025, 6, 3, 10, 20, 30)
    b = _Builder(rng, report_time.date())
    acc: list[Account] = []
    while len(acc) < accounts:
        pick = rng.random()
        if pick < 0.45:
            acc.append(b.loan(rng.choice(ONLINE_LENDERS), state=rng.choice(["open", "zero", "settled"])))
        elif pick < 0.6:
            acc.append(b.revolving(rng.choice(ONLINE_LENDERS), rng.choice(["zero", "open", "settled"])))
        elif pick < 0.7:
            acc.extend(b.revolving_sub(rng.choice(ONLINE_LENDERS), ["zero", "settled"]))
        else:
            acc.append(b.card(rng.choice(CARD_ISSUERS), rng.choice(["open", "closed", "inactive"])))
    lenders = sorted({a.lender for a in acc})
    return finish(rng, _header(rng, report_time), acc, b.agreements,
                  _inquiries(rng, report_time.date(), lenders, inquiries), b.intent)[0]
