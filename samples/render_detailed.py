"""Render a report model as a 二代 详版 (本人版) PDF, following report-format.md §3.

Producers differ, so every render draws a ``DetailedStyle``: label rows of 4, 6 or 8 cells, one
table per block or one per row pair, the 截至 line as text or as a table row, full- or
half-width brackets, a diagonal watermark, a header on every page or only the first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from creditgap.fields import CURRENCY_NAMES
from creditgap.model import Account, Agreement, Family, Liability, Report

from .detailed_tables import (
    WIDTH,
    _table,
    as_of_flowables,
    breakable,
    cell,
    cn_day,
    dotted,
    grid_statuses,
    iso_dotted,
    kv_tables,
    money,
)
from .detailed_summary import printed_summary, summary_story
from .pdfkit import H1, H2, H3, FakeBold, Marked, PageFurniture, PageGeometry, build, para


@dataclass(frozen=True)
class DetailedStyle:
    label_cells: int = 6  # label cells per row: 4, 6 or 8
    one_table: bool = True  # a block's row pairs in one table (else one table per pair)
    as_of_in_table: bool = False
    full_width: bool = True  # brackets in headings
    watermark: bool = False
    header_every_page: bool = True
    dash: str = "—"  # 逾期31—60天 or 逾期31－60天
    zero_summary: str = "0"  # how summary tables print zero counts
    fake_bold: bool = False  # headings drawn twice a hair apart
    inline_pairs: bool = False  # label, value, label, value … in one row instead of label row + value row
    producer: str = "reportlab"  # how text is written (samples/producers.py); random() keeps the default
    # Page breaks after chosen rows of chosen blocks: (block, row). Blocks: an account's, agreement's
    # or liability's ref, "tip" (信贷交易信息提示) or a summary table's family; rows count from 0
    # over the block's heading, text lines and table rows in print order (see ``block_rows``).
    break_after: frozenset[tuple[str, int]] = frozenset()
    # The grid of a value row that opens a page after its label row: same, shifted (each column
    # boundary moved), more (every value cell split in two) or fewer (trailing empty cells merged).
    continuation_grid: str = "same"
    geometry: PageGeometry = PageGeometry()
    # 信贷交易信息提示: its heading line printed or not, its caption inside the table's first row,
    # 业务类型 as one column or two (大类/小类), the 合计 label spanning two cells.
    tip_heading: bool = True
    tip_caption_in_table: bool = False
    tip_two_level: bool = True
    total_span: bool = False
    # 查询记录: 查询机构 (institution), 查询操作员 in its place (operator), or both columns (both);
    # long reasons continued on a table row of their own (wrap_rows).
    inquiry_columns: str = "institution"
    inquiry_wrap_rows: bool = False
    # 信息概要 as the official 本人版 prints it (samples/detailed_summary.py): 首笔业务发放月份 filled in,
    # （二）信贷交易违约信息概要 (被追偿, 呆账, 逾期（透支）汇总) and 相关还款责任信息汇总; their captions
    # printed or left for the reader to infer from the labels.
    official_summary: bool = False
    violation_captions: bool = True
    # 共享授信额度 of a card that shares no limit: its own limit ("limit", this generator's first
    # layout) or 0 as the official sample prints it ("zero"). A dual-currency card's two accounts
    # print the limit they share.
    shared_limit: str = "limit"
    # Relative widths of the label_cells columns of label/value tables (None: equal). Narrow columns
    # make long values wrap onto two or three lines in their cell (the OCR tests, samples/wrapped.py).
    cell_widths: tuple[float, ...] | None = None

    @staticmethod
    def random(rng: random.Random) -> DetailedStyle:
        return DetailedStyle(
            label_cells=rng.choice([4, 6, 8]),
            one_table=rng.random() < 0.5,
            as_of_in_table=rng.random() < 0.4,
            full_width=rng.random() < 0.6,
            watermark=rng.random() < 0.5,
            header_every_page=rng.random() < 0.6,
            dash=rng.choice(["—", "－"]),
            zero_summary=rng.choice(["0", "--"]),
            fake_bold=rng.random() < 0.3,
            inline_pairs=rng.random() < 0.25,
            official_summary=rng.random() < 0.5,
            violation_captions=rng.random() < 0.7,
            shared_limit=rng.choice(["limit", "zero"]),
        )


GRIDS = ("same", "shifted", "more", "fewer")


def random_paged_style(rng: random.Random, report: Report) -> DetailedStyle:
    """A random style with page breaks after random rows of random blocks, a random page size and
    margins, another column grid for values that open a page, and a random 信息提示 arrangement."""
    keys = ([a.ref for a in report.accounts] + [g.ref for g in report.agreements] + [x.ref for x in report.liabilities]
            + ["tip", "recovered", "bad_debt", "overdue", "liabilities"] + list(report.summary.debt))
    breaks = frozenset((k, rng.randint(0, 14)) for k in keys if rng.random() < 0.5)
    left = rng.uniform(20, 60)
    geometry = PageGeometry(height=rng.uniform(480, 900), left=left, right=80 - left, top=rng.uniform(30, 80),
                            bottom=rng.uniform(30, 70))
    return replace(DetailedStyle.random(rng), break_after=breaks, geometry=geometry, continuation_grid=rng.choice(GRIDS),
                   tip_heading=rng.random() < 0.6, tip_caption_in_table=rng.random() < 0.4,
                   tip_two_level=rng.random() < 0.6, total_span=rng.random() < 0.5,
                   inquiry_columns=rng.choice(["institution", "operator", "both"]), inquiry_wrap_rows=rng.random() < 0.4)


def grid_flowables(a: Account) -> list[object]:
    cells = grid_statuses(a)
    if not cells:
        return []
    first, last = cells[0][0], cells[-1][0]
    caption = f"{first:%Y}年{first:%m}月-{last:%Y}年{last:%m}月的还款记录"
    by_year: dict[int, dict[int, tuple[str, int]]] = {}
    for mo, s, amt in cells:
        by_year.setdefault(mo.year, {})[mo.month] = (s, amt)
    rows: list[list[object]] = [[""] + [str(m) for m in range(1, 13)]]
    for year in sorted(by_year, reverse=True):
        months = by_year[year]
        rows.append([str(year)] + [months[m][0] if m in months else "" for m in range(1, 13)])
        rows.append([""] + [money(months[m][1]) if m in months else "" for m in range(1, 13)])
    t = _table(rows, 13, widths=[45] + [(WIDTH - 45) / 12] * 12,
               cmds=[("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                     ("FONTSIZE", (0, 0), (-1, -1), 7)])
    return [para(caption), t]


def heading(a: Account, number: int | None, style: DetailedStyle) -> str:
    lb, rb = ("（", "）") if style.full_width else ("(", ")")
    colon = "：" if style.full_width else ":"
    text = f"账户{number if number is not None else ''}"
    if a.agreement_id:
        text += f"{lb}授信协议标识{colon}{a.agreement_id}{rb}"
    if a.card_tail:
        text += f"{lb}卡片尾号{colon}{a.card_tail}{rb}"
    return text


# Statuses printed with overdue instalments; the 五级分类 each goes with (正常 and 逾期 as first printed).
OVERDUE_WORDS = ("逾期", "担保物不足", "强制平仓", "司法追偿")
FIVE_CLASS = {"正常": "正常", "强制平仓": "次级", "司法追偿": "可疑", "以资抵债": "可疑"}
LOAN_FAMILIES = (Family.LOAN, Family.REVOLVING_SUB, Family.REVOLVING)
CARD_FAMILIES = (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)


def dual_currency(report: Report) -> set[str]:
    """Refs of the card accounts that share their limit with another currency's account of the same
    card: same issuer, tail, opening date and limit, other currency."""
    groups: dict[tuple[object, ...], list[Account]] = {}
    for a in report.accounts:
        if a.family in CARD_FAMILIES:
            groups.setdefault((a.lender, a.card_tail, a.opened, a.credit_limit), []).append(a)
    return {a.ref for g in groups.values() if len({a.currency for a in g}) > 1 for a in g}


def as_printed(report: Report, style: DetailedStyle) -> Report:
    """The model with what only the 详版 prints filled in: 五级分类 where the status table has it,
    共享授信额度 on cards. (The model itself stays layout-neutral: the 简版 prints neither.)"""
    shared = dual_currency(report)

    def fill(a: Account) -> Account:
        if a.family in LOAN_FAMILIES and a.status_raw not in ("结清", "已结清", "转出", "呆账"):
            return replace(a, five_class=FIVE_CLASS.get(a.status_raw or "", "关注"))
        if a.family in CARD_FAMILIES:
            own = a.credit_limit if style.shared_limit == "limit" else 0
            return replace(a, shared_limit=a.credit_limit if a.ref in shared else own)
        return a

    return replace(report, accounts=tuple(fill(a) for a in report.accounts))


def account_story(a: Account, number: int | None, style: DetailedStyle) -> list[object]:
    story: list[object] = [(FakeBold if style.fake_bold else Marked)(heading(a, number, style), H3, mark=a.ref)]
    d = style.dash
    ccy = CURRENCY_NAMES.get(a.currency, a.currency) + ("元" if a.currency == "CNY" else "")
    as_of = f"截至{cn_day(a.as_of)}" if a.as_of else ""
    f = a.family
    if f is Family.RECOVERED:
        basic = [("管理机构", a.lender), ("业务种类", a.business_type or "--"), ("债权接收日期", dotted(a.opened)),
                 ("原债权人", "某商业银行"), ("原债务业务种类", "其他个人消费贷款"), ("债权金额", money(a.amount)),
                 ("债权转移时的还款状态", "逾期180天以上")]
        status = [("账户状态", a.status_raw or "--"), ("余额", money(a.balance)), ("最近一次还款日期", "--"),
                  ("账户关闭日期", iso_dotted(a.closed_on))]
    elif f in (Family.LOAN, Family.REVOLVING_SUB, Family.REVOLVING):
        amount = ("借款金额", money(a.amount)) if f is not Family.REVOLVING else ("账户授信额度", money(a.credit_limit))
        basic = [("管理机构", a.lender), ("账户标识", a.account_id or "--"), ("开立日期", dotted(a.opened)),
                 ("到期日期", dotted(a.due)), amount, ("账户币种", ccy),
                 ("业务种类", a.business_type or "--"), ("担保方式", "信用/免担保"), ("还款期数", "12" if f is Family.LOAN else "--"),
                 ("还款频率", "月"), ("还款方式", "分期等额本息" if f is Family.LOAN else "循环贷款下其他还款方式"), ("共同借款标志", "无")]
        if a.status_raw in ("结清", "已结清"):
            status = [("账户状态", a.status_raw), ("账户关闭日期", iso_dotted(a.closed_on))]
        elif a.status_raw == "转出":
            status = [("账户状态", "转出"), ("转出月份", iso_dotted(a.closed_on))]
        elif a.status_raw == "呆账":  # spec §3.5.3: a reduced table
            status = [("账户状态", "呆账"), ("余额", money(a.balance)), ("最近一次还款日期", "--")]
        else:
            behind = a.status_raw in OVERDUE_WORDS
            overdue_amt = money(a.balance // 10 if behind and a.balance else 0)
            status = [("账户状态", a.status_raw or "--"), ("五级分类", a.five_class or "--"),
                      ("余额", money(a.balance)), ("剩余还款期数", "--"), ("本月应还款", "0"), ("应还款日", "--"),
                      ("本月实还款", "0"), ("最近一次还款日期", "--"),
                      ("当前逾期期数", "1" if behind else "0"), ("当前逾期总额", overdue_amt),
                      (f"逾期31{d}60天未还本金", "0"), (f"逾期61{d}90天未还本金", "0"),
                      (f"逾期91{d}180天未还本金", "0"), ("逾期180天以上未还本金", "0")]
    elif f is Family.CREDIT_CARD:
        basic = [("发卡机构", a.lender), ("账户标识", a.account_id or "--"), ("开立日期", dotted(a.opened)),
                 ("账户授信额度", money(a.credit_limit)), ("共享授信额度", money(a.shared_limit)), ("币种", ccy),
                 ("业务种类", a.business_type or "--"), ("担保方式", "信用/免担保")]
        if a.status_raw == "销户":
            status = [("账户状态", "销户"), ("账户关闭日期", iso_dotted(a.closed_on))]
        elif a.status_raw == "未激活":
            status = []
        else:
            status = [("账户状态", a.status_raw or "--"), ("余额", money(a.balance)), ("已用额度", money(a.used)),
                      ("未出单的大额专项分期余额", "0"), ("剩余分期期数", "0"), ("最近6个月平均使用额度", money(a.used)),
                      ("最大使用额度", money(a.used)), ("账单日", "5"), ("本月应还款", "0"), ("本月实还款", "0"),
                      ("最近一次还款日期", "--"), ("当前逾期期数", "0"), ("当前逾期总额", "0")]
    else:  # semi credit card
        basic = [("发卡机构", a.lender), ("账户标识", a.account_id or "--"), ("开立日期", dotted(a.opened)),
                 ("账户授信额度", money(a.credit_limit)), ("共享授信额度", money(a.shared_limit)), ("币种", ccy),
                 ("担保方式", "信用/免担保")]
        if a.status_raw == "销户":
            status = [("账户状态", "销户"), ("账户关闭日期", iso_dotted(a.closed_on))]
        else:
            status = [("账户状态", a.status_raw or "--"), ("透支余额", money(a.balance)), ("最近6个月平均透支余额", money(a.balance)),
                      ("最大透支余额", money(a.balance)), ("账单日", "5"), ("本月实还款", "0"), ("最近一次还款日期", "--"),
                      ("透支180天以上未付余额", "0")]
    story += kv_tables(basic, style)
    if a.status_raw == "未激活":
        story.append(para(f"{as_of}，账户状态为“未激活”。"))
    elif as_of:
        story += as_of_flowables(as_of, style, status)
    story += grid_flowables(a)
    story.append(Spacer(1, 6))
    return breakable(a.ref, story, style)


def liability_story(x: Liability, style: DetailedStyle) -> list[object]:
    """A 相关还款责任 block (spec §3.5.6): no heading; the first table carries the page mark."""
    basic = [("管理机构", x.lender), ("业务种类", "其他个人消费贷款"), ("开立日期", dotted(x.opened)), ("到期日期", "--"),
             ("责任人类型", x.role or "--"), ("还款责任金额", money(x.amount)), ("币种", "人民币元"),
             ("保证合同编号", "--")]
    borrower = [("主业务借款人", "某某" if x.for_whom == "个人" else "某某有限公司"),
                ("主业务借款人证件类型", "身份证" if x.for_whom == "个人" else "中征码"),
                ("主业务借款人证件号码", "--")]
    tables = kv_tables(basic + borrower, style)
    tables[0].mark = x.ref
    status = [("余额", money(x.balance)), ("五级分类", "正常"), ("还款状态", "正常")]
    as_of = f"截至{cn_day(x.as_of)}" if x.as_of else ""
    return breakable(x.ref, [*tables, *as_of_flowables(as_of, style, status), Spacer(1, 6)], style)


def agreement_story(g: Agreement, number: int, style: DetailedStyle) -> list[object]:
    pairs = [("管理机构", g.lender), ("授信协议标识", g.agreement_id or "--"), ("生效日期", dotted(g.effective)),
             ("到期日期", dotted(g.expires, "长期")), ("授信额度用途", g.purpose or "--"), ("授信额度", money(g.limit)),
             ("授信限额", money(g.cap)), ("授信限额编号", "--" if g.cap is None else f"{g.agreement_id}01"),
             ("已用额度", money(g.used)), ("币种", CURRENCY_NAMES.get(g.currency, g.currency) + "元")]
    return breakable(g.ref, [Marked(f"授信协议{number}", H3, mark=g.ref), *kv_tables(pairs, style), Spacer(1, 6)], style)


CN_NUM = "一二三四五六七八九十"
SUBSECTIONS = [
    (Family.RECOVERED, "被追偿信息"),
    (Family.LOAN, "非循环贷账户"),
    (Family.REVOLVING_SUB, "循环贷账户一"),
    (Family.REVOLVING, "循环贷账户二"),
    (Family.CREDIT_CARD, "贷记卡账户"),
    (Family.SEMI_CREDIT_CARD, "准贷记卡账户"),
]
def inquiry_story(report: Report, style: DetailedStyle = DetailedStyle()) -> list[object]:
    story: list[object] = []
    for title, rows in (("机构查询记录明细", [i for i in report.inquiries if i.institution != "本人"]),
                        ("本人查询记录明细", [i for i in report.inquiries if i.institution == "本人"])):
        story.append(para(title, H3))
        if style.inquiry_columns == "institution" and not style.inquiry_wrap_rows:
            data = [[cell(x) for x in ("编号", "查询日期", "查询机构", "查询原因")]]
            data += [[str(n), dotted(i.date), cell(i.institution), cell(i.reason)] for n, i in enumerate(rows, 1)]
            widths = [40, 80, 250, 145]
        else:
            labels = {"institution": ("编号", "查询日期", "查询机构", "查询原因"),
                      "operator": ("编号", "查询日期", "查询操作员", "查询原因"),
                      "both": ("编号", "查询日期", "查询机构", "查询操作员", "查询原因")}[style.inquiry_columns]
            widths = {4: [40, 80, 250, 145], 5: [40, 75, 200, 90, 110]}[len(labels)]
            data = [[cell(x) for x in labels]]
            for n, i in enumerate(rows, 1):
                reason, rest = i.reason, ""
                if style.inquiry_wrap_rows and len(i.reason) > 6:
                    reason, rest = i.reason[:6], i.reason[6:]
                row = [str(n), dotted(i.date), cell(i.institution)] + (["czy" + f"{n:04d}"] if len(labels) == 5 else [])
                data.append(row + [cell(reason)])
                if rest:
                    data.append([""] * (len(labels) - 1) + [cell(rest)])
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                               ("FONTSIZE", (0, 0), (-1, -1), 7.5)]))
        story.append(t)
    return story


def render_detailed(report: Report, path: str, style: DetailedStyle | None = None,
                    omit: frozenset[str] = frozenset()) -> Report:
    """Write ``report`` as a 详版 PDF at ``path``; return the model with each record's page filled in.
    ``omit``: what to leave out of the print while the summary still counts it (see ``detailed_story``)."""
    style = style or DetailedStyle()
    report = as_printed(report, style)
    story, furniture = detailed_story(report, style, omit)
    pages = build(path, story, furniture, style.producer, style.geometry)
    return with_pages(report, style, pages)


def with_pages(report: Report, style: DetailedStyle, pages: dict[str, int]) -> Report:
    """The truth: the model as the 详版 states it (``as_printed``), each record's page filled in."""
    return replace(
        report,
        summary=printed_summary(report, style),
        header=replace(report.header, layout="detailed"),
        accounts=tuple(replace(a, page=pages.get(a.ref)) for a in report.accounts),
        agreements=tuple(replace(g, page=pages.get(g.ref)) for g in report.agreements),
        liabilities=tuple(replace(x, page=pages.get(x.ref)) for x in report.liabilities),
    )


def detailed_story(report: Report, style: DetailedStyle,
                   omit: frozenset[str] = frozenset()) -> tuple[list[object], PageFurniture]:
    """The flowables of a 详版 and its page furniture. ``omit`` names what a damaged copy lacks, for
    the tests that something removed never reads as complete: account refs (their blocks are not
    printed, the summary still counts them) and "summary" (the whole 二 信息概要)."""
    h = report.header
    lb, rb = ("（", "）") if style.full_width else ("(", ")")
    time_text = f"{h.report_time:%Y.%m.%d %H:%M:%S}" if h.report_time else "--"
    story: list[object] = [para("个人信用报告", H1), para(f"{lb}本人版{rb}", H1), Spacer(1, 6)]
    header_rows = [[cell(f"报告编号：{h.report_no}"), "", "", cell(f"报告时间：{time_text}"), ""],
                   [cell(x) for x in ("被查询者姓名", "被查询者证件类型", "被查询者证件号码", "查询机构", "查询原因")],
                   [cell(h.subject_name or ""), cell("身份证"), cell(h.subject_id or ""), cell("本人"), cell("本人查询（自助查询机）")]]
    t = Table(header_rows, colWidths=[WIDTH / 5] * 5)
    t.setStyle(TableStyle([("GRID", (0, 1), (-1, -1), 0.5, colors.black), ("SPAN", (0, 0), (2, 0)), ("SPAN", (3, 0), (4, 0))]))
    story += [t, Spacer(1, 8)]
    story += [para("一 个人基本信息", H2), para("（一）身份信息", H3),
              *kv_tables([("性别", "男"), ("出生日期", "--"), ("婚姻状况", "已婚"), ("就业状况", "在职")], style)]
    if "summary" not in omit:
        story += [para("二 信息概要", H2), *summary_story(report, style)]
    story.append(para("三 信贷交易信息明细", H2))
    n = 0
    for family, title in SUBSECTIONS:
        accounts = [a for a in report.accounts if a.family is family]
        if not accounts:
            continue
        n += 1
        story.append(para(f"（{CN_NUM[n - 1]}）{title}", H3))
        single = len(accounts) == 1 and accounts[0].agreement_id is not None
        for i, a in enumerate(accounts, 1):
            if a.ref not in omit:
                story += account_story(a, None if single else i, style)
    if report.liabilities:
        n += 1
        story.append(para(f"（{CN_NUM[n - 1]}）相关还款责任信息", H3))
        for whom in ("个人", "企业"):
            group = [x for x in report.liabilities if x.for_whom == whom]
            if group:
                story.append(para(f"为{whom}"))
                for x in group:
                    story += liability_story(x, style)
    if report.agreements:
        n += 1
        story.append(para(f"（{CN_NUM[n - 1]}）授信协议信息", H3))
        for i, g in enumerate(report.agreements, 1):
            story += agreement_story(g, i, style)
    story += [para("四 查询记录", H2), *inquiry_story(report, style)]
    story += [para("报告说明", H2), para("1. 本报告由中国人民银行征信中心出具，依据截至报告时间个人征信系统记录的信息生成。"),
              para("2. 信贷交易授信及负债信息概要展示的信息是指未结清/未销户的授信及负债信息。")]
    furniture = PageFurniture(
        header=(lambda p: f"个人信用报告 报告编号：{h.report_no}" if style.header_every_page and p > 1 else None),
        footer=lambda p, total: f"第{p}页，共{total}页",
        watermark=h.report_no if style.watermark else None,
    )
    return story, furniture


def detailed_items(report: Report, style: DetailedStyle,
                   omit: frozenset[str] = frozenset()) -> tuple[list[list[object]], Report]:
    """What a PDF reader gives for the 详版 of ``report``, without a PDF: per page its text lines
    and table rows (with cell x-extents), pages broken only where ``style.break_after`` says
    (every block is taken to fit otherwise). For property tests of the parser's logic at many
    models a second; the PDF path is tested on fewer. Returns (pages of Items, truth)."""
    from creditgap.read.items import Item

    report = as_printed(report, style)
    story, furniture = detailed_story(report, style, omit)
    pages: list[list[Item]] = [[]]
    marks: dict[str, int] = {}
    left = style.geometry.left

    def add(**kw: object) -> None:
        page = pages[-1]
        page.append(Item(page=len(pages), top=float(len(page)), **kw))  # type: ignore[arg-type]

    for f in story:
        if isinstance(f, PageBreak):
            pages.append([])
            continue
        if getattr(f, "mark", None):
            marks.setdefault(f.mark, len(pages))
        if isinstance(f, Table):
            for cells, xs in table_rows(f, left):
                add(cells=cells, xs=xs)
        elif hasattr(f, "getPlainText"):
            add(text=f.getPlainText())
    total = len(pages)
    out = []
    for n, page in enumerate(pages, 1):
        head = furniture.header(n)
        lines = [Item(page=n, top=-1.0, text=head)] if head else []
        lines += page + [Item(page=n, top=1e6, text=furniture.footer(n, total))]
        out.append(lines)
    return out, with_pages(report, style, marks)


def table_rows(t: Table, left: float) -> list[tuple[tuple[str | None, ...], tuple[tuple[float, float] | None, ...]]]:
    """A table's rows as a reader sees them: cell text (None where a span covers) and x-extents."""
    values = t._cellvalues
    widths = [float(w) for w in t._argW]
    n_rows, n_cols = len(values), len(widths)
    edges = [left]
    for w in widths:
        edges.append(edges[-1] + w)
    covered: dict[tuple[int, int], int] = {}  # (row, col) -> last col of the span it starts, or -1 when covered
    for cmd in getattr(t, "_spanCmds", []):
        (c0, r0), (c1, r1) = cmd[1], cmd[2]
        c0, c1 = c0 % n_cols, c1 % n_cols
        r0, r1 = r0 % n_rows, r1 % n_rows
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                covered[(r, c)] = c1 if (c == c0) else -1
    out = []
    for r, row in enumerate(values):
        cells: list[str | None] = []
        xs: list[tuple[float, float] | None] = []
        for c, v in enumerate(row):
            end = covered.get((r, c), c)
            if end == -1:
                cells.append(None)
                xs.append(None)
                continue
            text = v.getPlainText() if hasattr(v, "getPlainText") else str(v)
            cells.append(text)
            xs.append((edges[c], edges[end + 1]))
        out.append((tuple(cells), tuple(xs)))
    return out
