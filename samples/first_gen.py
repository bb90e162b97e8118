"""A minimal 一代 详版 (report-format.md §1 and §7.5): the detailed report printed before 2020 from
the branch query system, often from a browser. creditgap does not read it; it must name it.

    python -m samples.first_gen OUT.pdf [--seed N]

Deterministic (reportlab, STSong-Light, invariant=1, seeded). The style varies what §7.5 says
varies: the title (个人信用报告 with （明细）, or under the branch's header), the browser furniture
(``Page N of M``, ``页码，N/M`` or none; an intranet address in the footer or not), and the 一代
section and summary names (个人基本信息 / 信息概要 / 信贷交易信息明细, 未结清贷款信息汇总 …), with
the 一代 account header sentence over a small table. Not a model of the whole report: only what
identifies it.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from .pdfkit import CELL, H1, H2, H3, PageFurniture, build, para

BRANCHES = ("中国人民银行上海分行", "中国人民银行杭州中心支行", "中国人民银行成都分行营业管理部", "中国人民银行济南分行")
LENDERS = ("中国工商银行股份有限公司北京市分行", "招商银行股份有限公司", "中国建设银行股份有限公司广州分行",
           "深圳前海微众银行股份有限公司", "马上消费金融股份有限公司")
FURNITURE = ("page-of", "yema", "none")


@dataclass(frozen=True)
class FirstGenStyle:
    title: str = "detail"  # "detail": 个人信用报告（明细）; "branch": the branch's header over 个人信用报告
    furniture: str = "page-of"  # browser page numbers: "page-of" (Page 1 of 3), "yema" (页码，1/3), "none"
    url: bool = True  # the intranet address a browser prints in the footer
    full_width: bool = True  # （明细） or (明细)

    @staticmethod
    def random(rng: random.Random) -> FirstGenStyle:
        return FirstGenStyle(title=rng.choice(["detail", "branch"]), furniture=rng.choice(FURNITURE),
                             url=rng.random() < 0.6, full_width=rng.random() < 0.7)


def _table(rows: list[list[str]]) -> Table:
    t = Table([[para(c, CELL) for c in row] for row in rows])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return t


def _day(d: date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def render_first_gen_detailed(path: str, seed: int = 0, style: FirstGenStyle | None = None) -> FirstGenStyle:
    """Write a 一代 详版-like PDF to ``path``; return the style used (random from ``seed`` unless given)."""
    rng = random.Random(seed)
    style = style or FirstGenStyle.random(rng)
    when = date(2015, 1, 1) + timedelta(days=rng.randrange(1500))  # before 2020
    number = f"{when:%Y%m%d}{rng.randrange(10 ** 14):014d}"  # 一代: the report date, then 14 digits
    clock = f"{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    lb, rb = ("（", "）") if style.full_width else ("(", ")")
    branch = rng.choice(BRANCHES)
    host = f"http://10.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}:7001/pcis/report/queryReport.do"

    story: list[object] = []
    if style.title == "branch":
        story += [para(branch, H3), para("个人信用报告", H1)]
    else:
        story += [para(f"个人信用报告{lb}明细{rb}", H1)]
    story += [para(f"报告编号：{number}　　查询请求时间：{when:%Y.%m.%d} {clock}　　报告时间：{when:%Y.%m.%d} {clock}"),
              _table([["被查询者姓名", "被查询者证件类型", "被查询者证件号码", "查询操作员", "查询原因"],
                      ["张*", "身份证", "**************" + f"{rng.randrange(10000):04d}", f"{branch[:6]}/op{rng.randrange(100):02d}",
                       "本人查询"]]),
              Spacer(1, 8), para("一 个人基本信息", H2), para("（一）身份信息", H3),
              _table([["性别", "出生日期", "婚姻状况", "手机号码", "单位电话", "住宅电话", "学历", "学位"],
                      [rng.choice("男女"), "1985.04.12", "已婚", "--", "--", "--", "本科", "学士"]]),
              para("（二）居住信息", H3),
              _table([["编号", "居住地址", "居住状况", "信息更新日期"], ["1", "上海市浦东新区某某路100号", "自置", f"{when:%Y.%m.%d}"]]),
              PageBreak(), para("二 信息概要", H2), para("（一）信用提示", H3),
              _table([["个人住房贷款笔数", "个人商用房（包括商住两用）贷款笔数", "其他贷款笔数", "首笔贷款发放月份", "贷记卡账户数",
                       "首张贷记卡发卡月份", "准贷记卡账户数", "首张准贷记卡发卡月份"],
                      ["0", "0", "2", "2013.05", "3", "2009.11", "0", "--"]]),
              para("（二）逾期及违约信息概要", H3), para("（三）授信及负债信息概要", H3),
              para("未结清贷款信息汇总"),
              _table([["贷款法人机构数", "贷款机构数", "笔数", "合同总额", "余额", "最近6个月平均应还款"],
                      ["2", "2", "2", f"{rng.randrange(50, 200) * 1000:,}", f"{rng.randrange(10, 50) * 1000:,}", "3,150"]]),
              para("未销户贷记卡信息汇总"),
              _table([["发卡法人机构数", "发卡机构数", "账户数", "授信总额", "单家机构最高授信额", "单家机构最低授信额", "已用额度",
                       "最近6个月平均使用额度"], ["3", "3", "3", "62,000", "30,000", "10,000", "8,412", "7,960"]]),
              PageBreak(), para("三 信贷交易信息明细", H2), para("（一）贷款", H3)]
    for n in range(1, 3):
        start = when - timedelta(days=rng.randrange(200, 900))
        amount = rng.randrange(10, 100) * 1000
        story += [para(f"{n}.{_day(start)}{rng.choice(LENDERS)}发放的{amount:,}元（人民币）个人消费贷款，"
                       f"业务号X{rng.randrange(10 ** 9):09d}，信用/免担保，36期，按月归还，{_day(start + timedelta(days=1095))}到期。"),
                  para(f"截至{_day(when - timedelta(days=20))}，"),
                  _table([["账户状态", "五级分类", "本金余额", "剩余还款期数", "本月应还款", "应还款日", "本月实还款", "最近一次还款日期"],
                          ["正常", "正常", f"{amount // 2:,}", "18", "1,575", f"{when:%Y.%m}.10", "1,575", f"{when:%Y.%m}.10"]]),
                  Spacer(1, 6)]
    story += [para("四 公共信息明细", H2), para("五 声明信息明细", H2), para("六 查询记录", H2),
              _table([["编号", "查询日期", "查询操作员", "查询原因"], ["1", f"{when:%Y.%m.%d}", "本人", "本人查询"]])]

    def header(page: int) -> str | None:
        return f"{when.year}/{when.month}/{when.day} {clock[:5]}　　个人信用报告" if style.furniture != "none" else None

    def footer(page: int, pages: int) -> str:
        mark = {"page-of": f"Page {page} of {pages}", "yema": f"页码，{page}/{pages}", "none": ""}[style.furniture]
        return "　　".join(part for part in ((host if style.url else ""), mark) if part)

    build(path, story, PageFurniture(header=header, footer=footer))
    return style


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(render_first_gen_detailed(args.out, args.seed))


if __name__ == "__main__":
    main()
