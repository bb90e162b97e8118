"""Real wording as tests (issue 12, item 5): 简版 sentence forms, 详版 label spellings and 查询记录
rows as published in public parsers' fixtures and sample reports, each read on its own.

Names of people and private companies, ID and contract numbers and amounts are anonymised (the
shape kept); public lenders' names are kept. The source of each form is the public file the
stored-code index returned for it: ``fs:<id>`` is that index's id for the file (the index does
not name the repository for exact-string hits); DocMirror = the beeno14/valuemapglobal DocMirror
credit_report plugin and tests (spec §10); "agent tests" = a personal-credit-report agent's test
suite (spec §10, repository not named). Forms the parsers do not read (fully) are kept too, as
the warnings they give.
"""

from __future__ import annotations

from datetime import date

import pytest

from creditgap.model import Family, Inquiry, Status
from creditgap.parse.detailed import DetailedParser
from creditgap.parse.simplified import SimplifiedParser
from tests.helpers import TextDoc

HEADER = ["个人信用报告", "报告编号：2025031104013907986945 报告时间：2025-03-11 04:01:39",
          "姓名：张三 证件类型：身份证 证件号码：110101199001011234 已婚", "信贷记录"]
CARD, LOAN, LINE, SEMI = Family.CREDIT_CARD, Family.LOAN, Family.REVOLVING, Family.SEMI_CREDIT_CARD
OK, SETTLED, CLOSED, INACTIVE, OVERDUE = Status.NORMAL, Status.SETTLED, Status.CLOSED, Status.INACTIVE, Status.OVERDUE
TRANSFERRED, BAD = Status.TRANSFERRED, Status.BAD_DEBT

# (source, section, sentence as printed, expected fields)
FORMS = [
    # --- 2nd generation 简版 -----------------------------------------------------------------------
    ("agent tests fs:58508377505", "信用卡",
     "2006年10月27日中国建设银行股份有限公司上海宝钢宝山支行发放的贷记卡（人民币账户，卡片尾号：6041）。截至2026年03月，信用额度2,000，已使用额度0。",
     dict(family=CARD, card_tail="6041", currency="CNY", credit_limit=2000, used=0, as_of="2026-03", status=OK)),
    ("agent tests fs:58508377505", "信用卡",
     "2006年10月27日中国建设银行股份有限公司上海宝钢宝山支行发放的贷记卡（美元账户，卡片尾号：6041）。截至2026年03月，信用额度2,000，已使用额度0。",
     dict(currency="USD", card_tail="6041")),
    ("agent tests fs:58508377505", "信用卡",
     "2012年10月24日中国光大银行股份有限公司信用卡中心发放的贷记卡（美元账户，卡片尾号：8180）。截至2026年03月，信用额度0，已使用额度0。",
     dict(currency="USD", credit_limit=0)),
    ("agent tests fs:58508377505", "信用卡",
     "2024年12月02日兴业银行股份有限公司发放的贷记卡（人民币账户）。截至2026年03月，信用额度15,000，已使用额度0。",
     dict(card_tail=None, credit_limit=15000)),
    ("agent tests fs:58508377505", "信用卡",
     "2008年01月29日上海银行股份有限公司信用卡中心发放的贷记卡（美元账户），2021年01月销户。",
     dict(currency="USD", status=CLOSED, closed_on="2021-01", status_raw="销户", as_of=None)),
    ("agent tests fs:58508377505", "信用卡",
     "2023年09月11日招商银行股份有限公司信用卡中心发放的贷记卡（人民币账户），2025年03月销户。",
     dict(status=CLOSED, closed_on="2025-03")),
    ("fs:70540156354 (amounts with 元)", "信用卡",
     "2025年3月3日丙银行发放的贷记卡（人民币账户，卡片尾号：4320）。截至2026年6月，信用额度30,000元，余额15,000元（含未出单的大额专项分期余额5,000元）。",
     dict(credit_limit=30000, balance=15000, used=None, card_tail="4320")),
    ("DocMirror fs:56417740677", "信用卡",
     "2022年01月02日示例银行信用卡中心发放的贷记卡（人民币账户，卡片尾号：1230）。\n截至2024年11月，信用额度100,000，余额2,000，当前无逾期。\n最近5年内有1个月处于逾期状态，没有发生过90天以上逾期。",
     dict(balance=2000, used=None, overdue_months_5y=1, status=OK)),
    ("DocMirror fs:56417740677", "贷款",
     "2023年02月03日示例商业银行发放的300,000元（人民币）个人经营性贷款，\n2026年02月03日到期。截至2024年11月，余额200,000，从未发生过逾期。",
     dict(family=LOAN, amount=300000, business_type="个人经营性贷款", due=date(2026, 2, 3), balance=200000)),
    ("DocMirror fs:56417740677", "贷款",
     "2024年03月04日示例商业银行为个人经营性贷款授信，额度有效期至2027年03月04日，\n可循环使用。截至2024年11月，信用额度500,000元（人民币），余额为120,000，当前无逾期。",
     dict(family=LINE, credit_limit=500000, balance=120000, due=date(2027, 3, 4))),
    ("DocMirror fs:61500211987", "贷款",
     "2021年11月08日天津银行股份有限公司为其他个人消费贷款授信，额度有效期至2027年03月24日，可循环使用。截至2025年02月，信用额度1,000元（人民币），余额为0，当前无逾期。",
     dict(family=LINE, credit_limit=1000, balance=0)),
    ("DocMirror fs:61500211987", "贷款",
     "2021年11月08日重庆度小满小额贷款有限公司为其他个人消费贷款授信，额度有效期至2025年02月28日，可循环使用。截至2025年02月，信用额度200,000元（人民币），余额为0，当前无逾期。",
     dict(family=LINE, credit_limit=200000)),
    ("fs:54649724299", "信用卡",
     "2017年10月27日某银行发放的贷记卡（人民币账户）。截至2026年05月，信用额度10,000，已使用额度10,120。",
     dict(used=10120)),
    ("fs:54649724299", "贷款",
     "2026年01月19日某银行发放的3,000元（人民币）其他个人消费贷款，2027年01月19日到期。截至2026年05月，余额2,020。",
     dict(amount=3000, balance=2020, as_of="2026-05")),
    ("fs:54649724299", "贷款",
     "2025年02月19日某消费金融公司为其他个人消费贷款授信，额度有效期至2026年09月22日，可循环使用。截至2026年05月，信用额度17,500元（人民币），余额为2,190，当前无逾期。",
     dict(family=LINE, balance=2190)),
    ("fs:54649724299", "贷款",
     "2020年08月16日某消费金融公司发放的12,000元（人民币）其他个人消费贷款，2021年08月已结清。",
     dict(status=SETTLED, closed_on="2021-08", status_raw="已结清", balance=None)),
    ("fs:54649724299", "信用卡", "2018年03月02日某银行发放的贷记卡（人民币账户），2020年12月销户。",
     dict(status=CLOSED, closed_on="2020-12")),
    ("fs:70285213484", "贷款",
     "2025年04月05日四川新网银行股份有限公司为其他个人消费贷款授信，额度有效期至2027年04月05日，可循环使用。截至2026年02月，信用额度200,000元（人民币），余额为20,000，当前无逾期。",
     dict(family=LINE, credit_limit=200000, balance=20000)),
    ("fs:70285213484", "贷款",
     "2025年03月04日南京银行股份有限公司发放的100,000元（人民币）其他个人消费贷款，2027年03月04日到期。截至2026年02月，余额80,000。",
     dict(balance=80000)),
    ("fs:70285213484", "贷款",
     "2019年01月01日中国建设银行股份有限公司发放的30,000元（人民币）其他个人消费贷款，2021年02月已结清。",
     dict(status=SETTLED)),
    ("agent tests fs:58507113644 (half-width brackets)", "贷款",
     "2023年01月15日重庆蚂蚁消费金融有限公司为其他个人消费贷款授信，额度有效期至2027年02月15日，可循环使用。截至2025年02月，信用额度100元(人民币)，余额为0，当前无逾期。",
     dict(family=LINE, credit_limit=100, balance=0)),
    ("agent tests fs:58507113644 (half-width brackets)", "贷款",
     "2017年12月16日深圳前海微众银行股份有限公司发放的10,000元(人民币)其他个人消费贷款，2018年01月已结清。",
     dict(status=SETTLED, amount=10000)),
    ("fs:70707295065 (no thousands separators)", "贷款",
     "2025年1月1日测试银行为个人消费贷款授信，额度长期有效，可循环使用。截至2026年6月，信用额度10000元（人民币），余额为1000，当前无逾期",
     dict(family=LINE, due=None, credit_limit=10000, balance=1000)),
    ("DocMirror fs:61400243960 (no 截至 clause)", "信用卡",
     "2022年07月19日华夏银行信用卡中心发放的贷记卡（人民币账户）。最近5年内有3个月处于逾期状态，其中2个月逾期超过90天。",
     dict(as_of=None, credit_limit=None, overdue_months_5y=3, status=OK)),
    ("DocMirror fs:61400243960", "信用卡",
     "2023年08月20日示例银行信用卡中心发放的准贷记卡（人民币账户）。最近5年内有1个月处于逾期状态。",
     dict(family=SEMI, overdue_months_5y=1)),
    ("DocMirror fs:61647914961 (wrapped inside words)", "信用卡",
     "2024年01月02日示例银行信用卡中心发放的贷记卡（人民币账户，卡片尾号：1230）。\n截至2025年03月，信用额\n度10,000，已使用额\n度0，大额专项分期余\n额300，尚未激活。",
     dict(status=INACTIVE, credit_limit=10000, as_of="2025-03")),
    ("spec §5.4 ex.1", "贷款",
     "2025年04月25日无锡锡商银行股份有限公司发放的1,000,000元（人民币）个人经营性贷款，2026年04月25日到期。截至2026年03月，余额1,000,000。",
     dict(amount=1000000, balance=1000000)),
    ("spec §5.4 ex.4", "贷款",
     "2006年03月31日中国建设银行股份有限公司上海市分行发放的500,000元（人民币）个人住房商业贷款，2009年05月已结清。",
     dict(status=SETTLED, business_type="个人住房商业贷款")),
    ("spec §5.4 ex.8", "贷款",
     "2024年10月08日浙江网商银行股份有限公司为个人经营性贷款授信，额度长期有效，可循环使用。截至2025年02月，信用额度1,420,000元（人民币），余额为333,000，当前无逾期。",
     dict(family=LINE, due=None, credit_limit=1420000)),
    ("spec §5.4 ex.9 (settled line, no currency)", "贷款",
     "2022年02月07日浙江网商银行股份有限公司为个人经营性贷款授信，可循环使用。2023年04月已结清。",
     dict(family=LINE, status=SETTLED, closed_on="2023-04")),
    ("spec §5.4 ex.12", "信用卡",
     "2024年03月26日中国工商银行股份有限公司上海市分行发放的贷记卡（美元账户，卡片尾号：8220）。截至2026年01月，信用额度102,000，已使用额度0。",
     dict(currency="USD", credit_limit=102000)),
    ("DocMirror brief test (spec §10)", "贷款",
     "2019年05月10日重庆京东盛际小额贷款有限公司发放的5,000元（人民币）个人消费贷款，2020年05月10日到期。截至2021年06月，余额0。",
     dict(balance=0, due=date(2020, 5, 10))),
    ("DocMirror brief test (spec §10)", "贷款",
     "2017年9月28日湖南湘乡农村商业银行股份有限公司发放的470,000元（人民币）个人商用房（包括商住两用）贷款，2037年9月28日到期。截至2017年10月，余额468,000。",
     dict(business_type="个人商用房(包括商住两用)贷款", balance=468000)),  # brackets read half-width, as before
    ("issue 12 (a 贷记卡 with only the tail in brackets, an expiry month, no 截至)", "信用卡",
     "2020年11月27日广发银行股份有限公司信用卡中心发放的贷记卡（卡片尾号：1010），2028年11月到期，信用额度38,000，已使用额度440。",
     dict(card_tail="1010", currency="CNY", credit_limit=38000, used=440, as_of=None)),
    ("agent tests fs:58508377505", "贷款",
     "2025年06月19日浙江泰隆商业银行股份有限公司宁波分行发放的1,500,000元（人民币）个人经营性贷款，2026年06月10日到期。截至2026年03月，余额1,500,000。",
     dict(lender="浙江泰隆商业银行股份有限公司宁波分行", amount=1500000, due=date(2026, 6, 10))),
    ("agent tests fs:58508377505 (lender ends in 行, then 为)", "贷款",
     "2022年01月21日浙江泰隆商业银行股份有限公司宁波分行为个人经营性贷款授信，额度有效期至2026年12月31日，可循环使用。截至2026年03月，信用额度500,000元（人民币），余额为500,000，当前无逾期。",
     dict(family=LINE, lender="浙江泰隆商业银行股份有限公司宁波分行", business_type="个人经营性贷款", balance=500000)),
    ("agent tests fs:58508377505", "贷款",
     "2023年09月27日江苏苏商银行股份有限公司为个人经营性贷款授信，额度有效期至2026年09月25日，可循环使用。截至2026年02月，信用额度180,000元（人民币），余额为0，当前无逾期。",
     dict(family=LINE, credit_limit=180000, balance=0)),
    ("agent tests fs:58508377505 (为其他贷款授信)", "贷款",
     "2024年09月10日江苏苏商银行股份有限公司为其他贷款授信，额度有效期至2026年09月05日，可循环使用。截至2026年02月，信用额度100,000元（人民币），余额为47,000，当前无逾期。",
     dict(family=LINE, business_type="其他贷款", balance=47000)),
    ("agent tests fs:58508377505", "贷款",
     "2025年05月08日浙江网商银行股份有限公司为个人经营性贷款授信，额度有效期至2026年10月18日，可循环使用。截至2026年03月，信用额度234,000元（人民币），余额为161,660，当前无逾期。",
     dict(family=LINE, credit_limit=234000)),
    ("agent tests fs:58508377505", "贷款",
     "2025年10月10日武汉众邦银行股份有限公司为其他个人消费贷款授信，额度有效期至2026年10月10日，可循环使用。截至2026年03月，信用额度57,300元（人民币），余额为33,840，当前无逾期。",
     dict(family=LINE, balance=33840)),
    ("agent tests fs:58508377505", "贷款",
     "2025年12月18日中信百信银行股份有限公司为其他个人消费贷款授信，额度有效期至2027年12月18日，可循环使用。截至2026年03月，信用额度116,100元（人民币），余额为20,680，当前无逾期。",
     dict(family=LINE, credit_limit=116100)),
    ("agent tests fs:58508377505", "贷款",
     "2009年05月14日浙江省象山县农村信用合作联社发放的800,000元（人民币）个人住房商业贷款，2010年05月已结清。",
     dict(status=SETTLED, closed_on="2010-05")),
    ("agent tests fs:58508377505 (half-width punctuation, 到期 wrapped)", "贷款",
     "2025年06月19日浙江泰隆商业银行股份有限公司宁波分行发放的1,500,000元(人民币)个人经营性贷款,2026年06月10日到\n期。截至2026年03月,余额1,500,000。",
     dict(due=date(2026, 6, 10), balance=1500000)),
    ("agent tests fs:58508377505 (half-width punctuation)", "贷款",
     "2022年01月21日浙江泰隆商业银行股份有限公司宁波分行为个人经营性贷款授信,额度有效期至2026年12月31日,可循环使用。截至2026年03月,信用额度500,000元(人民币),余额为500,000,当前无逾期。",
     dict(family=LINE, due=date(2026, 12, 31), credit_limit=500000)),
    ("agent tests fs:58508377505 (no 有效期 clause)", "贷款",
     "2023年01月15日重庆蚂蚁消费金融有限公司为其他个人消费贷款授信，截至2025年02月，信用额度100元(人民币)，余额为0，当前无逾期。",
     dict(family=LINE, due=None, credit_limit=100, as_of="2025-02")),
    ("agent tests fs:58508377505", "信用卡", "2006年08月25日中国建设银行股份有限公司上海市分行发放的贷记卡（美元账户），2009年09月销户。",
     dict(currency="USD", status=CLOSED, closed_on="2009-09")),
    ("agent tests fs:58508377505", "信用卡", "2008年02月28日平安银行股份有限公司信用卡中心发放的贷记卡（美元账户），2018年10月销户。",
     dict(status=CLOSED, closed_on="2018-10")),
    ("agent tests fs:58508377505 (half-width)", "信用卡",
     "2006年08月25日中国建设银行股份有限公司上海市分行发放的贷记卡(人民币账户),2009年09月销户。",
     dict(status=CLOSED, currency="CNY")),
    ("agent tests fs:58508377505 (half-width, tail)", "信用卡",
     "2006年10月27日中国建设银行股份有限公司上海宝钢宝山支行发放的贷记卡(美元账户,卡片尾号:6041)。截至2026年03月,信用额度2,000,已使用额度0。",
     dict(currency="USD", card_tail="6041", credit_limit=2000)),
    # --- 1st generation 简版 -----------------------------------------------------------------------
    ("fs:27684968061", "贷款",
     "2017年3月30日华融湘江银行股份有限公司湘潭分行发放的18,000元（人民币）个人经营性贷款，2018年3月29日到期。截至2017年10月，余额18,000。",
     dict(balance=18000, as_of="2017-10")),
    ("fs:23662216515", "贷款",
     "2016年1月12日浙江网商银行股份有限公司发放的1,770元（人民币）个人经营性贷款，2017年1月12日到期。截至2016年1月，余额1,770。",
     dict(amount=1770, balance=1770)),
    ("fs:23662216515", "贷款",
     "2016年1月22日招联消费金融有限公司发放的1,700元（人民币）个人消费贷款，2017年1月22日到期。截至2016年1月，余额1,700。",
     dict(business_type="个人消费贷款")),
    ("fs:22421530575", "贷款",
     "2016年10月19日招联消费金融有限公司发放的10,000元（人民币）个人消费贷款，2017年10月19日到期。截至2017年2月，余额6,840。",
     dict(balance=6840, as_of="2017-02")),
    ("fs:20492266673 (1st-gen HTML)", "贷款",
     "2017年8月28日捷信消费金融公司发放的5,090元（人民币）个人消费贷款，2019年8月31日到期。截至2018年1月，余额4,200。",
     dict(lender="捷信消费金融公司", balance=4200)),
    ("fs:20492266673 (1st-gen HTML)", "贷款",
     "2017年6月18日中银消费金融有限公司发放的10,000元（人民币）个人消费贷款，2018年6月30日到期。截至2018年1月，余额4,430。",
     dict(due=date(2018, 6, 30))),
    ("fs:20492266673 (1st-gen HTML)", "信用卡", "2007年5月19日中信银行发放的贷记卡（人民币账户），截至2010年3月已销户。",
     dict(status=CLOSED, closed_on="2010-03", lender="中信银行")),
    # --- 1st generation 简版 (continued) -------------------------------------------------------------
    ("fs:5893228945", "信用卡",
     "2018年5月28日中国农业银行发放的贷记卡（美元账户）。截至2018年5月,信用额度折合人民币19,680，已使用额度0。",
     dict(currency="USD", credit_limit=19680, as_of="2018-05")),
    ("fs:5893228945", "信用卡",
     "2013年3月2日广州农村商业银行发放的贷记卡（人民币账户）。截至2018年5月，信用额度50,000，已使用额度49,610。",
     dict(used=49610)),
    ("fs:5893228945", "信用卡",
     "2012年7月26日平安银行信用卡中心发放的贷记卡（人民币账户）。截至2018年6月，信用额度3,000，已使用额度0。",
     dict(credit_limit=3000)),
    ("fs:5893228945", "信用卡",
     "2007年9月6日中国工商银行嘉兴市分行发放的贷记卡（人民币账户），截至2015年4月已销户。",
     dict(status=CLOSED, as_of="2015-04", closed_on="2015-04", status_raw="已销户")),
    ("fs:5893228945", "信用卡",
     "1998年2月18日中国工商银行嘉兴市分行发放的准贷记卡（人民币账户），截至2015年4月已销户。",
     dict(family=SEMI, status=CLOSED, closed_on="2015-04")),
    ("fs:5893228945", "信用卡",
     "2018年5月28日中国农业银行发放的贷记卡（人民币账户）。截至2018年5月，信用额度20,000，尚未激活。",
     dict(status=INACTIVE, status_raw="尚未激活", credit_limit=20000)),
    ("fs:22507452611", "信用卡",
     "2014年10月27日中国工商银行上海市分行发放的贷记卡（人民币账户）。截至2016年8月，信用额度500，已使用额度0。",
     dict(credit_limit=500)),
    ("fs:22507452611", "信用卡",
     "2011年12月30日中国农业银行发放的贷记卡（美元账户）。截至2016年8月,信用额度折合人民币8,290，已使用额度0。",
     dict(currency="USD", credit_limit=8290)),
    ("fs:22507452611", "信用卡",
     "2010年10月25日招商银行发放的贷记卡（人民币账户）。截至2016年8月，信用额度25,000，已使用额度2,750。",
     dict(used=2750, lender="招商银行")),
    ("fs:29442891389 (no separators, no final 。)", "信用卡",
     "2018年11月7日江苏省农村信用社联合社发放的贷记卡（人民币账户）。截至2019年2月，信用额度30000，已使用额度0",
     dict(credit_limit=30000, used=0)),
    ("fs:29442891389", "信用卡", "2016年6月29日中国农业银行发放的贷记卡（人民币账户），截至2018年12月已销户",
     dict(status=CLOSED, closed_on="2018-12")),
    ("fs:29442891389", "信用卡",
     "2009年11月21日交通银行发放的贷记卡（人民币账户）。截至2019年3月，信用额度34000，已使用额度0。最近5年内有6个月处于逾期状态，其中2个月逾期超过90天",
     dict(overdue_months_5y=6, credit_limit=34000)),
    ("fs:29442891389", "信用卡",
     "2010年2月4日中国银行江苏省分行发放的贷记卡（人民币账户）。截至2019年3月，信用额度30000，已使用额度3690。最近5年内有2个月处于逾期状态，没有发生过90天以上逾期",
     dict(overdue_months_5y=2, used=3690)),
    ("fs:23662216515", "信用卡",
     "2007年11月20日中国工商银行湖北省分行营业部发放的贷记卡（人民币账户）。截至2016年1月，信用额度2，已使用额度0。最近5年内有5个月处于逾期状态，其中5个月逾期超过90天。",
     dict(credit_limit=2, overdue_months_5y=5)),
    ("fs:23863675684", "信用卡",
     "2015年9月10日中国工商银行湖北省分行营业部发放的贷记卡（美元账户）。截至2016年1月,信用额度折合人民币480，已使用额度0。",
     dict(currency="USD", credit_limit=480)),
    ("fs:30989421975 (comment)", "信用卡",
     "2014年7月2日浦发银行信用卡中心发放的贷记卡（美元账户）。截至2016年4月,信用额度折合人民币17,000，已使用额度0。",
     dict(currency="USD")),
    ("fs:30989421975 (comment)", "信用卡", "2012年3月15日中国银行上海市分行发放的贷记卡（美元账户），截至2015年1月已销户。",
     dict(currency="USD", status=CLOSED, closed_on="2015-01", as_of="2015-01")),
    ("fs:42080192573 (销户 before 截至, no separators)", "信用卡",
     "2015年10月19日浦发银行信用卡中心发放的贷记卡（人民币账户）销户。截至2018年2月，信用额度46000，已使用额度2660。",
     dict(status=CLOSED, closed_on=None, as_of="2018-02", credit_limit=46000)),
    ("fs:23662216515", "贷款",
     "2003年2月18日中国建设银行黑龙江省哈尔滨市住房支行发放的80,000元（人民币）个人住房贷款，2006年9月已结清。",
     dict(status=SETTLED, closed_on="2006-09", business_type="个人住房贷款")),
    ("fs:23662216515 (ASCII comma and full stops)", "贷款",
     "2014年3月1日中国工商银行四川省分行营业部发放的440,000元（人民币）个人住房贷款,2034年3月1日到期.截至2016年2月，余额418,700.",
     dict(due=date(2034, 3, 1), as_of="2016-02", balance=418700)),
    ("fs:33437285005 (open balance, then 已转出)", "贷款",
     "2015年7月21日中国邮政储蓄银行安徽合肥市分行发放的490,000元（人民币）个人住房贷款，2045年7月21日到期。截至2016年9月，余额481,690。最近5年内有1个月处于逾期状态，没有发生过90天以上逾期。2016年8月已转出",
     dict(status=TRANSFERRED, closed_on="2016-08", balance=481690, overdue_months_5y=1)),
    ("spec §5.4 ex.17", "贷款",
     "2017年5月29日深圳前海微众银行股份有限公司发放的24,000元（人民币）个人消费贷款，2019年1月24日到期。截至2018年1月，余额14,400。",
     dict(balance=14400)),
    ("spec §5.4 ex.20", "贷款",
     "2012年6月12日奇瑞徽银汽车金融有限公司发放的42,240元（人民币）个人汽车贷款，2015年6月已结清。最近5年内有24个月处于逾期状态，没有发生过90天以上逾期。",
     dict(status=SETTLED, overdue_months_5y=24)),
    ("spec §5.4 ex.22", "信用卡",
     "2009年11月21日交通银行发放的贷记卡（人民币账户）。截至2019年3月，信用额度34,000，已使用额度0。最近5年内有6个月处于逾期状态，其中2个月逾期超过90天。",
     dict(overdue_months_5y=6)),
    ("spec §5.4 ex.25", "信用卡", "2002年12月30日中国建设银行北京市分行发放的准贷记卡（人民币账户），截至2016年5月已销户。",
     dict(family=SEMI, status=CLOSED, as_of="2016-05")),
    ("public 1st-gen HTML (spec §10, hoomsun)", "信用卡",
     "2009年5月9日中国银行发放的准贷记卡（人民币账户）。截至2018年2月，信用额度5,000，透支余额1,200。最近5年内有4个月透支超过60天，其中1个月透支超过90天。",
     dict(family=SEMI, balance=1200, overdue_months_5y=4)),
    ("public 1st-gen parser (spec §10)", "信用卡",
     "2009年11月21日交通银行发放的贷记卡（人民币账户）。截至2019年3月，信用额度34,000，已使用额度500，逾期金额300。",
     dict(status=OVERDUE)),
    ("public 1st-gen parser (spec §10)", "贷款",
     "2017年4月25日马上消费金融股份有限公司发放的1,500元（人民币）个人消费贷款，2018年10月25日到期。截至2018年1月，余额10，逾期金额10。最近5年内有2个月处于逾期状态，其中1个月逾期超过90天。",
     dict(status=OVERDUE, balance=10)),
]

# Forms seen in the wild that are read only in part: the account is kept, each clause no rule
# reads is a warning that names it.
PARTLY_READ = [
    ("fs:30989421975 (comment; 透支额度 and 透支超出60天 are not the report's words elsewhere)", "信用卡",
     "2007年6月30日中国银行北京分行发放的准贷记卡（美元账户）。截至2010年10月，信用额度10,000，透支额度5,000。最近5年内有6个月透支超出60天，其中3个月透支超过90天。",
     ["透支额度5,000", "最近5年内有6个月透支超出60天"]),
    ("fs:45325005138 (1st generation 详版 sentence with 业务号: another layout; its 截至 table is not read)", "贷款",
     "2009年08月12日商业银行“DN”发放的200,000元（人民币）个人住房贷款，业务号X，抵押担保，240期，按月归还，2029年08月11日到期。截至2016年12月12日，",
     ["业务号X", "抵押担保", "240期", "按月归还"]),
    ("fs:46675309445 (1st generation 详版 sentence; 已变成呆账 and 余额为 read)", "贷款",
     "2012年07月13日机构“PI”发放的80,000元（人民币）个人汽车贷款，业务号X，抵押担保，48期，按月归还,2016年07月13日到期。已变成呆账，最近一次还款日期为2013年03月25日，余额为72,140元。",
     ["业务号X", "抵押担保", "48期", "按月归还"]),
    ("fs:26378880509 (1st generation 详版 sentence; 已于…结清 read)", "贷款",
     "2003年04月01日机构“OM”发放的150,000元（人民币）其他贷款，业务号X，抵押担保，一次性归还,2004年04月01日到期。已于2004年04月结清。",
     ["业务号X", "抵押担保", "一次性归还"]),
    ("agent tests fs:58508377505 (synthetic wording: 授信额度/已用额度; 账户状态正常 read by the 详版 vocabulary)", "信用卡",
     "2024年01月01日某某银行股份有限公司发放的贷记卡（人民币账户），授信额度50,000元，已用额度10,000元，账户状态正常，当前无逾期。",
     ["授信额度50,000元", "已用额度10,000元"]),
]

# Forms whose head no rule reads: an error check, the item not counted.
NOT_READ = [
    ("DocMirror fs:61400930661 (a synthetic head: type before amount)", "贷款", "2024年1月1日甲银行发放的个人消费贷款1,000元。"),
]


def read(section: str, sentence: str):
    return SimplifiedParser().extract(TextDoc([HEADER + [section, *f"1.{sentence}".split("\n"), "查询记录"]]))


@pytest.mark.parametrize("source, section, sentence, expected", FORMS, ids=[f"{n}" for n in range(len(FORMS))])
def test_real_sentence_form(source, section, sentence, expected):
    report = read(section, sentence)
    assert [c.code for c in report.checks] == [], (source, report.checks)
    [a] = report.accounts
    for key, value in expected.items():
        assert getattr(a, key) == value, (source, key)


@pytest.mark.parametrize("source, section, sentence, unknown", PARTLY_READ)
def test_real_form_read_in_part_keeps_the_account_and_names_each_unread_clause(source, section, sentence, unknown):
    report = read(section, sentence)
    [a] = report.accounts
    if "已变成呆账" in sentence:
        assert (a.status, a.balance) == (BAD, 72140)
    if "已于2004年04月结清" in sentence:
        assert (a.status, a.closed_on, a.status_raw) == (SETTLED, "2004-04", "已结清")
    warnings = [c.message for c in report.checks if c.code == "unknown_clause"]
    assert len(warnings) == len(unknown) and all(u in w for u, w in zip(unknown, warnings))


@pytest.mark.parametrize("source, section, sentence", NOT_READ)
def test_real_form_with_an_unread_head_is_an_error(source, section, sentence):
    report = read(section, sentence)
    assert report.accounts == () and [c.code for c in report.checks] == ["unparsed_sentence"]


LIABILITIES = [
    ("agent tests fs:58508377505 (half-width punctuation)", "相关还款责任信息",
     "2024年04月01日，为上海某某电子商务有限公司(证件类型:中征码,证件号码:3201050000000001)在南京银行股份有限公司上海虹口支行办理的贷款承担相关还款责任，"
     "责任人类型为保证人，相关还款责任金额5,000,000(保证合同编号:D10023010H00010000000000000001)。截至2025年02月20日，贷款余额5,000,000(人民币元)。",
     dict(for_whom="企业", role="保证人", amount=5000000, balance=5000000, as_of="2025-02-20")),
    ("DocMirror fs:61647914961 (a loan type before 承担, 余额 without 贷款)", "相关还款责任信息",
     "2023年04月05日，为张某（证件类型：身份证，证件号码：110101199001010000）\n在示例商业银行办理的个人经营性贷款承担相关还款责任，责任人类型为保证人，\n"
     "相关还款责任金额50,000（保证合同编号：HT-001）。\n截至2025年03月，余额20,000（人民币元）。",
     dict(for_whom="个人", amount=50000, balance=20000, as_of="2025-03")),
    ("DocMirror fs:61400930661 (no contract number; 个人经营性贷款余额)", "相关还款责任信息",
     "2024年2月2日，为李某（证件类型：身份证，证件号码：110105194912310000）在乙银行办理的个人经营性贷款承担相关还款责任，责任人类型为保证人，"
     "相关还款责任金额2,000。截至2025年1月1日，个人经营性贷款余额1,000。",
     dict(amount=2000, balance=1000, as_of="2025-01-01")),
]


@pytest.mark.parametrize("source, section, sentence, expected", LIABILITIES, ids=["enterprise", "loan-type", "no-contract"])
def test_real_liability_form(source, section, sentence, expected):
    report = read(section, sentence)
    assert report.checks == () and report.accounts == ()
    [x] = report.liabilities
    for key, value in expected.items():
        assert getattr(x, key) == value, (source, key)


# --- 查询记录 rows as published ------------------------------------------------------------------

INQUIRY_HEAD = HEADER + ["查询记录"]
INQUIRIES = [
    ("DocMirror fs:56417740677", ["机构查询记录明细", "编号 查询日期 查询机构 查询原因", "1 2024年10月01日 示例商业银行 贷款审批",
                                  "2 2024年11月02日 示例商业银行 贷后管理", "个人查询记录明细",
                                  "1 2024年12月03日 本人查询（互联网个人信用信息服务平台）"],
     [Inquiry(date(2024, 10, 1), "示例商业银行", "贷款审批"), Inquiry(date(2024, 11, 2), "示例商业银行", "贷后管理"),
      Inquiry(date(2024, 12, 3), "本人", "本人查询（互联网个人信用信息服务平台）")]),
    ("DocMirror fs:61647914961", ["个人查询记录明细", "1 2025年04月06日 本人查询（商业银行网上银行）"],
     [Inquiry(date(2025, 4, 6), "本人", "本人查询（商业银行网上银行）")]),
    ("public 1st-gen HTML (spec §5.2: 查询操作员)", ["机构查询记录明细", "编号 查询日期 查询操作员 查询原因",
                                                 "1 2018年3月6日 招商银行/xyk0001 信用卡审批", "个人查询记录明细",
                                                 "编号 查询日期 查询操作员 查询原因", "1 2018年3月7日 本人 本人查询（互联网个人信用信息服务平台）"],
     [Inquiry(date(2018, 3, 6), "招商银行/xyk0001", "信用卡审批"),
      Inquiry(date(2018, 3, 7), "本人", "本人查询（互联网个人信用信息服务平台）")]),
]


@pytest.mark.parametrize("source, lines, want", INQUIRIES, ids=["2nd-gen", "online-bank", "1st-gen-operator"])
def test_real_inquiry_rows(source, lines, want):
    assert list(SimplifiedParser().extract(TextDoc([INQUIRY_HEAD + lines])).inquiries) == want


# --- 详版 label spellings ------------------------------------------------------------------------

D_HEAD = ["个人信用报告", "（本人版）", "报告编号：20250311040139000001 报告时间：2025.03.11 04:01:39", "三 信贷交易信息明细"]

DETAILED = [
    ("DocMirror fs:61415770751 (逾期31－60天 with a full-width hyphen; 状态 for 账户状态)", "（二）非循环贷账户", "账户1",
     [("管理机构", "账户标识", "开立日期", "到期日期", "借款金额", "账户币种"),
      ("重庆京东盛际小额贷款有限公司", "B10500000H0001000001", "2022.03.15", "2023.03.15", "5,000", "人民币元"),
      "截至2023年05月31日", ("状态", "五级分类", "余额", "剩余还款期数"), ("正常", "正常", "2,080", "5"),
      ("当前逾期期数", "当前逾期总额", "逾期31－60天未还本金", "逾期61－90天未还本金"), ("0", "0", "0", "0")],
     dict(status=OK, balance=2080, amount=5000, as_of="2023-05-31")),
    ("DocMirror tests (spec §3.5.2: card header, 币种)", "（五）贷记卡账户", "账户1（授信协议标识：B10500000H0001000002）（卡片尾号：2110）",
     [("发卡机构", "账户标识", "开立日期", "账户授信额度", "共享授信额度", "币种", "业务种类", "担保方式"),
      ("中国农业银行股份有限公司", "40321009999000000", "2016.01.13", "500", "0", "人民币元", "贷记卡", "信用/免担保"),
      "截至2023年05月31日", ("账户状态", "余额", "已用额度", "未出单的大额专项分期余额", "剩余分期期数"), ("正常", "300", "300", "0", "0")],
     dict(family=CARD, credit_limit=500, used=300, card_tail="2110", agreement_id="B10500000H0001000002")),
    ("DocMirror tests (spec §3.5.3: settled, text order reversed)", "（二）非循环贷账户", "账户2",
     [("管理机构", "账户标识", "开立日期", "到期日期", "借款金额", "账户币种"),
      ("深圳前海微众银行股份有限公司", "B10500000H0001000003", "2020.01.10", "2021.01.10", "10,000", "人民币元"),
      "截至2021年02月23日", ("账户状态", "账户关闭日期"), ("结清", "2021.02.23")],
     dict(status=SETTLED, closed_on="2021-02-23")),
    ("spec §3.5.3 (unactivated card sentence)", "（五）贷记卡账户", "账户1",
     [("发卡机构", "账户标识", "开立日期", "账户授信额度", "共享授信额度", "币种", "业务种类", "担保方式"),
      ("招商银行股份有限公司信用卡中心", "X1", "2025.01.15", "10,000", "10,000", "人民币元", "贷记卡", "信用/免担保"),
      "截至2025年06月30日，账户状态为“未激活”。"],
     dict(status=INACTIVE, as_of="2025-06-30")),
]


@pytest.mark.parametrize("source, section, heading, rows, expected", DETAILED, ids=["loan", "card", "settled", "inactive"])
def test_real_detailed_label_spellings(source, section, heading, rows, expected):
    report = DetailedParser().extract(TextDoc([D_HEAD + [section, heading, *rows, "四 查询记录"]]))
    [a] = report.accounts
    assert [c for c in report.checks if c.level == "error"] == [], source
    for key, value in expected.items():
        assert getattr(a, key) == value, (source, key)


def test_form_count():
    """The set holds this many distinct real forms (sentences, liabilities, inquiry tables, label sets)."""
    assert len({f[2] for f in FORMS}) == len(FORMS)
    assert len(FORMS) + len(PARTLY_READ) + len(NOT_READ) + len(LIABILITIES) + len(INQUIRIES) + len(DETAILED) >= 100
