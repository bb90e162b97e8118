"""详版 read across page breaks and column grids (issue 12): a value row belongs to the label row
above it by the x-extent of each label cell, whatever page it opens and however many cells it has.

Two property tests render random models with page breaks after random rows of random blocks:
one through the real PDF path (pdfplumber; 100 models, ~0.5 s each) and one through
``detailed_items`` (what a reader gives, without a PDF; hundreds of models a second)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from creditgap.model import Status
from creditgap.parse.detailed import DetailedParser
from creditgap.parse.layouts import parse_report
from creditgap.read.items import Item
from samples.render_detailed import DetailedStyle, detailed_items, random_paged_style, render_detailed
from samples.synth import random_report
from tests.helpers import assert_matches_truth

FAST = dict(deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])


class ItemDoc:
    """A stand-in for PdfText from ready Items (pages of them), cell x-extents included."""

    def __init__(self, pages: list[list[Item]]):
        self.pages = pages
        self.page_count = len(pages)

    def all_items(self):
        for page in self.pages:
            yield from page

    def first_text(self, pages: int = 2) -> str:
        return "\n".join(it.joined() for page in self.pages[:pages] for it in page)

    def lines(self, index: int) -> list[Item]:
        return self.pages[index]


@settings(max_examples=400, **FAST)
@given(st.integers(0, 2**32))
def test_random_models_with_random_breaks_read_back_without_a_pdf(seed):
    rng = random.Random(seed)
    model = random_report(rng, "mixed")
    pages, truth = detailed_items(model, random_paged_style(rng, model))
    assert_matches_truth(DetailedParser().extract(ItemDoc(pages)), truth)


@settings(max_examples=100, **FAST)
@given(st.integers(0, 2**32))
def test_random_models_with_random_breaks_read_back_from_the_pdf(tmp_path_factory, seed):
    rng = random.Random(seed)
    model = random_report(rng, "mixed")
    path = tmp_path_factory.mktemp("pb") / "d.pdf"
    truth = render_detailed(model, str(path), random_paged_style(rng, model))
    assert_matches_truth(parse_report(path), truth)


# --- named regressions: each a shape the property tests (or the reports) produced -----

HEAD = ["个人信用报告", "（本人版）", "报告编号：20250311040139000001 报告时间：2025.03.11 04:01:39",
        "三 信贷交易信息明细", "（一）非循环贷账户", "账户1"]
LABELS = ("管理机构", "账户标识", "开立日期", "到期日期", "借款金额", "账户币种")
VALUES = ("重庆京东盛际小额贷款有限公司", "X1", "2022.03.15", "2023.03.15", "5,000", "人民币元")
STATUS_LABELS = ("账户状态", "五级分类", "余额", "剩余还款期数")
STATUS_VALUES = ("正常", "正常", "2,083", "5")
PAGE_TOP = ["个人信用报告 报告编号：20250311040139000001"]


def row(page: int, top: float, cells: tuple, x0: float = 40, widths: list[float] | None = None) -> Item:
    widths = widths or [515 / len(cells)] * len(cells)
    xs, x = [], x0
    for w in widths:
        xs.append((x, x + w))
        x += w
    return Item(page=page, top=top, cells=cells, xs=tuple(xs))


def text(page: int, top: float, line: str) -> Item:
    return Item(page=page, top=top, text=line)


def doc_split(value_row: Item, status_value_row: Item | None = None) -> ItemDoc:
    """账户1's label row ends page 1; its values open page 2 after the repeated page header."""
    p1 = [text(1, i, t) for i, t in enumerate(HEAD)] + [row(1, 10, LABELS), text(1, 99, "第1页，共2页")]
    p2 = [text(2, 0, PAGE_TOP[0]), value_row, text(2, 2, "截至2023年05月31日"), row(2, 3, STATUS_LABELS),
          status_value_row or row(2, 4, STATUS_VALUES), text(2, 5, "四 查询记录"), text(2, 99, "第2页，共2页")]
    return ItemDoc([p1, p2])


def read_one(doc: ItemDoc):
    report = DetailedParser().extract(doc)
    [a] = report.accounts
    return a


def test_values_opening_the_next_page_on_the_same_grid():
    a = read_one(doc_split(row(2, 1, VALUES)))
    assert (str(a.opened), str(a.due), a.amount, a.balance, a.page) == ("2022-03-15", "2023-03-15", 5000, 2083, 1)


def test_values_opening_the_next_page_with_more_cells_than_labels():
    """Regression (property test, continuation_grid=more): every value cell split in two."""
    cells = tuple(x for v in VALUES for x in (v, ""))
    widths = [w for _ in VALUES for w in (515 / 6 * 0.6, 515 / 6 * 0.4)]
    a = read_one(doc_split(row(2, 1, cells, widths=widths)))
    assert (str(a.opened), str(a.due), a.amount, a.currency) == ("2022-03-15", "2023-03-15", 5000, "CNY")


def test_values_opening_the_next_page_with_fewer_cells_than_labels():
    """Four value cells under six labels: the wide ones are read under the label they overlap most."""
    widths = [515 / 6 * 2, 515 / 6, 515 / 6, 515 / 6 * 2]
    a = read_one(doc_split(row(2, 1, ("重庆京东盛际小额贷款有限公司", "2022.03.15", "2023.03.15", "5,000"), widths=widths)))
    # 5,000 spans 借款金额 and 账户币种 equally: the leftmost label takes it
    assert (a.lender, str(a.opened), str(a.due), a.amount) == ("重庆京东盛际小额贷款有限公司", "2022-03-15", "2023-03-15", 5000)


def test_values_on_a_shifted_grid_do_not_pair_with_the_wrong_label():
    """Regression (the issue's 余额 无法识别：正常): the status values on another grid, a narrow empty
    cell first and every boundary shifted, pair by x; cell by cell, 余额 would get 正常."""
    w = 515 / 4
    widths = [20, w - 20 + 30, w, w, w - 30]
    status = row(2, 4, ("", "正常", "正常", "2,083", "5"), widths=widths)
    report = DetailedParser().extract(doc_split(row(2, 1, VALUES), status))
    [a] = report.accounts
    assert (a.status, a.status_raw, a.balance) == (Status.NORMAL, "正常", 2083)
    assert not [c for c in report.checks if c.code == "unreadable_field"]


def test_a_block_heading_on_one_page_and_its_first_table_on_the_next():
    p1 = [text(1, i, t) for i, t in enumerate(HEAD)] + [text(1, 99, "第1页，共2页")]
    p2 = [text(2, 0, PAGE_TOP[0]), row(2, 1, LABELS), row(2, 2, VALUES), text(2, 3, "截至2023年05月31日"),
          row(2, 4, STATUS_LABELS), row(2, 5, STATUS_VALUES), text(2, 99, "第2页，共2页")]
    a = read_one(ItemDoc([p1, p2]))
    assert a.page == 1 and a.amount == 5000 and a.balance == 2083


SUMMARY_HEAD = ["个人信用报告", "（本人版）", "报告编号：20250311040139000001 报告时间：2025.03.11 04:01:39", "二 信息概要"]


def total_of(rows: list[Item]) -> int | None:
    doc = ItemDoc([[text(1, i, t) for i, t in enumerate(SUMMARY_HEAD)] + rows])
    return DetailedParser().extract(doc).summary.account_total


def test_total_under_its_column_label_with_a_spanning_label_and_no_heading():
    """Regression (the issue's 报告共列 0 个账户): the table stands right under 二 信息概要 without
    its heading line, its caption in the first row, 合计 spans two cells, months before counts."""
    header = row(1, 11, ("业务类型", None, "首笔业务发放月份", "账户数"))
    rows = [row(1, 10, ("信贷交易信息提示", None, None, None)), header,
            row(1, 12, ("贷款", "其他类贷款", "2019.05", "7")),
            row(1, 13, ("合计", None, "0", "12"))]
    assert total_of(rows) == 12


def test_total_whose_values_open_the_next_page_on_another_grid():
    header = row(1, 11, ("业务类型", "账户数", "首笔业务发放月份"))
    p1 = [text(1, i, t) for i, t in enumerate(SUMMARY_HEAD)] + [header, text(1, 99, "第1页，共2页")]
    p2 = [text(2, 0, PAGE_TOP[0]), row(2, 1, ("合计", "", "9", "--"), widths=[515 / 3, 30, 515 / 3 - 30, 515 / 3])]
    assert DetailedParser().extract(ItemDoc([p1, p2])).summary.account_total == 9


def test_total_without_positions_falls_back_to_the_first_count():
    assert total_of([text(1, 10, "合计 5 --")]) == 5


def test_every_grid_variant_of_a_break_after_each_label_row(tmp_path):
    """Every account row of a kitchen-sink model, broken after its first label row, on each grid."""
    model = random_report(random.Random(13), "kitchen")
    for grid in ("same", "shifted", "more", "fewer"):
        style = DetailedStyle(label_cells=6, one_table=True, continuation_grid=grid,
                              break_after=frozenset((a.ref, 1) for a in model.accounts))
        pages, truth = detailed_items(model, style)
        assert_matches_truth(DetailedParser().extract(ItemDoc(pages)), truth)
