"""The report's own words that several layers read: the 详版's label vocabulary.

The 详版 parser pairs values with these labels; OCR repair leaves them alone (a label is not a value
to repair). Data at the bottom of the package, so that neither layer borrows it from the other.
"""

from __future__ import annotations

from . import fields as F

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


def norm_label(text: str | None) -> str:
    return F.ascii_punct(F.squash(text))
