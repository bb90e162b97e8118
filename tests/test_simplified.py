"""The 简版 parser: committed samples, random round trips, every sentence template across a page break."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from creditgap.model import Family, Status
from creditgap.parse.layouts import parse_report
from creditgap.parse.simplified import SimplifiedParser
from samples.render_simplified import SimplifiedStyle, render_simplified
from samples.synth import random_report
from tests.helpers import SAMPLES, TextDoc, assert_matches_truth, assert_sample_reads, reading_json

SIMPLIFIED_SAMPLES = ["simplified-online", "simplified-kitchen", "simplified-gen1"]


@pytest.mark.parametrize("name", SIMPLIFIED_SAMPLES)
def test_committed_sample_matches_its_truth(name):
    assert_sample_reads(name, "simplified")


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate])
@given(st.integers(0, 2**32), st.integers(0, 2**32), st.sampled_from([1, 2]))
def test_round_trip_random_models(tmp_path_factory, model_seed, style_seed, generation):
    model = random_report(random.Random(model_seed), "mixed")
    rng = random.Random(style_seed)
    breaks = {a.ref for a in model.accounts if rng.random() < 0.3}
    path = tmp_path_factory.mktemp("rt") / "s.pdf"
    truth, _ = render_simplified(model, str(path), SimplifiedStyle.random(rng, generation), break_before=breaks)
    parsed = parse_report(path)
    assert_matches_truth(parsed, truth)
    assert [c for c in parsed.checks if c.level == "error"] == []


@pytest.mark.parametrize("generation", [1, 2])
def test_every_rendered_template_split_across_a_page_break(tmp_path, generation):
    """The kitchen-sink model has every account kind the generator renders; each sentence starts on
    the last line of a page and ends on the next, with footer and repeated header in between."""
    model = random_report(random.Random(21), "kitchen")
    path = tmp_path / "k.pdf"
    truth, _ = render_simplified(model, str(path), SimplifiedStyle(generation=generation),
                                 break_before={a.ref for a in model.accounts})
    parsed = parse_report(path)
    assert_matches_truth(parsed, truth)
    assert continued_pages(path) >= len(model.accounts) - 4  # all but the one-line sentences were cut


def continued_pages(path) -> int:
    """Pages whose first body line continues a sentence from the page before."""
    import re

    from creditgap.read.document import PdfText

    count = 0
    with PdfText(path) as doc:
        for i in range(1, doc.page_count):
            body = [it.joined() for it in doc.items(i) if "报告编号" not in it.joined() and "证件号码" not in it.joined()]
            if body and not re.match(r"^(\d+\.|第 )", body[0]) and not body[0].endswith("明细如下："):
                count += 1
    return count


HEADER = ["个人信用报告", "报告编号：2025031104013907986945 报告时间：2025-03-11 04:01:39",
          "姓名：张三 证件类型：身份证 证件号码：110101199001011234 已婚", "信贷记录",
          "这部分包含您的信用卡、贷款和其他信贷记录。金额类数据均以人民币计算，精确到元。"]
REPEATED = ["报告编号：2025031104013907986945 报告时间：2025-03-11 04:01:39",
            "姓名：张三 证件类型：身份证 证件号码：110101199001011234 已婚"]

# Every template of spec §5.3 with the fields it must yield. Each is cut in the middle and the two
# halves are put on two pages, with the footer and the repeated header lines between them.
TEMPLATES = [
    ("贷款", "2019年05月10日重庆京东盛际小额贷款有限公司发放的5,000元（人民币）其他个人消费贷款，2020年05月10日到期。截至2021年06月，余额0。",
     dict(family=Family.LOAN, status=Status.NORMAL, balance=0, amount=5000, due=date(2020, 5, 10), as_of="2021-06",
          lender="重庆京东盛际小额贷款有限公司")),
    ("贷款", "2025年11月10日河南中原消费金融股份有限公司发放的49,180元（人民币）其他个人消费贷款，2026年11月10日到期。截至2026年03月，余额33,103。",
     dict(status=Status.NORMAL, balance=33103)),
    ("贷款", "2017年12月16日深圳前海微众银行股份有限公司发放的10,000元（人民币）其他个人消费贷款，2018年01月已结清。",
     dict(status=Status.SETTLED, closed_on="2018-01", balance=None, status_raw="已结清")),
    ("贷款", "2019年3月1日中原消费金融股份有限公司发放的3,000元（人民币）个人消费贷款，2020年2月已转出。",
     dict(status=Status.TRANSFERRED, closed_on="2020-02", is_open=False)),
    ("贷款", "2012年6月12日奇瑞徽银汽车金融有限公司发放的42,240元（人民币）个人汽车贷款，2015年6月已结清。最近5年内有24个月处于逾期状态，没有发生过90天以上逾期。",
     dict(status=Status.SETTLED, overdue_months_5y=24, business_type="个人汽车贷款")),
    ("贷款", "2017年4月25日马上消费金融股份有限公司发放的1,500元（人民币）个人消费贷款，2018年10月25日到期。截至2018年1月，余额10，逾期金额10。最近5年内有2个月处于逾期状态，其中1个月逾期超过90天。",
     dict(status=Status.OVERDUE, balance=10, overdue_months_5y=2)),
    ("贷款", "2023年03月23日重庆蚂蚁消费金融有限公司为其他个人消费贷款授信，额度有效期至2029年03月23日，可循环使用。截至2026年03月，信用额度35,200元（人民币），余额为18,253，当前无逾期。",
     dict(family=Family.REVOLVING, credit_limit=35200, balance=18253, due=date(2029, 3, 23))),
    ("贷款", "2024年10月08日浙江网商银行股份有限公司为个人经营性贷款授信，额度长期有效，可循环使用。截至2025年02月，信用额度1,420,010元（人民币），余额为333,333，当前无逾期。",
     dict(family=Family.REVOLVING, due=None, credit_limit=1420010)),
    ("贷款", "2024年10月08日昆仑银行股份有限公司为其他个人消费贷款授信，额度有效期至2026年05月21日，不可循环使用。截至2025年06月，信用额度30,000元（人民币），余额为0，当前无逾期。",
     dict(family=Family.REVOLVING, balance=0, status=Status.NORMAL)),
    ("贷款", "2022年02月07日浙江网商银行股份有限公司为个人经营性贷款授信，可循环使用。2023年04月已结清。",
     dict(family=Family.REVOLVING, status=Status.SETTLED, closed_on="2023-04", credit_limit=None)),
    ("贷款", "2023年03月23日重庆蚂蚁消费金融有限公司为其他个人消费贷款授信，额度有效期至2029年03月23日，可循环使用。截至2026年03月，信用额度35,200元（人民币），余额为18,253，当前有逾期。",
     dict(family=Family.REVOLVING, status=Status.OVERDUE)),
    ("信用卡", "2020年11月27日广发银行股份有限公司信用卡中心发放的贷记卡（人民币账户，卡片尾号：1019）。截至2025年12月，信用额度38,000，已使用额度440。",
     dict(family=Family.CREDIT_CARD, card_tail="1019", credit_limit=38000, used=440, balance=None)),
    ("信用卡", "2024年03月26日中国工商银行股份有限公司上海市分行发放的贷记卡（美元账户，卡片尾号：8222）。截至2026年01月，信用额度102,006，已使用额度0。",
     dict(currency="USD", used=0)),
    ("信用卡", "2017年2月3日招商银行发放的贷记卡（美元账户）。截至2018年2月,信用额度折合人民币22,000，已使用额度0。",
     dict(currency="USD", credit_limit=22000, lender="招商银行")),
    ("信用卡", "2021年05月06日平安银行股份有限公司信用卡中心发放的贷记卡（人民币账户）。截至2025年06月，信用额度50,000，余额12,000（含未出单的大额专项分期余额10,000）。",
     dict(balance=12000, used=None)),
    ("信用卡", "2008年01月29日上海银行股份有限公司信用卡中心发放的贷记卡（人民币账户），2021年01月销户。",
     dict(status=Status.CLOSED, closed_on="2021-01", status_raw="销户")),
    ("信用卡", "2007年8月3日交通银行发放的贷记卡（人民币账户），截至2010年7月已销户。",
     dict(status=Status.CLOSED, closed_on="2010-07", status_raw="已销户")),
    ("信用卡", "2025年01月15日招商银行股份有限公司信用卡中心发放的贷记卡（人民币账户）。截至2025年06月，信用额度10,000，尚未激活。",
     dict(status=Status.INACTIVE, credit_limit=10000, is_open=True)),
    ("信用卡", "2019年08月06日平安银行股份有限公司信用卡中心发放的贷记卡（人民币账户，卡片尾号：3321）。截至2025年06月，信用额度20,000，已使用额度18,200。最近5年内有3个月处于逾期状态，没有发生过90天以上逾期。",
     dict(overdue_months_5y=3, used=18200)),
    ("信用卡", "2009年11月21日交通银行发放的贷记卡（人民币账户）。截至2019年3月，信用额度34,000，已使用额度500，逾期金额300。",
     dict(status=Status.OVERDUE)),
    ("信用卡", "2019年08月06日平安银行股份有限公司信用卡中心发放的贷记卡（人民币账户）。截至2025年06月，余额8,000，已变成呆账。",
     dict(status=Status.BAD_DEBT, balance=8000)),
    ("信用卡", "2010年3月5日中国银行发放的准贷记卡（人民币账户）。截至2018年2月，信用额度5,000，透支余额1,200。最近5年内有4个月透支超过60天，其中1个月透支超过90天。",
     dict(family=Family.SEMI_CREDIT_CARD, balance=1200, overdue_months_5y=4)),
    ("信用卡", "2002年12月30日中国建设银行北京市分行发放的准贷记卡（人民币账户），截至2016年5月已销户。",
     dict(family=Family.SEMI_CREDIT_CARD, status=Status.CLOSED, closed_on="2016-05")),
    ("其他业务", "2024年01月05日远东宏信普惠融资租赁（天津）有限公司办理的80,000元（人民币）融资租赁业务，2027年01月05日到期。截至2025年06月，余额41,000。",
     dict(family=Family.LOAN, business_type="融资租赁业务", balance=41000)),
    ("资产处置信息", "2020年05月12日中国长城资产管理股份有限公司接收债权，金额为30,000。截至2025年03月01日，余额为12,000，最近一次还款日期为2024年12月20日。",
     dict(family=Family.RECOVERED, business_type="资产处置", balance=12000, status=Status.OVERDUE, as_of="2025-03-01")),
    ("垫款信息", "2019年04月01日以来重庆三峡融资担保集团股份有限公司累计代偿金额8,000。2020年06月已结清。",
     dict(family=Family.RECOVERED, business_type="垫款", status=Status.SETTLED, closed_on="2020-06")),
]


def doc_with_break(section: str, sentence: str, cut: int) -> TextDoc:
    first, second = sentence[:cut], sentence[cut:]
    return TextDoc([
        HEADER + [section, "从未发生过逾期的账户明细如下：", f"1.{first}", "第 1 页，共 2 页"],
        REPEATED + [second, "查询记录", "第 2 页，共 2 页"],
    ])


@pytest.mark.parametrize("section, sentence, expected", TEMPLATES, ids=[t[1][11:25] for t in TEMPLATES])
def test_template_across_a_page_break(section, sentence, expected):
    for cut in (len(sentence) // 3, len(sentence) // 2, len(sentence) - 3):
        report = SimplifiedParser().extract(doc_with_break(section, sentence, cut))
        assert len(report.accounts) == 1, (cut, report.checks)
        account = report.accounts[0]
        assert account.page == 1
        for key, value in expected.items():
            got = account.is_open if key == "is_open" else getattr(account, key)
            assert got == value, (key, cut)


LIABILITY_TEMPLATES = [
    ("相关还款责任信息", "2025年02月20日，为上海某某科技有限公司（证件类型：中征码，证件号码：3201050000000001）在华夏银行"
     "股份有限公司上海分行办理的贷款承担相关还款责任，责任人类型为保证人，相关还款责任金额550,000（保证合同编号："
     "B10811000H0000000001）。截至2025年02月21日，贷款余额1,370,000（人民币元）。",
     dict(lender="华夏银行股份有限公司上海分行", for_whom="企业", role="保证人", amount=550000, balance=1370000,
          as_of="2025-02-21")),
    ("相关还款责任信息", "2024年05月06日，为张某（证件类型：身份证，证件号码：110101199001011234）在远东宏信普惠融资租赁"
     "（天津）有限公司办理的融资租赁承担相关还款责任，责任人类型为共同借款人，相关还款责任金额--。截至2025年01月31日，"
     "融资租赁余额80,000（人民币元）。",
     dict(for_whom="个人", role="共同借款人", amount=None, balance=80000)),
    ("为他人担保信息", "2016年3月2日，为李四（证件类型：身份证，证件号码：****1234）在招商银行办理的贷款提供担保，"
     "担保贷款合同金额100,000，担保金额50,000。截至2018年2月，担保贷款余额30,000。",
     dict(lender="招商银行", for_whom="个人", amount=50000, balance=30000, as_of="2018-02")),
]


@pytest.mark.parametrize("section, sentence, expected", LIABILITY_TEMPLATES, ids=["2nd-loan", "2nd-lease", "1st-guarantee"])
def test_liabilities_are_kept_apart_from_the_accounts_across_a_page_break(section, sentence, expected):
    for cut in (len(sentence) // 3, len(sentence) // 2, len(sentence) - 3):
        report = SimplifiedParser().extract(doc_with_break(section, sentence, cut))
        assert report.accounts == () and report.checks == ()
        [liability] = report.liabilities
        assert liability.page == 1 and liability.ref == "L1"
        for key, value in expected.items():
            assert getattr(liability, key) == value, (key, cut)
        assert "110101199001011234" not in str(liability) and "某" not in liability.lender[:1]


def test_liability_counts_are_checked_against_the_summary():
    doc = TextDoc([HEADER + ["信息概要", ("", "为个人", "为企业"), ("相关还款责任账户数", "--", "2"),
                             "相关还款责任信息", "为企业", "1." + LIABILITY_TEMPLATES[0][1], "查询记录"]])
    report = SimplifiedParser().extract(doc)
    assert len(report.liabilities) == 1
    assert [c.code for c in report.checks] == ["summary_liabilities_mismatch"]


def test_a_sentence_no_template_reads_becomes_an_error_check():
    doc = TextDoc([HEADER + ["贷款", "从未发生过逾期的账户明细如下：",
                             "1.2019年05月10日某某机构以某种新方式提供了服务。",
                             "2.2017年12月16日深圳前海微众银行股份有限公司发放的10,000元（人民币）其他个人消费贷款，2018年01月已结清。",
                             "查询记录"]])
    report = SimplifiedParser().extract(doc)
    assert len(report.accounts) == 1
    errors = [c for c in report.checks if c.level == "error"]
    assert [c.code for c in errors] == ["unparsed_sentence"]
    assert "第1条" in errors[0].message


def test_summary_counts_that_disagree_with_the_sentences_are_reported():
    doc = TextDoc([HEADER + ["信息概要", ("", "信用卡", "购房贷款", "其他贷款", "其他业务"),
                             ("账户数", "--", "--", "2", "--"), ("未结清/未销户账户数", "--", "--", "1", "--"),
                             "贷款", "从未发生过逾期的账户明细如下：",
                             "1.2017年12月16日深圳前海微众银行股份有限公司发放的10,000元（人民币）其他个人消费贷款，2018年01月已结清。",
                             "查询记录"]])
    report = SimplifiedParser().extract(doc)
    messages = [c.message for c in report.checks if c.code == "summary_accounts_mismatch"]
    assert len(messages) == 2 and all("其他贷款" in m for m in messages)


@pytest.mark.parametrize("seed", range(20))
def test_fast_text_path_reads_exactly_what_pdfplumber_reads(tmp_path, seed):
    """pypdfium2's text layer is used for the 简版 only because it gives the same parse (issue 8)."""
    from creditgap.read.items import TextSettings

    if seed < len(SIMPLIFIED_SAMPLES):
        path = SAMPLES / f"{SIMPLIFIED_SAMPLES[seed]}.pdf"
    else:
        rng = random.Random(seed)
        model = random_report(rng, "mixed")
        path = tmp_path / "f.pdf"
        render_simplified(model, str(path), SimplifiedStyle.random(rng),
                          break_before={a.ref for a in model.accounts if rng.random() < 0.5})
    fast = parse_report(path, settings=TextSettings(engine="auto"))
    slow = parse_report(path, settings=TextSettings(engine="pdfplumber"))
    assert reading_json(fast) == reading_json(slow)


def test_inquiry_rows_with_wrapped_cells_and_unknown_reasons():
    doc = TextDoc([HEADER + ["查询记录", "机构查询记录明细", "编号 查询日期 查询机构 查询原因",
                             "1 2024年10月01日 中国工商银行股份有限公司上海市", "分行 贷款审批",
                             "2 2024年09月01日 某某银行 未知的原因", "3 2024年08月01日 本人",
                             "本人查询（互联网个人信用信息服务平", "台）"]])
    report = SimplifiedParser().extract(doc)
    assert [(i.institution, i.reason) for i in report.inquiries] == [
        ("中国工商银行股份有限公司上海市分行", "贷款审批"), ("本人", "本人查询（互联网个人信用信息服务平台）")]
    assert [c.code for c in report.checks] == ["unread_inquiries"]


def test_liabilities_are_shown_but_not_in_the_todo():
    from creditgap.judge.platforms import attach_platforms
    from creditgap.judge.rules import analyze
    from creditgap.outputs.terminal import analysis_view

    doc = TextDoc([HEADER + ["相关还款责任信息", "1." + LIABILITY_TEMPLATES[0][1], "查询记录"]])
    report = analyze(attach_platforms(SimplifiedParser().extract(doc)))
    assert report.todo == ()
    assert "相关还款责任（为他人担保等）1 笔，余额 ¥1,370,000" in analysis_view(report)
