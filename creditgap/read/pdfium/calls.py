"""pdfium calls given a second ctypes prototype that returns a plain int for a pointer.

Comparing text objects per character is then an int comparison, not a ctypes.cast; each call costs
about 1 us, and a page makes thousands of them.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c


def _fast(name: str, restype: Any, *argtypes: Any) -> Any:
    """A second ctypes prototype of a pdfium function, returning a plain int for a pointer."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value)


text_object = _fast("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
text_font = _fast("FPDFTextObj_GetFont", ctypes.c_void_p, ctypes.c_void_p)
char_unicode = _fast("FPDFText_GetUnicode", ctypes.c_uint, ctypes.c_void_p, ctypes.c_int)
char_origin = _fast("FPDFText_GetCharOrigin", ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
