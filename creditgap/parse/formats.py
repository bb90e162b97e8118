"""Credit reports the layout parsers do not read, named for what they are (issue 22, items 6 and 8).

- The 一代 详版 (report-format.md §7.5): printed before 2020 from the branch query system, often
  from a browser. Named as the pre-2020 format, exit 6: closures show only on a current report.
- A text layer that does not decode (§7.6): the glyphs are right but every Chinese character maps
  to a wrong code point (a broken ToUnicode, a re-encoded copy). Digits, dates and the 22-digit
  报告编号 survive. Such a file is a credit report to read by OCR, not "not a credit report".
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

from .. import fields as F
from ..model import Check

# --- 一代 详版 ---------------------------------------------------------------------------------

# 个人信用报告（明细）: the 一代 详版's title in the branch query system
FIRST_GEN_TITLE = re.compile(r"个人信用报告[(（]明细[)）]")
# the 一代 names of the 授信及负债信息概要 tables (二代: 非循环贷账户信息汇总, 贷记卡账户信息汇总 …)
FIRST_GEN_SUMMARIES = ("未结清贷款信息汇总", "未销户贷记卡信息汇总", "未销户准贷记卡信息汇总")
# a browser's page furniture: "Page 1 of 6", "页码，1/6", an intranet address in the footer
BROWSER_FURNITURE = re.compile(r"Page\d+of\d+|页码[,，:：]?\d+/\d+|https?://", re.IGNORECASE)
# what only a 二代 详版 prints
SECOND_GEN_DETAILED = ("本人版", "信贷交易授信及负债信息概要", "非循环贷账户", "贷记卡账户信息汇总")

FIRST_GEN_DETAILED = (
    "这是 2020 年以前旧版式（一代）的详版个人信用报告，creditgap 不读这种版式；而且销户、结清后的变化只会显示在新版报告上。"
    "请重新获取一份当前的报告：在人民银行征信中心柜台或自助查询机打印详版，或在征信中心网站、银行 App、云闪付下载简版。",
    "This is a detailed credit report in the format used before 2020, which creditgap does not read; closures "
    "show only on a current report. Get a new one: print the 详版 at a credit reference center counter or "
    "self-service kiosk, or download the 简版 from the credit reference center website, a bank app or UnionPay (云闪付).",
)


def first_gen_detailed(text: str) -> bool:
    """True for the first pages of a 一代 详版: its title or its summary tables' names, or a browser
    print with the 详版's 个人基本信息 section and nothing only a 二代 详版 prints."""
    flat = F.squash(text)
    if "个人信用报告" not in flat or "企业信用报告" in flat:
        return False
    if FIRST_GEN_TITLE.search(flat) or any(name in flat for name in FIRST_GEN_SUMMARIES):
        return True
    return (bool(BROWSER_FURNITURE.search(flat)) and "个人基本信息" in flat
            and not any(m in flat for m in SECOND_GEN_DETAILED))


# --- a text layer that does not decode --------------------------------------------------------

# a 22-digit 报告编号: both generations begin it with the report date (二代: the report time)
REPORT_NUMBER = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})\d{14}(?!\d)")
# what any readable credit report prints on its first pages
VOCABULARY = ("信用报告", "报告编号", "报告时间", "姓名", "证件", "信息概要", "查询")
MIN_UNREADABLE = 40  # characters of garbled text: a report's first page prints hundreds of Chinese characters
UNREADABLE_SHARE = 0.5  # of the text outside ASCII; readable Chinese has a few %, garbled text most of it

UNDECODED_NO_OCR = (
    "这份报告的文字层无法解码（数字和日期可读，汉字全是乱码：字体编码损坏，或是转存过的副本）。"
    "要用文字识别读取它，请安装 OCR 组件：pip install 'creditgap[ocr]'；或重新下载报告原件。",
    "This report's text layer does not decode (digits and dates read, every Chinese character is garbled: a broken "
    "font encoding or a re-saved copy). To read it by OCR, install the OCR extra: pip install 'creditgap[ocr]'; "
    "or download the original report again.",
)
UNDECODED_OCR_OFF = (
    "这份报告的文字层无法解码（汉字全是乱码），而 OCR 已关闭。请重新下载报告原件。",
    "This report's text layer does not decode (every Chinese character is garbled), and OCR is off. "
    "Download the original report again.",
)
UNDECODED_READ_BY_OCR = (
    "这份报告的文字层无法解码（汉字全是乱码），已按页面图像用文字识别（OCR）读取；标 ? 的内容请对照报告核对。",
    "This report's text layer does not decode (every Chinese character is garbled); it was read by OCR from the "
    "page images. Check the values marked ? against the report.",
)


@functools.lru_cache(maxsize=8192)  # a report uses a few thousand characters, over and over
def _common(ch: str) -> bool:
    """A character readable Chinese text is made of: the 3,755 common hanzi (GB 2312 level 1, rows
    16–55, which cover over 99 % of running text), or full-width and CJK punctuation. Garbled text
    is spread over the whole ideograph block (a fifth of it common) or is not Chinese at all."""
    try:
        code = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and (0xB0 <= code[0] <= 0xD7 or code[0] in (0xA1, 0xA3))


def garbled(flat: str) -> bool:
    """Plenty of text outside ASCII where Chinese should be, most of it not common Chinese."""
    wide = [ch for ch in flat if not ch.isascii()]
    unreadable = sum(1 for ch in wide if not _common(ch))
    return unreadable >= MIN_UNREADABLE and unreadable >= UNREADABLE_SHARE * len(wide)


def undecoded_pages(doc: Any) -> list[Check]:
    """Pages of a report that was read whose own text does not decode (a font or its encoding lost
    on that page alone): what they hold was not read, whatever the rest of the report says."""
    ocr = set(getattr(doc, "ocr_pages", ()))
    pages = [i + 1 for i in range(doc.page_count)
             if i not in ocr and garbled(F.squash("".join(item.joined() for item in doc.lines(i))))]
    if not pages:
        return []
    named = "、".join(map(str, pages[:5]))
    return [Check("error", "page_undecoded",
                  f"第 {named} 页的文字无法解码（汉字是乱码）：这些页上的内容没有读到，请重新下载报告原件",
                  f"The text of page(s) {', '.join(map(str, pages[:5]))} does not decode (garbled Chinese): "
                  "what they hold was not read; download the original report again")]


def undecoded_text_layer(doc: Any) -> bool:
    """True when a PDF no layout recognised is a credit report whose text layer does not decode:
    an A4 or Letter portrait page; a 22-digit number beginning with a date that the text also prints
    as a date (the 报告编号 and the 报告时间); plenty of text outside ASCII where the Chinese was, most
    of it not common Chinese, and not one word of a credit report's vocabulary."""
    size = getattr(doc, "page_size", None)
    if size is None:
        return False
    first = size(0)
    if first is None:
        return False
    width, height = first
    if not (500 <= width <= 650 and 700 <= height <= 900):
        return False
    text = doc.first_text()
    flat = F.squash(text)
    if any(word in flat for word in VOCABULARY) or not garbled(flat):
        return False
    for m in REPORT_NUMBER.finditer(flat):
        year, month, day = (int(g) for g in m.groups())
        try:
            date(year, month, day)
        except ValueError:
            continue
        if re.search(rf"(?<!\d){year}\D{month:02d}\D{day:02d}(?!\d)", text):
            return True
    return False
