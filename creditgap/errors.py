"""One exception tree; every class carries the exit code of contract.md and a message in zh and en.

The CLI catches only CreditgapError and prints ``message(lang)`` as one line. Messages never
contain the subject's name or ID number.
"""

from __future__ import annotations


class CreditgapError(Exception):
    """Root of every error creditgap raises on purpose."""

    exit_code = 1
    zh = "处理失败。"
    en = "Processing failed."

    def __init__(self, zh: str | None = None, en: str | None = None) -> None:
        self.zh_text = zh or self.zh
        self.en_text = en or self.en
        super().__init__(self.en_text)

    def message(self, lang: str = "zh") -> str:
        return self.zh_text if lang == "zh" else self.en_text


class UsageError(CreditgapError):
    """Bad arguments, a missing input file or an output that would be overwritten."""

    exit_code = 2
    zh = "用法错误。运行 creditgap --help 查看用法。"
    en = "Usage error. Run creditgap --help."


class PdfError(CreditgapError):
    """The file is not a PDF, or pdfplumber could not read it."""

    exit_code = 3
    zh = "这个文件不是 PDF，或者已损坏。请重新下载征信报告 PDF 后再试。"
    en = "This file is not a PDF or is damaged. Download the credit report PDF again and retry."


class PasswordRequiredError(PdfError):
    """The PDF is encrypted and no password was given."""

    exit_code = 4
    zh = "这个 PDF 有密码。请用 --password 提供密码（通常在发送报告的短信或邮件里）。"
    en = "This PDF is password-protected. Pass it with --password (usually in the SMS or e-mail that sent the report)."


class WrongPasswordError(PdfError):
    """The PDF is encrypted and the password given does not open it."""

    exit_code = 4
    zh = "密码不对，无法打开这个 PDF。请核对 --password 后再试。"
    en = "Wrong password for this PDF. Check --password and retry."


class NoTextLayerError(PdfError):
    """The PDF has pages but no text: a scan or a photo (OCR not installed, or it read nothing)."""

    exit_code = 5
    zh = "这个 PDF 没有文字层（是扫描件或照片）。要识别它，请安装 OCR 组件：pip install 'creditgap[ocr]'，或使用电子版报告（PDF 原件）。"
    en = ("This PDF has no text layer (a scan or photo). To read it, install the OCR extra: pip install 'creditgap[ocr]', "
          "or use the original electronic report PDF.")


class LayoutError(CreditgapError):
    """A readable PDF that is not a PBOC personal credit report of a supported layout."""

    exit_code = 6
    zh = "这不是一份可识别的个人信用报告（人行征信）。"
    en = "This is not a recognisable PBOC personal credit report."


class UnknownLayoutError(LayoutError):
    """No layout parser recognised the document."""


class LimitError(CreditgapError):
    """The document exceeds a safety limit the user can raise (--max-pages, --timeout)."""

    exit_code = 2
    zh = "文件超出处理上限。"
    en = "The file exceeds a processing limit."


class LenderDataError(CreditgapError):
    """A mapping CSV is missing columns or cannot be read."""

    exit_code = 2
    zh = "机构映射表无法读取。"
    en = "The lender mapping file cannot be read."
