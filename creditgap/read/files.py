"""A file's errors before any reader looks at it (missing, a folder, empty, not a PDF, not an image),
and the time limits' messages."""

from __future__ import annotations

from pathlib import Path

from ..errors import LimitError, PdfError, UsageError


def check_pdf_file(path: Path) -> None:
    """The errors a file has before any PDF library looks at it."""
    if not path.exists():
        raise UsageError(f"找不到文件：{path.name}。请检查路径和文件名。", f"File not found: {path.name}. Check the path.")
    if path.is_dir():
        raise UsageError(f"{path.name} 是文件夹，不是 PDF 文件。", f"{path.name} is a folder, not a PDF file.")
    if path.stat().st_size == 0:
        raise PdfError(f"文件 {path.name} 是空的（0 字节）。请重新下载报告。", f"{path.name} is empty (0 bytes). Download the report again.")
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise PdfError(
            f"{path.name} 不是 PDF 文件。请提供征信中心或银行给您的 PDF 原件。",
            f"{path.name} is not a PDF file. Use the PDF the credit centre or your bank gave you.",
        )


def check_image_file(path: Path) -> None:
    """The errors a file named as a page image has before it is decoded."""
    if not path.exists():
        raise UsageError(f"找不到文件：{path.name}。请检查路径和文件名。", f"File not found: {path.name}. Check the path.")
    if path.is_dir():
        raise UsageError(f"{path.name} 是文件夹，不是图片或 PDF 文件。", f"{path.name} is a folder, not an image or PDF file.")
    if not looks_like_image(path):
        raise UsageError(f"{path.name} 不是图片（JPG/PNG/TIFF）。几个文件一起给出时，须是同一份报告各页的图片。",
                         f"{path.name} is not an image (JPG/PNG/TIFF). Several files together must be the page images of one report.")


IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")


def looks_like_image(path: Path) -> bool:
    """True for a file whose first bytes say JPEG, PNG, TIFF, BMP, GIF or WebP."""
    try:
        with path.open("rb") as f:
            head = f.read(12)
    except OSError:
        return False
    return head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def ocr_time_limit_error(seconds: float) -> LimitError:
    return LimitError(f"文字识别（OCR）平均每页超过 {seconds:g} 秒仍未完成，已停止。确认无误后可用 --timeout 调高每页上限。",
                      f"OCR took more than {seconds:g} s a page and was stopped. If the file is right, raise the "
                      "per-page limit with --timeout.")


def time_limit_error(seconds: float) -> LimitError:
    return LimitError(f"读取超过 {seconds:g} 秒仍未完成，已停止。文件可能异常；确认无误后可用 --timeout 调高上限。",
                      f"Reading took more than {seconds:g} s and was stopped. The file may be malformed; "
                      "if it is right, raise the limit with --timeout.")
