"""The file's compressed streams, checked before any page is trusted.

A PDF whose page content was cut or corrupted still opens: pdfium and pdfminer both read a damaged
Flate stream up to the damage and say nothing, so a page can lose its last rows while every count
the report prints still agrees with what was read (a byte-mutation fuzz found such files). Each
Flate stream (after an ASCII85 or ASCIIHex stage, as reportlab writes them) is therefore inflated
once, at the byte level: one that does not reach its end, fails before it, or whose Adler-32
checksum does not match what it inflated to, is damage. The checksum counts too: a changed byte
inside a stream often still inflates to the end, into different content (a fuzz case lost the
last inquiry row that way), and only the checksum tells.
"""

from __future__ import annotations

import binascii
import re
import struct
import zlib

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_END = b"endstream"
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_DICT_REACH = 4096  # how far back from "stream" its dictionary may start
_CHUNK = 1 << 20


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


def _inflates_whole(raw: bytes) -> bool:
    inflater = zlib.decompressobj()
    try:
        pending = raw
        while pending and not inflater.eof:
            inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
    except zlib.error:
        return False
    return inflater.eof


def _filters(data: bytes, stream_at: int) -> list[bytes]:
    head = data[max(0, stream_at - _DICT_REACH):stream_at]
    obj = head.rfind(b"obj")
    m = _FILTER.search(head, obj + 3 if obj >= 0 else 0)
    return _NAME.findall(m.group(1)) if m else []


def damaged_streams(data: bytes) -> int:
    """How many Flate streams of ``data`` are cut short or corrupt before their end."""
    damaged = 0
    at = 0
    while (m := _STREAM.search(data, at)) is not None:
        start = m.end()
        end = data.find(_END, start)
        end = len(data) if end < 0 else end
        at = end + len(_END)
        raw = data[start:end]
        for name in _filters(data, m.start()):
            try:
                if name in (b"ASCII85Decode", b"A85"):
                    raw = _ascii85(raw)
                elif name in (b"ASCIIHexDecode", b"AHx"):
                    raw = _ascii_hex(raw)
                elif name in (b"FlateDecode", b"Fl"):
                    if not _inflates_whole(raw):
                        damaged += 1
                    break
                else:
                    break  # an image or another codec: nothing to check here
            except ValueError:  # binascii.Error is one
                damaged += 1
                break
    return damaged
