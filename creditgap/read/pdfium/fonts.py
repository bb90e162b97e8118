"""Give pdfium a font for every glyph, so its text layer loses no character.

pdfium draws a non-embedded font (reportlab's STSong-Light, any predefined CMap, a non-embedded
Identity-H font) with a font it finds on the machine. On a machine without a CJK font (a bare
server, CI) it finds none, falls back to its built-in Latin fonts, and the CJK characters get
zero-height boxes or, in a one-character text object, vanish from the text page. pdfminer never
needs a glyph, so the two engines would disagree exactly where it matters.

The fix is a system-font handler (``FPDF_SetSystemFontInfo``) that replaces pdfium's own: every
font the PDF does not embed, except the standard Latin ones (pdfium's built-in faces), gets
``data/fallback.ttf``, one square glyph for the CJK ranges, ASCII and punctuation (built by
``tools/make_fallback_font.py``). System fonts are never used, so the reading is the same on
every machine, with or without CJK fonts. The square's shape is irrelevant: creditgap reads text,
never renders it, and character positions come from the PDF's own widths.

``CREDITGAP_PDFIUM_FONTS`` chooses, once per process, before pdfium opens any document:
``fallback`` (default) the square for every non-embedded, non-standard font; ``system`` pdfium's
default handler untouched (whatever the machine has); ``none`` no font at all, pdfium's behaviour
on a bare machine (for tests of the worst case: the guard must catch what it loses).
"""

from __future__ import annotations

import ctypes
import os
import re
from pathlib import Path
from typing import Any

ENV = "CREDITGAP_PDFIUM_FONTS"
MODES = ("fallback", "system", "none")
FONT_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "fallback.ttf"
FACE_NAME = b"CreditgapFallback"
# pdfium's own standard-14 faces (Foxit Sans/Serif/Fixed…) have the AFM metrics; a standard font
# without /Widths is laid out with its face's advances, so the square (1000 units wide) must never
# stand in for one: glyph positions inside a run would move.
_STANDARD = re.compile(rb"(?:[A-Z]{6}\+)?(?:Helvetica|Arial|Times|TimesNewRoman|Courier|CourierNew|Symbol|ZapfDingbats)"
                       rb"(?:MT|PSMT)?(?:[-,].*)?")
_TTCF = 0x74746366  # 'ttcf': pdfium asks whether the face is a collection before asking for the file

_installed: str | None = None
_handler: Any = None  # kept alive for the process: pdfium holds raw pointers into it


def mode() -> str:
    value = os.environ.get(ENV, "fallback").strip().lower() or "fallback"
    if value not in MODES:
        raise ValueError(f"{ENV} must be one of {MODES}, not {value!r}")
    return value


def installed() -> str | None:
    """The mode installed in this process, or None before ``ensure_installed()``."""
    return _installed


def ensure_installed() -> str:
    """Install the font handler for the mode of ``CREDITGAP_PDFIUM_FONTS``; idempotent.

    Call before the first ``pypdfium2.PdfDocument`` of the process: pdfium's font mapper caches
    what it found per font, so a handler installed later would not change fonts already mapped.
    """
    global _installed, _handler
    if _installed is not None:
        return _installed
    chosen = mode()
    if chosen != "system":
        _handler = _make_handler(chosen)
        _handler.setup()
    _installed = chosen
    return chosen


def _make_handler(chosen: str) -> Any:
    import pypdfium2

    data = FONT_PATH.read_bytes() if chosen == "fallback" else b""
    blob = ctypes.create_string_buffer(data, len(data) or 1)
    sentinel = ctypes.create_string_buffer(1)  # its address is the handle of our one face
    handle = ctypes.addressof(sentinel)

    class Fonts(pypdfium2.PdfSysfontBase):
        """The square face for every font the PDF does not embed, except the standard Latin ones
        (pdfium's built-in faces have their metrics). No system font is ever consulted, so what
        pdfium reads does not depend on the fonts a machine happens to have: with a CJK font
        installed, a lone space in a non-embedded CJK font gets no outline and is dropped; with
        the square it is kept, as pdfminer keeps it."""

        _keep = (blob, sentinel)

        def EnumFonts(self, _, mapper):
            return None  # pdfium learns of no installed font

        def MapFont(self, _, weight, italic, charset, pitch_family, face, exact):
            if chosen == "none":
                return None
            name = ctypes.cast(face, ctypes.c_char_p).value or b""
            return None if _STANDARD.fullmatch(name) else handle  # None: pdfium's built-in face

        def GetFont(self, _, face):
            return None

        def GetFontData(self, _, font, table, buffer, size):
            if font != handle:
                return super().GetFontData(_, font, table, buffer, size)
            if table == _TTCF or table != 0:
                return 0  # a plain TrueType file: only the whole file is ever handed out
            if buffer and size >= len(data):
                ctypes.memmove(buffer, blob, len(data))
            return len(data)

        def GetFaceName(self, _, font, buffer, size):
            if font != handle:
                return super().GetFaceName(_, font, buffer, size)
            if buffer and size > len(FACE_NAME):
                ctypes.memmove(buffer, FACE_NAME + b"\0", len(FACE_NAME) + 1)
            return len(FACE_NAME) + 1

        def GetFontCharset(self, _, font):
            if font != handle:
                return super().GetFontCharset(_, font)
            return 134  # GB2312: the square stands in for Chinese text

        def DeleteFont(self, _, font):
            if font != handle:
                return super().DeleteFont(_, font)
            return None

    return Fonts()
