"""A hostile corpus, made on the fly: PDFs and to-do files built to hurt a reader (issue 24).

Each maker writes a small file (a few KB on disk, however much it inflates to) and returns its
path. The PDFs are written object by object with a correct xref, so that every reader opens them
and meets the trap where a real attack would put it. Used by tests/test_hostile.py and
bench/bench_hostile.py.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf(objects: list[bytes], root: int = 1, extra_trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object n is objects[n-1]) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, extra_trailer, xref)
    return bytes(out)


def stream(data: bytes, filters: int = 1, extra: bytes = b"") -> bytes:
    """A stream object's body, ``data`` Flate-compressed ``filters`` times (0: uncompressed)."""
    for _ in range(filters):
        data = zlib.compress(data, 9)
    names = b"[" + b" /FlateDecode" * filters + b" ]" if filters else b"[]"
    return b"<< /Length %d /Filter %s %s>>\nstream\n" % (len(data), names, extra) + data + b"\nendstream"


def _repeated_deflate(piece: bytes, count: int) -> bytes:
    """Raw deflate of ``piece`` repeated ``count`` times, made without compressing it all: after a
    full flush, each repetition compresses to the same bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(piece) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * count + packer.flush()


def _zeros_flate(size: int) -> bytes:
    """``size`` zero bytes (a multiple of 1 MiB) as a zlib stream, checksum included (the Adler-32
    of n zero bytes is (n mod 65521) << 16 | 1)."""
    raw = _repeated_deflate(bytes(1 << 20), size >> 20)
    return b"\x78\xda" + raw + (((size % 65521) << 16) | 1).to_bytes(4, "big")


def one_page(content: bytes, page_extra: bytes = b"", more: list[bytes] | None = None) -> bytes:
    """catalog, pages, one page with ``content`` as object 4 (a full stream object), a font as 5."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
                b"/Contents 4 0 R " + page_extra + b">>",
                content, FONT, *(more or [])])


TEXT = stream(b"BT /F1 12 Tf 72 720 Td (Personal credit report) Tj ET")


def reference_loop(folder: Path) -> Path:
    """/LastModified names an object that is a reference to itself: pdfminer resolves it for ever.
    A text object at font size 0 (pdfium gives it no character) makes creditgap's guard hand the
    page to pdfplumber, where the loop is."""
    content = stream(b"BT /F1 12 Tf 72 720 Td (Personal credit report) Tj ET BT /F1 0 Tf 72 700 Td (zero) Tj ET")
    path = folder / "loop.pdf"
    path.write_bytes(one_page(content, b"/LastModified 6 0 R", [b"6 0 R"]))
    return path


def nested_bomb(folder: Path, gib: int = 4) -> Path:
    """Two Flate stages: a few KB that inflate to about ``gib`` GiB of page content."""
    inner = _zeros_flate(gib << 30)
    data = zlib.compress(inner, 9)
    body = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(data) + data + b"\nendstream"
    path = folder / "bomb-nested.pdf"
    path.write_bytes(one_page(body))
    return path


def repeated_contents(folder: Path, times: int = 2000) -> Path:
    """One 1 MB content stream (1 KB deflated) listed ``times`` times in the page's /Contents."""
    data = _zeros_flate(1 << 20)
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    path = folder / "bomb-repeated.pdf"
    contents = b"[" + b" 4 0 R" * times + b" ]"
    raw = one_page(body).replace(b"/Contents 4 0 R", b"/Contents " + contents)
    path.write_bytes(_fix_xref(raw))
    return path


def text_bomb(folder: Path, glyphs: int = 1_000_000) -> Path:
    """One page showing ``glyphs`` glyphs (a few KB deflated)."""
    line = b"(" + b"A" * 1000 + b") Tj 0 -1 Td\n"
    # and a text object at size 0, which makes the guard send the page to pdfplumber (as in reference_loop)
    content = b"BT /F1 1 Tf 10 800 Td 1 TL\n" + line * (glyphs // 1000) + b"ET BT /F1 0 Tf 72 700 Td (zero) Tj ET"
    path = folder / "text-bomb.pdf"
    path.write_bytes(one_page(stream(content)))
    return path


def deep_nesting(folder: Path, depth: int = 100_000) -> Path:
    """An array nested ``depth`` deep in the page dictionary, and a form XObject that draws itself."""
    form = stream(b"/Fm1 Do", 1, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 6 0 R >> >> ")
    content = stream(b"BT /F1 12 Tf 72 720 Td (Personal credit report) Tj ET /Fm1 Do")
    raw = pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> "
               b"/XObject << /Fm1 6 0 R >> >> /Contents 4 0 R /Deep " + b"[" * depth + b"]" * depth + b" >>",
               content, FONT, form])
    path = folder / "deep.pdf"
    path.write_bytes(raw)
    return path


def _fix_xref(raw: bytes) -> bytes:
    """Rebuild the xref of a PDF written by ``pdf`` after an object's text changed length."""
    import re

    objects = [m.group(1) for m in re.finditer(rb"\d+ 0 obj\n(.*?)\nendobj\n", raw, re.S)]
    return pdf(objects)


# --- to-do files -------------------------------------------------------------------------------

_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                  b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                  b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
                  b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                  b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                  b'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
                  b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
             b'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="todo" '
             b'sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
_SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = b"</sheetData></worksheet>"
_HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>账户</t></is></c><c r="B1" t="inlineStr"><is><t>办理日期</t></is></c>'
               '</row>').encode()


def _workbook(path: Path, sheet: bytes | tuple[bytes, int, int], shared: bytes | tuple[bytes, int, int] | None = None) -> Path:
    """A workbook written part by part; ``shared`` may come deflated already: (raw deflate, CRC-32, size)."""
    parts: list[tuple[str, bytes, int, int]] = []
    for name, data in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WORKBOOK),
                       ("xl/_rels/workbook.xml.rels", _WB_RELS), ("xl/worksheets/sheet1.xml", sheet),
                       ("xl/sharedStrings.xml", shared or b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')):
        if isinstance(data, tuple):
            parts.append((name, *data))
        else:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            parts.append((name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)))
    out, central = bytearray(), bytearray()
    for name, raw, crc, size in parts:
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(raw), size, len(name.encode()), 0)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(raw), size,
                               len(name.encode()), 0, 0, 0, 0, 0, len(out)) + name.encode()
        out += local + name.encode() + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def huge_shared_string(folder: Path, gib: int = 1) -> Path:
    """A workbook of about 1 MB whose one shared string is ``gib`` GiB (checksum and sizes right)."""
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    tail = b"</t></si></sst>"
    piece = b"A" * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(piece) + packer.flush(zlib.Z_FULL_FLUSH)
    raw = start + block * (gib << 10) + packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(gib << 10):
        crc = zlib.crc32(piece, crc)
    crc = zlib.crc32(tail, crc)
    sheet = _SHEET_HEAD + _HEADER_ROW + b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>' + _SHEET_TAIL
    return _workbook(folder / "shared-string.xlsx", sheet, (raw, crc, len(head) + (gib << 30) + len(tail)))


def million_rows(folder: Path, rows: int = 1_000_000) -> Path:
    """A workbook of ``rows`` rows and no <dimension>: the reader cannot know the size beforehand."""
    sheet = _SHEET_HEAD + _HEADER_ROW
    row = b'<row><c><v>1</v></c></row>'  # 26 bytes a row
    tail = _SHEET_TAIL
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    per = 10_000
    start = packer.compress(sheet) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(row * per) + packer.flush(zlib.Z_FULL_FLUSH)
    raw = start + block * (rows // per) + packer.compress(tail) + packer.flush()
    crc = zlib.crc32(sheet)
    for _ in range(rows // per):
        crc = zlib.crc32(row * per, crc)
    crc = zlib.crc32(tail, crc)
    size = len(sheet) + len(row) * per * (rows // per) + len(tail)
    return _workbook(folder / "million-rows.xlsx", (raw, crc, size))


def malformed_sheet(folder: Path) -> Path:
    """A workbook whose sheet1.xml is not well-formed XML."""
    return _workbook(folder / "malformed.xlsx", _SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>账户</t></c>'.encode())


def big_csv(folder: Path, mib: int = 200) -> Path:
    """A to-do CSV of ``mib`` MiB of plausible rows (written in pieces)."""
    path = folder / "big.csv"
    row = "D1,微粒贷,深圳前海微众银行股份有限公司,close,2025-08-02\n".encode()
    block = row * ((1 << 20) // len(row) + 1)
    with path.open("wb") as f:
        f.write("\ufeff账户,平台,放款机构,操作,办理日期\n".encode())
        for _ in range(mib):
            f.write(block)
    return path


PDF_MAKERS = {"loop": reference_loop, "nested-bomb": nested_bomb, "repeated-contents": repeated_contents,
              "text-bomb": text_bomb, "deep-nesting": deep_nesting}
def many_rows(folder: Path) -> Path:
    """100,000 rows without <dimension> in 2.6 MB of sheet: small enough that the row limit speaks."""
    return million_rows(folder, 100_000).rename(folder / "many-rows.xlsx")


TODO_MAKERS = {"shared-string": huge_shared_string, "million-rows": million_rows, "many-rows": many_rows,
               "malformed": malformed_sheet, "big-csv": big_csv}


def allocate(size: int, progress: object = None) -> int:
    """A worker job that asks for ``size`` bytes at once (the memory limit's test)."""
    return len(bytearray(size))
