"""What every output says the same way: labels, the masked subject, the header, partial-read and OCR notes.

The terminal, the workbook, the CSV and the page all take their words from here, so that one report
reads the same wherever it is shown.
"""

from __future__ import annotations

from ..judge.rules import ACTION_LABELS
from ..model import Account, Family, Header, Report, TodoItem, mask_id, mask_name


FAMILY_LABELS = {
    "zh": {Family.RECOVERED: "被追偿", Family.LOAN: "非循环贷", Family.REVOLVING_SUB: "循环贷一",
           Family.REVOLVING: "循环贷二", Family.CREDIT_CARD: "贷记卡", Family.SEMI_CREDIT_CARD: "准贷记卡"},
    "en": {Family.RECOVERED: "recovered", Family.LOAN: "loan", Family.REVOLVING_SUB: "revolv-sub",
           Family.REVOLVING: "revolving", Family.CREDIT_CARD: "card", Family.SEMI_CREDIT_CARD: "semi-card"},
}


def header_lines(report: Report, lang: str = "zh", show_pii: bool = False) -> list[str]:
    h = report.header
    name, id_no = subject(h, show_pii)
    when = h.report_time.strftime("%Y-%m-%d %H:%M") if h.report_time else "--"
    layout = {"detailed": ("详版", "detailed"), "simplified": ("简版", "simplified")}[h.layout][lang == "en"]
    open_accounts = [a for a in report.accounts if a.is_open]
    if lang == "en":
        return [f"Report {h.report_no or '--'} ({layout}, generation {h.generation}), printed {when}",
                f"Subject {name}  ID {id_no}",
                f"{len(report.accounts)} accounts, {len(open_accounts)} open; {len(report.agreements)} credit agreements; "
                f"{len(report.inquiries)} inquiries"]
    return [f"报告编号 {h.report_no or '--'}（{layout}，{h.generation}代）  报告时间 {when}",
            f"姓名 {name}  证件号码 {id_no}",
            f"共 {len(report.accounts)} 个账户，其中未结清/未销户 {len(open_accounts)} 个；授信协议 {len(report.agreements)} 个；"
            f"查询记录 {len(report.inquiries)} 条"]


STATUS_ZH = {"normal": "正常", "overdue": "逾期", "settled": "结清", "closed": "销户", "transferred": "转出",
             "bad_debt": "呆账", "inactive": "未激活", "frozen": "冻结", "stopped": "止付", "other": "其他"}


def subject(h: Header, show_pii: bool = False) -> tuple[str, str]:
    """(name, ID number) of a report's subject: masked unless ``show_pii``, "--" where not printed."""
    name = h.subject_name if show_pii else mask_name(h.subject_name)
    id_no = h.subject_id if show_pii else mask_id(h.subject_id)
    return name or "--", id_no or "--"


def status_text(a: Account, lang: str) -> str:
    """As printed in the Chinese view (a 简版 prints no status word: the status in Chinese)."""
    return str(a.status) if lang == "en" else (a.status_raw or STATUS_ZH.get(str(a.status), str(a.status)))


# --- OCR doubts (issue 18) -------------------------------------------------------------------


def doubtful_refs(report: Report) -> frozenset[str]:
    """Refs of the accounts, agreements and liabilities read by OCR with a doubtful value."""
    records = (*report.accounts, *report.agreements, *report.liabilities)
    return frozenset(r.ref for r in records if r.ocr_doubt)


def marked_ref(ref: str, doubtful: frozenset[str]) -> str:
    """``A3?`` for a record read with doubt (``doubtful``: the report's ``doubtful_refs``), ``A3`` otherwise."""
    return ref + "?" if ref in doubtful else ref


def todo_doubtful(item: TodoItem, doubtful: frozenset[str]) -> bool:
    return not doubtful.isdisjoint(item.accounts + item.agreements)


OCR_READ = (
    "第 {pages} 页没有文字层，是用文字识别（OCR）读出的。",
    "Page(s) {pages} had no text layer and were read by OCR.",
)
OCR_DOUBT = (
    "标 ? 的账户由文字识别（OCR）读出，其中有内容存疑：办理前请对照纸质报告核对。",
    "Items marked ? were read by OCR with doubt: check them against the paper before acting.",
)
OCR_REASON = ("（识别存疑：OCR 读出的内容可能有误，请对照纸质报告核对）", " (read by OCR with doubt: check against the paper)")


def ocr_line(report: Report, lang: str = "zh") -> str:
    """One line saying which pages were read by OCR; "" for a report read from its text layer."""
    pages = report.source.ocr_pages if report.source else ()
    if not pages:
        return ""
    sep = "、" if lang == "zh" else ", "
    return OCR_READ[lang == "en"].format(pages=sep.join(map(str, pages)))


VIA_LABELS = {"exact": "全称", "alias": "简称/曾用名", "core": "名称主体", "fuzzy": "近似"}  # how a name matched (zh view)
# Where a lender–platform pair comes from (lenders.SOURCE_KINDS), as the ``lenders`` view names it.
SOURCE_KIND_LABELS = {
    "zh": {"own_channel": "自有渠道", "institution_list": "机构合作名单", "platform_list": "平台名单/协议",
           "research": "项目整理", "news": "新闻报道"},
    "en": {"own_channel": "own channel", "institution_list": "lender's list", "platform_list": "platform's list",
           "research": "research", "news": "news"},
}


PARTIAL_READ = (
    "【只读出了一部分】这份报告有内容没有读出来（见下面的“错误”）。下面的待办清单可能不完整，"
    "不能据此认为没有别的账户要关闭。建议：重新下载报告 PDF 原件再试一次；或者换另一个版本（详版/简版）的报告。",
    "[READ IN PART] Part of this report could not be read (see the errors below). The to-do list may be "
    "incomplete: do not conclude that nothing else needs closing. Download the original PDF again and retry, "
    "or try the other version of the report (详版 / 简版).",
)


def action_label(action: str, lang: str) -> str:
    return ACTION_LABELS.get(action, (action, action))[lang == "en"]


def impact_line(report: Report, lang: str = "zh") -> str:
    i = report.impact
    if i is None:
        return ""
    if lang == "en":
        return (f"Closing these takes open accounts from {i.open_accounts_before} to {i.open_accounts_after}, "
                f"open credit from ¥{i.open_credit_limit_before:,} to ¥{i.open_credit_limit_after:,}, "
                f"lenders from {i.lenders_before} to {i.lenders_after} (a repay-then-close item counts once repaid "
                "and closed; settling a bad record closes nothing here).")
    return (f"全部办完后：未结清/未销户账户从 {i.open_accounts_before} 个降到 {i.open_accounts_after} 个，"
            f"授信额度从 ¥{i.open_credit_limit_before:,} 降到 ¥{i.open_credit_limit_after:,}，"
            f"机构从 {i.lenders_before} 家降到 {i.lenders_after} 家（“先还清再关闭”按还清并关闭计算；先处理逾期/不良记录的不计为关闭）。")


VERDICT_TITLES = {
    "unverified": ("无法核实（有一份报告没有读全）", "Cannot be verified (a report was read only in part)"),
    "not_found": ("没有在新报告中找到，请人工核对", "Not found in the new report: check by hand"),
    "still_open": ("仍未关闭", "Still open"),
    "pending": ("等待更新", "Waiting for the report to update"),
    "confirmed": ("已确认关闭", "Confirmed closed"),
    "reopened": ("重新开立", "Reopened"),
    "gone": ("已结清的账户不再列出", "Settled accounts no longer listed"),
    "new_account": ("新增账户", "New accounts"),
}
