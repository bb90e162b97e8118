"""Stage 2 helpers of the 详版 parser: label rows and the value rows under them (report-format.md §3).

A row whose non-empty cells are all known labels is a label row; the next row holds its values,
each value cell going to the label cell it overlaps most. Nothing keys on positions or cell
counts, so label rows of 4, 6 or 8 cells and value rows on another page's grid pair the same.
The account blocks (detailed.py) and the 信息概要 tables (detailed_summary.py) both read this way.
"""

from __future__ import annotations

from .. import fields as F
from ..pdftext import Item

# Every label the 本人版 prints in the blocks we read (spec §3.3–3.5.7); dashes normalised to "-".
LABELS = frozenset("""
管理机构 发卡机构 账户标识 开立日期 到期日期 借款金额 账户授信额度 共享授信额度 账户币种 币种 业务种类 担保方式
还款期数 还款频率 还款方式 共同借款标志 账户状态 五级分类 余额 剩余还款期数 本月应还款 应还款日 本月实还款
最近一次还款日期 当前逾期期数 当前逾期总额 逾期31-60天未还本金 逾期61-90天未还本金 逾期91-180天未还本金
逾期180天以上未还本金 账户关闭日期 销户日期 转出月份 已用额度 未出单的大额专项分期余额 剩余分期期数
最近6个月平均使用额度 最大使用额度 账单日 透支余额 最近6个月平均透支余额 最大透支余额 透支180天以上未付余额
债权接收日期 原债权人 原债务业务种类 债权金额 债权转移时的还款状态 授信协议标识 生效日期 授信额度用途 授信额度
授信限额 授信限额编号 管理机构数 发卡机构数 账户数 授信总额 最近6个月平均应还款 单家机构最高授信额
单家机构最低授信额 被查询者姓名 被查询者证件类型 被查询者证件号码 查询机构 查询原因 编号 查询日期
特殊交易类型 发生日期 变更月数 发生金额 明细记录 大额专项分期额度 分期额度生效日期 分期额度到期日期 已用分期金额
责任人类型 还款责任金额 保证合同编号 主业务借款人 主业务借款人证件类型 主业务借款人证件号码 还款状态 逾期月数
状态 还款日期 还款金额 当前还款状态
""".split())

Span = tuple[float, float]


def norm_label(text: str | None) -> str:
    return F.ascii_punct(F.squash(text))


def is_label_row(item: Item, labels: frozenset[str] = LABELS) -> bool:
    """All cells known labels; or, for a producer with labels we have not seen, no cell holds a
    digit (values are dates and amounts) and at least half, and two, are known labels."""
    if not item.is_row:
        return False
    filled = [c for c in (norm_label(c) for c in item.cells or ()) if c]
    known = sum(c in labels for c in filled)
    if filled and known == len(filled):
        return True
    return (known >= 2 and 2 * known >= len(filled) and not any(ch.isdigit() for c in filled for ch in c)
            and not inline_pairs(item.cells or ()))  # 业务种类 | 其他个人消费贷款 | … is a row of pairs


def row_xs(item: Item, n: int) -> tuple[Span | None, ...] | None:
    """The row's cell extents when there is one per cell, else None (pair by index)."""
    return item.xs if item.xs is not None and len(item.xs) == n else None


def aligned(labels: list[str], label_xs: tuple[Span | None, ...] | None, item: Item) -> list[tuple[str, str]]:
    """(label, value) of a value row under its label row.

    With cell positions on both rows, each value cell goes to the label cell it overlaps most
    (ties: the leftmost), so a value row on another page, with another column grid and more or
    fewer cells than its labels, still pairs; values two cells give one label are joined. Without
    positions, cell by cell.
    """
    cells = item.cells or ()
    if label_xs is None or item.xs is None or len(item.xs) != len(cells):
        return [(label, F.squash(value)) for label, value in zip(labels, cells)]
    spans = [(i, x) for i, (label, x) in enumerate(zip(labels, label_xs)) if label and x is not None]
    out: dict[int, list[str]] = {}
    for value, x in zip(cells, item.xs):
        text = F.squash(value)
        if not text or x is None:
            continue
        best, best_overlap = None, 0.0
        for i, (x0, x1) in spans:
            overlap = min(x1, x[1]) - max(x0, x[0])
            if overlap > best_overlap + 1e-6:
                best, best_overlap = i, overlap
        if best is not None:
            out.setdefault(best, []).append(text)
    return [(labels[i], "".join(parts)) for i, parts in sorted(out.items())]


def inline_pairs(cells: tuple[str | None, ...]) -> list[tuple[str, str | None]]:
    """(label, value) pairs of a row printed label, value, label, value …; [] for any other row."""
    cells = tuple(cells)
    while cells and not F.squash(cells[-1]):
        cells = cells[:-1]
    if len(cells) < 2 or len(cells) % 2:
        return []
    labels = [norm_label(c) for c in cells[0::2]]
    values = cells[1::2]
    if all(label in LABELS for label in labels) and not any(norm_label(v) in LABELS for v in values):
        return list(zip(labels, values))
    return []
