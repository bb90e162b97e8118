"""Files people keep: a target checked before the work, written atomically; the optional openpyxl."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ..errors import UsageError


def check_target(path: Path, force: bool = False) -> None:
    """A file name, in a folder that exists, and not an existing file unless ``force``."""
    if path.is_dir():
        raise UsageError(f"{path} 是文件夹，请给出文件名。", f"{path} is a folder; give a file name.")
    if path.exists() and not force:
        raise UsageError(f"{path.name} 已存在。加 --force 覆盖，或换一个文件名。",
                         f"{path.name} already exists. Add --force to overwrite it, or choose another name.")
    if not path.parent.exists():
        raise UsageError(f"文件夹不存在：{path.parent}", f"Folder does not exist: {path.parent}")


def write_bytes_file(path: Path, content: bytes, force: bool = False) -> None:
    """Write atomically (temporary file, then rename); never replace an existing file without ``force``."""
    check_target(path, force)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_file(path: Path, content: str, force: bool = False, bom: bool = True) -> None:
    """``write_bytes_file`` for text: UTF-8, with a BOM unless told otherwise (Excel reads it as UTF-8)."""
    write_bytes_file(path, content.encode("utf-8-sig" if bom else "utf-8"), force)


def openpyxl_module() -> Any:
    """openpyxl (the ``xlsx`` and ``web`` extras), or one line naming the install to run."""
    try:
        import openpyxl
    except ImportError:  # the core install has no openpyxl
        raise UsageError("写 Excel 文件需要 openpyxl。请运行：pip install 'creditgap[xlsx]'",
                         "Writing Excel files needs openpyxl. Run: pip install 'creditgap[xlsx]'") from None
    return openpyxl
