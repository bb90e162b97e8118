"""Render a report model as a 简版 (sentence) PDF of either generation (report-format.md §5).

A 简版 prints less than a 详版 and in another order, so ``simplified_view`` first projects the
model onto what the 简版 states (no agreements, month-precision dates, 循环贷账户一 as loans,
the accounts grouped as the report groups them); the PDF is rendered from that projection and
the projection is the truth the parser must give back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from creditgap.model import Account, DebtSummary, Family, Header, Report, Status, Summary

from .synth import BANKS, CARD_ISSUERS
from .pdfkit import BODY, CELL, H1, H2, H3, FillToBottom, Marked, PageFurniture, build, para
from .simplified_grid import summary_tables
from .simplified_words import Words, is_other_business

__all__ = ["SimplifiedStyle", "Words", "render_simplified", "simplified_view"]

HOUSING = ("住房", "商用房")
SECTION_TITLES = ("资产处置信息", "垫款信息", "信用卡", "贷款", "其他业务")


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
    # The official 二代 layout (issue 22): the 信息概要 grid as the reference centre prints it
    # (samples/simplified_grid.py), with its side notes in rows or beside, the 资产处置 / 垫款 table
    # first or after; the official sentence wording (a comma after a 资产处置 date, 45，000).
    official: bool = False
    notes_beside: bool = False
    small_first: bool = False
    logo: bool = False  # the reference centre's name on every page and the notice box on page 1
    spaced_dates: bool = False  # re-typeset copies: 2009 年 5 月 12 日
    # Sections whose first item starts a page, the heading left at the bottom of the page before.
    break_sections: tuple[str, ...] = ()

    @staticmethod
    def random(rng: random.Random, generation: int | None = None) -> SimplifiedStyle:
        style = SimplifiedStyle(generation=generation or rng.choice([1, 2]), full_width=rng.random() < 0.7,
                                summary_two_rows=rng.random() < 0.4, watermark=rng.random() < 0.4,
                                header_every_page=rng.random() < 0.8)
        # drawn after the styles above, so a seed gives the same choices for those as before
        official = style.generation == 2 and rng.random() < 0.4
        return replace(style, official=official, notes_beside=rng.random() < 0.5, small_first=rng.random() < 0.5,
                       logo=rng.random() < 0.3, spaced_dates=style.generation == 2 and rng.random() < 0.2,
                       break_sections=tuple(t for t in SECTION_TITLES if rng.random() < 0.25))


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
                       status_raw={Status.SETTLED: "已结清", Status.TRANSFERRED: "已转出", Status.BAD_DEBT: "呆账",
                                   Status.OTHER: a.status_raw}.get(s),
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
    if s in (Status.BAD_DEBT, Status.OTHER):  # 余额{amt}，已变成呆账 / 已变成司法追偿
        return replace(base, credit_limit=None, used=None, status_raw="呆账" if s is Status.BAD_DEBT else a.status_raw)
    if s in (Status.FROZEN, Status.STOPPED):  # 已使用额度{amt}，已冻结 / 已止付
        return replace(base, balance=None, status_raw="冻结" if s is Status.FROZEN else "止付")
    if semi:
        return replace(base, used=None)
    if a.business_type == "大额专项分期卡":
        return replace(base, used=None)
    return replace(base, balance=None)


def print_order(accounts: list[Account], generation: int = 2) -> list[Account]:
    """资产处置, 垫款, then cards, loans and 其他业务 (2nd generation), each: overdue first, then open before closed."""
    def grouped(items: list[Account]) -> list[Account]:
        late = [a for a in items if a.overdue_months_5y]
        fine = [a for a in items if not a.overdue_months_5y]
        return late + [a for a in fine if a.is_open] + [a for a in fine if not a.is_open]

    recovered = [a for a in accounts if a.family is Family.RECOVERED]
    return ([a for a in recovered if a.business_type == "资产处置"] + [a for a in recovered if a.business_type != "资产处置"]
            + grouped([a for a in accounts if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)])
            + grouped([a for a in accounts if a.family in (Family.LOAN, Family.REVOLVING) and not _other(a, generation)])
            + grouped([a for a in accounts if _other(a, generation)]))


def _other(a: Account, generation: int) -> bool:
    """An account of the 2nd generation's 其他业务 section (the 1st prints it among the loans)."""
    return generation == 2 and is_other_business(a)


def brief_summary(accounts: list[Account], generation: int, official: bool = False) -> Summary:
    """信息概要 as the 简版 prints it: zeros are ``--`` in the 2nd generation (read back as None); the
    official layout prints the 资产处置 / 垫款 table with no such account too."""
    zero = None if generation == 2 else 0
    z = lambda n: zero if n == 0 else n  # noqa: E731
    columns = {
        "信用卡": [a for a in accounts if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)],
        "购房贷款": [a for a in accounts if is_housing(a)],
        "其他贷款": [a for a in accounts if a.family in (Family.LOAN, Family.REVOLVING) and not is_housing(a)
                 and not _other(a, generation)],
    }
    if generation == 2:
        columns["其他业务"] = [a for a in accounts if _other(a, generation)]
    debt = {name: DebtSummary(accounts=z(len(items)), open_accounts=z(sum(a.is_open for a in items)),
                              overdue_accounts=z(sum(1 for a in items if a.overdue_months_5y)), overdue_90_accounts=zero)
            for name, items in columns.items()}
    recovered = [a for a in accounts if a.family is Family.RECOVERED]
    if (recovered or official) and generation == 2:
        for kind in ("资产处置", "垫款"):
            debt[kind] = DebtSummary(accounts=z(sum(1 for a in recovered if a.business_type == kind)))
    return Summary(debt=debt)


def simplified_view(report: Report, generation: int = 2, official: bool = False) -> tuple[Report, dict[str, str]]:
    """The report as a 简版 states it, and the map from the model's refs to the 简版's refs."""
    ordered = print_order([_project(a, generation) for a in report.accounts], generation)
    refs = {a.ref: f"A{i}" for i, a in enumerate(ordered, 1)}
    accounts = tuple(replace(a, ref=refs[a.ref]) for a in ordered)
    h = report.header
    subject_id = ("*" * 14 + (h.subject_id or "")[-4:]) if generation == 1 else h.subject_id
    header = Header(layout="simplified", generation=generation, report_no=h.report_no, report_time=h.report_time,
                    subject_name=h.subject_name, subject_id=subject_id)
    liabilities = tuple(replace(x, page=None, role=x.role if generation == 2 else "保证人",
                                as_of=x.as_of if generation == 2 else _month(x.as_of)) for x in report.liabilities)
    summary = brief_summary(list(accounts), generation, official)
    if generation == 2:  # the 相关还款责任账户数 table is always printed, zeros as --
        for whom in ("个人", "企业"):
            n = sum(1 for x in liabilities if x.for_whom == whom)
            summary.debt[f"为{whom}"] = DebtSummary(accounts=n or None)
    return Report(header=header, accounts=accounts, inquiries=report.inquiries, liabilities=liabilities,
                  summary=summary), refs


# --- document ---------------------------------------------------------------------------------

LOGO = "中国人民银行征信中心"
NOTICE = "本报告仅供您了解自身信用状况，请妥善保管。因保管不当造成个人隐私泄露的，征信中心将不承担相关责任。"


@dataclass
class _Items:
    """How the numbered items are printed: sentences, page breaks, and items left out (tests)."""

    words: Words
    breaks: set[str]
    texts: dict[str, str]
    removed: set[str]  # view refs not printed (a report with an item lost)
    renumber: bool  # the numbers close the gap a removed item leaves, or keep it

    def numbered(self, items: list[Account], start: int) -> tuple[list[object], int]:
        out: list[object] = []
        n = start
        for a in items:
            if a.ref in self.removed:
                n += 0 if self.renumber else 1
                continue
            if a.ref in self.breaks:
                out.append(FillToBottom())
            out.append(Marked(f"{n}.{self.texts.get(a.ref) or self.words.sentence(a)}", BODY, mark=a.ref))
            n += 1
        return out, n

    def section(self, title: str, items: list[Account], late_title: str | None, fine_title: str | None,
                page_break: bool = False) -> list[object]:
        """A section's heading and numbered items, in subgroups when titles are given; ``page_break``
        leaves the heading (and subgroup title) at the bottom of a page and starts the first item on the next."""
        late = [a for a in items if a.overdue_months_5y] if late_title else []
        fine = [a for a in items if a not in late]
        first_title = late_title if late else fine_title
        # what stays on the page: the H2 heading (16 + 6 + 2) and a subgroup title (13), with 3 to spare
        story: list[object] = [FillToBottom(lines=(43 if first_title else 27) / 13)] if page_break else []
        story.append(para(title, H2))
        n = 1
        if late:
            printed, n = self.numbered(late, n)
            story += [para(late_title or ""), *printed]
        if fine:
            printed, n = self.numbered(fine, n)
            story += ([para(fine_title)] if fine_title else []) + printed
        return story


def _title_block(line1: str, line2: str, style: SimplifiedStyle) -> list[object]:
    """Title and header lines; with the logo style, the notice box to the right of the title."""
    if not style.logo:
        return [para("个人信用报告", H1), para(line1), para(line2)]
    box = Table([[para(NOTICE, CELL)]], colWidths=[165])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.grey)]))
    block = Table([[para("个人信用报告", H1), box]], colWidths=[345, 170])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return [block, para(line1), para(line2)]


def render_simplified(report: Report, path: str, style: SimplifiedStyle | None = None,
                      break_before: set[str] | None = None, remove: set[str] | None = None,
                      renumber: bool = False) -> tuple[Report, dict[str, str]]:
    """Write ``report`` as a 简版 PDF; return the projected truth (pages filled in) and the ref map.

    ``break_before`` names model refs whose sentence must start at the bottom of a page. ``remove``
    names model refs whose item is not printed, and ``"summary"`` for a report without its 信息概要
    tables; the truth returned is still the whole report's (tests of partial reads).
    """
    style = style or SimplifiedStyle()
    view, refs = simplified_view(report, style.generation, style.official)
    breaks = {refs[r] for r in (break_before or set())}
    words = Words(style)
    texts: dict[str, str] = {}
    printer = _Items(words, breaks, texts, {refs[r] for r in (remove or set()) if r in refs}, renumber)
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
    story: list[object] = [*_title_block(line1, line2, style), para("信贷记录", H2),
                           para("这部分包含您的信用卡、贷款和其他信贷记录。金额类数据均以人民币计算，精确到元。"),
                           para("信息概要", H3), *([] if "summary" in (remove or set()) else summary_tables(view.summary, style))]
    accounts = list(view.accounts)
    recovered = [a for a in accounts if a.family is Family.RECOVERED]
    for kind, title in (("资产处置", "资产处置信息"), ("垫款", "垫款信息")):
        items = [a for a in recovered if a.business_type == kind]
        if items:
            story += printer.section(title, items, None, None, title in style.break_sections)
    cards = [a for a in accounts if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)]
    others = [a for a in accounts if _other(a, g)]
    loans = [a for a in accounts if a.family in (Family.LOAN, Family.REVOLVING) and a not in others]
    if cards:
        story += printer.section("信用卡", cards, "发生过逾期的贷记卡账户明细如下：",
                                 "从未逾期过的贷记卡及透支未超过60天的准贷记卡账户明细如下：", "信用卡" in style.break_sections)
    if loans:
        story += printer.section("贷款", loans, "发生过逾期的账户明细如下：", "从未发生过逾期的账户明细如下：",
                                 "贷款" in style.break_sections)
    if others:
        story += printer.section("其他业务", others, None, None, "其他业务" in style.break_sections)
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
        header=lambda p: "\n".join(x for x in ([LOGO] if style.logo else []) + (
            [line1, line2] if p > 1 and g == 2 and style.header_every_page else [])) or None,
        footer=lambda p, total: f"第 {p} 页，共 {total} 页",
        watermark=h.report_no if style.watermark else None,
    )
    pages = build(path, story, furniture, style.producer)
    return replace(view, accounts=tuple(replace(a, page=pages.get(a.ref)) for a in view.accounts),
                   liabilities=tuple(replace(x, page=pages.get(x.ref)) for x in view.liabilities)), refs
