"""The file's compressed streams, checked before any page is trusted.

A PDF whose page content was cut or corrupted still opens: pdfium and pdfminer both read a damaged
Flate stream up to the damage and say nothing, so a page can lose its last rows while every count
the report prints still agrees with what was read (a byte-mutation fuzz found such files). Each
Flate stream (after an ASCII85 or ASCIIHex stage, as reportlab writes them) is therefore inflated
once, at the byte level: one that does not reach its end, fails before it, or whose Adler-32
checksum does not match what it inflated to, is damage. The checksum counts too: a changed byte
inside a stream often still inflates to the end, into different content (a fuzz case lost the
last inquiry row that way), and only the checksum tells.

The same pass bounds what the file inflates to, before pdfium or pdfminer decodes anything: a few
kilobytes of nested Flate can inflate to gigabytes (a decompression bomb), and one stream listed
many times in a page's /Contents is decoded as many times. Each Flate stage is inflated in
chunks and only counted; past ``MAX_STREAM`` for one stream (``MAX_IMAGE`` for an image), past
``MAX_PAGE`` for the streams one /Contents names, or past ``MAX_DOCUMENT`` in all, the file is
refused as damaged or oversized (exit 3) at once. No credit report comes near these: a 39-page
详版 inflates to about 2 MB.
"""

from __future__ import annotations

import binascii
import re
import struct
import zlib
from typing import Iterator

from ..errors import PdfError

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_END = b"endstream"
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_DICT_REACH = 4096  # how far back from "stream" its dictionary may start
_CHUNK = 1 << 20
_MIB = 1 << 20
MAX_STREAM = 64 * _MIB  # one stream (page content, a font, an object stream), inflated
MAX_IMAGE = 256 * _MIB  # one image (a scanned page at 600 dpi in colour is about 100 MB)
MAX_PAGE = 64 * _MIB  # the content streams one page's /Contents lists, inflated, repeats counted
MAX_DOCUMENT = 1024 * _MIB  # every stream of the file, inflated
_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_CONTENTS = re.compile(rb"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
_REF = re.compile(rb"(\d+)\s+\d+\s+R")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")


class OversizedError(PdfError):
    """A stream, a page or the whole file inflates past the limits (a decompression bomb or damage)."""

    exit_code = 3
    zh = "这个 PDF 已损坏或内容过大（解压后远超一份征信报告），已停止读取。请重新下载报告。"
    en = "This PDF is damaged or oversized (it inflates far beyond any credit report) and was not read. Download the report again."


def oversized(what_zh: str, what_en: str, limit: int) -> OversizedError:
    return OversizedError(f"这个 PDF 已损坏或内容过大：{what_zh}解压后超过 {limit // _MIB} MB（一份征信报告只有几 MB），已停止读取。"
                          "请重新下载报告。",
                          f"This PDF is damaged or oversized: {what_en} inflates to over {limit // _MIB} MB (a credit report "
                          "is a few MB) and was not read. Download the report again.")


_A85_DIGITS = bytes(c - 33 if 33 <= c <= 117 else 255 for c in range(256))  # '!'..'u' → 0..84
_WHITESPACE = b" \t\n\r\x0b\x0c"


def _ascii85(raw: bytes) -> bytes:
    """ASCII85 decoded three times faster than base64.a85decode (reportlab writes every stream so)."""
    body = raw.strip()
    if body.startswith(b"<~"):
        body = body[2:]
    end = body.find(b"~>")
    if end < 0:
        raise ValueError("ASCII85 stream without its end marker")
    body = body[:end].translate(None, _WHITESPACE).replace(b"z", b"!!!!!")
    pad = -len(body) % 5
    digits = (body + b"u" * pad).translate(_A85_DIGITS)
    if 255 in digits:
        raise ValueError("not an ASCII85 character")
    groups = iter(digits)
    words = [(((a * 85 + b) * 85 + c) * 85 + d) * 85 + e for a, b, c, d, e in zip(groups, groups, groups, groups, groups)]
    if words and max(words) > 0xFFFFFFFF:
        raise ValueError("ASCII85 group out of range")
    out = struct.pack(f">{len(words)}I", *words)
    return out[:len(out) - pad] if pad else out


def _ascii_hex(raw: bytes) -> bytes:
    end = raw.find(b">")
    if end < 0:
        raise ValueError("ASCIIHex stream without its end marker")
    digits = re.sub(rb"\s", b"", raw[:end])
    return binascii.unhexlify(digits + b"0" * (len(digits) % 2))


def _inflated(raw: bytes, stages: int, cap: int, keep: bool) -> tuple[bool, int, bytes]:
    """Inflate ``raw`` through ``stages`` Flate stages in chunks: (the first stage reached its end
    and its checksum, bytes out of the last stage, those bytes when ``keep``). Stops past ``cap``."""
    first = zlib.decompressobj()
    pieces: Iterator[bytes] = _pieces(first, iter((raw,)))
    for _ in range(stages - 1):
        pieces = _pieces(zlib.decompressobj(), pieces)
    size, kept = 0, []
    try:
        for piece in pieces:
            size += len(piece)
            if size > cap:
                return True, size, b""
            if keep:
                kept.append(piece)
    except zlib.error:
        return False, size, b""
    return first.eof, size, b"".join(kept)


def _pieces(inflater: zlib._Decompress, source: Iterator[bytes]) -> Iterator[bytes]:
    for chunk in source:
        pending = chunk
        while pending and not inflater.eof:
            out = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if out:
                yield out
            while len(out) == _CHUNK and not pending and not inflater.eof:  # output still held inside zlib
                out = inflater.decompress(b"", _CHUNK)
                if out:
                    yield out
        if inflater.eof:
            return


def _filters(data: bytes, stream_at: int) -> list[bytes]:
    head = data[max(0, stream_at - _DICT_REACH):stream_at]
    obj = head.rfind(b"obj")
    m = _FILTER.search(head, obj + 3 if obj >= 0 else 0)
    return _NAME.findall(m.group(1)) if m else []


def damaged_streams(data: bytes) -> int:
    """How many Flate streams of ``data`` are cut short or corrupt before their end.

    Raises:
        OversizedError: a stream, a page's content or the whole file inflates past the limits.
    """
    damaged = 0
    total = 0
    sizes: dict[int, int] = {}  # object number → inflated size of its stream
    objstm: list[bytes] = []  # object streams inflated: page dictionaries can be inside
    at = 0
    while (m := _STREAM.search(data, at)) is not None:
        start = m.end()
        end = data.find(_END, start)
        end = len(data) if end < 0 else end
        at = end + len(_END)
        raw = data[start:end]
        head = data[max(0, m.start() - _DICT_REACH):m.start()]
        names = _filters(data, m.start())
        for n, name in enumerate(names):
            try:
                if name in (b"ASCII85Decode", b"A85"):
                    raw = _ascii85(raw)
                elif name in (b"ASCIIHexDecode", b"AHx"):
                    raw = _ascii_hex(raw)
                elif name in (b"FlateDecode", b"Fl"):
                    image = _IMAGE.search(head, head.rfind(b"obj") + 1) is not None
                    cap = min(MAX_IMAGE if image else MAX_STREAM, MAX_DOCUMENT - total)
                    stages = 1 + sum(1 for later in names[n + 1:] if later in (b"FlateDecode", b"Fl"))
                    keep = _OBJSTM.search(head, head.rfind(b"obj") + 1) is not None
                    whole, size, out = _inflated(raw, stages, cap, keep)
                    if size > cap:
                        if total + size > MAX_DOCUMENT:
                            raise oversized("整个文件", "the whole file", MAX_DOCUMENT)
                        raise oversized("其中一个数据流", "one of its streams", MAX_IMAGE if image else MAX_STREAM)
                    total += size
                    if (obj := _last_obj(head)) is not None:
                        sizes[obj] = size
                    if out:
                        objstm.append(out)
                    if not whole:
                        damaged += 1
                    break
                else:
                    break  # an image or another codec: nothing to check here
            except ValueError:  # binascii.Error is one
                damaged += 1
                break
    _check_pages(data, objstm, sizes)
    return damaged


def _last_obj(head: bytes) -> int | None:
    found = None
    for found in _OBJ.finditer(head):
        pass
    return int(found.group(1)) if found is not None else None


def _check_pages(data: bytes, objstm: list[bytes], sizes: dict[int, int]) -> None:
    """A page whose /Contents lists streams that together inflate past MAX_PAGE (one stream listed
    a thousand times is decoded a thousand times)."""
    for text in (data, *objstm):
        for m in _CONTENTS.finditer(text):
            if sum(sizes.get(int(ref), 0) for ref in _REF.findall(m.group(1))) > MAX_PAGE:
                raise oversized("一页的内容", "one page's content", MAX_PAGE)
