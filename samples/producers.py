"""PDF producers other than plain reportlab: the same page, another text layer.

Real reports come from more than one producer, and the text engines read them differently (pdfium
drops a lone CJK glyph of a font that is neither embedded nor installed; a browser's text layer says
⼈ for 人). A producer changes how text is written, never where: layout, pages and the truth the
renderers return stay what plain reportlab gives, so parse(render(model)) == model still holds.

``reportlab``    plain reportlab: multi-character strings in the built-in CID font STSong-Light.
``mixed-fonts``  digits, Latin letters and ASCII punctuation in Helvetica, the rest in STSong-Light:
                 ``2019`` ``年`` ``10`` ``月`` are separate text-shows, lone CJK glyphs among them.
``per-glyph``    every glyph a text-show of its own, placed by its own ``Td``.
``embedded``     STSong-Light replaced after rendering by an embedded TrueType subset (AR PL UMing CN,
                 samples/fonts/) as a Type0 font, Identity-H, CIDToGIDMap Identity, with a ToUnicode
                 CMap; widths are STSong-Light's, so nothing moves.
``browser``      ``embedded`` with the ToUnicode CMap a browser printing with Noto CJK writes: the
                 glyphs of 人日月户立民 map to Kangxi / CJK-radical-supplement code points.

The first two are a text-object class the canvas hands out (``text_object``); the last two a pass
over the finished file with pikepdf (``finish``).
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.textobject import PDFTextObject

PRODUCERS = ("reportlab", "mixed-fonts", "per-glyph", "embedded", "browser")
CJK_FONT = "STSong-Light"  # the renderers' font (samples/pdfkit.py)
LATIN_FONT = "Helvetica"
FONT_FILE = Path(__file__).parent / "fonts" / "UMingCN-subset.ttf"

# What Chrome/Skia printing with Noto Sans/Serif CJK puts in the ToUnicode CMap for these glyphs:
# the font maps the radical code point to the same glyph, and the reverse lookup picks the radical.
BROWSER_RADICALS = {"人": "\u2f08", "日": "\u2f47", "月": "\u2f49", "户": "\u2f3e", "立": "\u2f74", "民": "\u2ea0"}


def _num(v: float) -> str:
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class TrackedText(PDFTextObject):
    """A text object that knows how far the current point is from the start of the line (the text
    line matrix): reportlab's ``_textOut`` does not track it, and a producer that places glyphs
    with ``Td`` must put the line matrix back where reportlab's next ``Td`` / ``T*`` expects it."""

    _run_x = 0.0  # current point − line start, in text space

    def setTextOrigin(self, x: float, y: float) -> None:  # noqa: N802 (reportlab's names)
        super().setTextOrigin(x, y)
        self._run_x = 0.0

    def setTextTransform(self, *args: float) -> None:  # noqa: N802
        super().setTextTransform(*args)
        self._run_x = 0.0

    def moveCursor(self, dx: float, dy: float) -> None:  # noqa: N802
        super().moveCursor(dx, dy)
        self._run_x = 0.0

    def textLine(self, text: str = "") -> None:  # noqa: N802
        super().textLine(text)
        self._run_x = 0.0

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N803
        super()._textOut(text, TStar)
        if TStar:
            self._run_x = 0.0

    def _advance(self, text: str) -> float:
        return pdfmetrics.stringWidth(text, self._fontname, self._fontsize) + getattr(self, "_charSpace", 0) * len(text)

    def _formatText(self, text: str) -> str:  # noqa: N802
        code = super()._formatText(text)
        self._run_x += self._advance(text)
        return code

    def _font_op(self, name: str) -> str:
        return f"{self._canvas._doc.getInternalFontName(name)} {_num(self._fontsize)} Tf {_num(self._leading)} TL"


class MixedFontsText(TrackedText):
    """ASCII runs in Helvetica, scaled (``Tz``) to the width STSong-Light gave them in the layout."""

    def _formatText(self, text: str) -> str:  # noqa: N802
        font = pdfmetrics.getFont(self._fontname)
        if not getattr(font, "_multiByte", False) or not text:
            return super()._formatText(text)
        out = []
        for run in _runs(text):
            if run[0].isascii():
                helv = pdfmetrics.stringWidth(run, LATIN_FONT, 1000)
                scale = 100.0 * pdfmetrics.stringWidth(run, self._fontname, 1000) / helv if helv else 100.0
                out += [self._font_op(LATIN_FONT), f"{_num(scale)} Tz", f"({self._canvas._escape(run)}) Tj", "100 Tz"]
            else:
                out += [self._font_op(self._fontname), f"({font.formatForPdf(run)}) Tj"]
        out.append(self._font_op(self._fontname))  # later text-shows expect the font they set
        self._run_x += self._advance(text)
        return " ".join(out)


class PerGlyphText(TrackedText):
    """One ``Td`` + ``Tj`` per glyph. ``Td`` moves the line start, so after the run it is moved
    back, and a glyph-less ``TJ`` carries the current point to the end of the run."""

    def _formatText(self, text: str) -> str:  # noqa: N802
        if not text:
            return super()._formatText(text)
        font = pdfmetrics.getFont(self._fontname)
        multi = getattr(font, "_multiByte", False)
        out = [self._font_op(self._fontname)] if multi else []
        x = self._run_x
        moved = 0.0  # how far the line start has been moved
        for ch in text:
            dx = float(_num(x - moved))
            if dx:
                out.append(f"{_num(dx)} 0 Td")
                moved += dx
            if multi:
                out.append(f"({font.formatForPdf(ch)}) Tj")
            else:
                out.append(PDFTextObject._formatText(self, ch))
            x += self._advance(ch)
        if moved:
            out.append(f"{_num(-moved)} 0 Td")
        out.append(f"[{_num(-x * 1000 / self._fontsize)}] TJ")  # from the line start to the run's end
        self._run_x = x
        return " ".join(out)


def _runs(text: str) -> list[str]:
    """``2019年10月`` → ``2019``, ``年``, ``10``, ``月``: ASCII and non-ASCII runs."""
    runs: list[str] = []
    for ch in text:
        if runs and runs[-1][-1].isascii() == ch.isascii():
            runs[-1] += ch
        else:
            runs.append(ch)
    return runs


TEXT_OBJECTS = {"mixed-fonts": MixedFontsText, "per-glyph": PerGlyphText}


def text_object(canvas: Any, x: float, y: float, direction: Any, producer: str) -> PDFTextObject:
    """The text object ``canvas.beginText`` hands out for ``producer``."""
    if producer not in PRODUCERS:
        raise ValueError(f"producer must be one of {PRODUCERS}")
    return TEXT_OBJECTS.get(producer, PDFTextObject)(canvas, x, y, direction=direction)


def finish(path: str, producer: str) -> None:
    """Rewrite the finished PDF at ``path`` for producers that change fonts after layout."""
    if producer in ("embedded", "browser"):
        embed_cjk_font(path, BROWSER_RADICALS if producer == "browser" else {})


# --- embedded TrueType, Identity-H --------------------------------------------------------------


def embed_cjk_font(path: str, tounicode: dict[str, str]) -> None:
    """Replace every STSong-Light font (UniGB-UCS2-H: text is UTF-16BE) by one embedded subset of
    the committed TrueType font, Identity-H: each string re-encoded as two-byte glyph ids.
    ``tounicode`` overrides what the ToUnicode CMap says for some characters."""
    import pikepdf

    pdf = pikepdf.open(path)
    pages = [(page.obj, pikepdf.parse_content_stream(page), _cjk_font_names(page.obj)) for page in pdf.pages]
    used: set[str] = set()
    for _, ops, names in pages:
        for _, operands in _cjk_text_shows(ops, names):
            for s in _strings(operands, pikepdf):
                used |= set(bytes(s).decode("utf-16-be"))
    if not used:
        pdf.close()
        return
    font_bytes, gids = _subset(frozenset(used))
    font = _type0_font(pdf, font_bytes, gids, tounicode)
    for page, ops, names in pages:
        if not names:
            continue
        for name in names:
            page.Resources.Font[name] = font
        shows = {id(ins) for ins, _ in _cjk_text_shows(ops, names)}
        out = [pikepdf.ContentStreamInstruction([_reencode(x, gids, pikepdf) for x in ins.operands], ins.operator)
               if id(ins) in shows else ins for ins in ops]
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    pdf.save(path + ".tmp", deterministic_id=True, compress_streams=True)
    pdf.close()
    Path(path + ".tmp").replace(path)


def _cjk_font_names(page: Any) -> set[str]:
    fonts = page.get("/Resources", {}).get("/Font", {})
    return {str(k) for k, f in fonts.items() if str(f.get("/BaseFont", "")).startswith("/" + CJK_FONT)}


def _cjk_text_shows(ops: list[Any], names: set[str]) -> list[tuple[Any, list[Any]]]:
    """The text-show instructions of a content stream drawn in one of the fonts ``names``."""
    current = None
    found = []
    for ins in ops:
        op = str(ins.operator)
        if op == "Tf":
            current = str(ins.operands[0])
        elif current in names and op in ("Tj", "TJ", "'", '"'):
            found.append((ins, list(ins.operands)))
    return found


def _strings(operands: list[Any], pikepdf: Any) -> list[Any]:
    out = []
    for x in operands:
        if isinstance(x, pikepdf.Array):
            out += [s for s in x if isinstance(s, pikepdf.String)]
        elif isinstance(x, pikepdf.String):
            out.append(x)
    return out


def _reencode(operand: Any, gids: dict[str, int], pikepdf: Any) -> Any:
    if isinstance(operand, pikepdf.String):
        text = bytes(operand).decode("utf-16-be")
        return pikepdf.String(b"".join(gids[ch].to_bytes(2, "big") for ch in text))
    if isinstance(operand, pikepdf.Array):
        return pikepdf.Array([_reencode(x, gids, pikepdf) for x in operand])
    return operand


@lru_cache(maxsize=32)
def _subset(chars: frozenset[str]) -> tuple[bytes, dict[str, int]]:
    """The committed font cut to ``chars``; and each character's glyph id in the cut."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONT_FILE), recalcTimestamp=False)
    cmap = font.getBestCmap()
    missing = sorted(ch for ch in chars if ord(ch) not in cmap)
    if missing:
        raise ValueError(f"{FONT_FILE.name} has no glyph for {''.join(missing)!r}: rerun samples/fonts/make_subset.py")
    options = subset.Options()
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = ["*"]
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(chars)))
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    cmap = font.getBestCmap()
    gids = {ch: font.getGlyphID(cmap[ord(ch)]) for ch in chars}
    return buf.getvalue(), gids


def _type0_font(pdf: Any, font_bytes: bytes, gids: dict[str, int], tounicode: dict[str, str]) -> Any:
    import pikepdf
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(font_bytes))
    k = 1000 / tt["head"].unitsPerEm
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(font_bytes).digest()[:6])
    base = pikepdf.Name(f"/{tag}+AR-PL-UMing-CN")
    head, hhea = tt["head"], tt["hhea"]
    descriptor = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=base, Flags=4, ItalicAngle=0, StemV=80,
        FontBBox=[round(v * k) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        Ascent=round(hhea.ascent * k), Descent=round(hhea.descent * k), CapHeight=round(hhea.ascent * k),
        FontFile2=pdf.make_stream(font_bytes, Length1=len(font_bytes))))
    by_gid = {gid: ch for ch, gid in gids.items()}
    if len(by_gid) != len(gids):
        raise ValueError("two characters share a glyph: the ToUnicode CMap cannot tell them apart")
    widths: list[Any] = []
    for gid in sorted(by_gid):  # STSong-Light's widths: the layout was measured with them
        widths += [gid, [round(pdfmetrics.stringWidth(by_gid[gid], CJK_FONT, 1000))]]
    cid_font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=base,
        CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"),
                                         Supplement=0),
        FontDescriptor=descriptor, DW=1000, W=widths, CIDToGIDMap=pikepdf.Name.Identity))
    cmap = _tounicode_cmap({gid: tounicode.get(ch, ch) for gid, ch in by_gid.items()})
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=base, Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=[cid_font], ToUnicode=pdf.make_stream(cmap)))


def _tounicode_cmap(mapping: dict[int, str]) -> bytes:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(mapping.items())
    for i in range(0, len(items), 100):
        chunk = items[i : i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{text.encode('utf-16-be').hex().upper()}>" for gid, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")
