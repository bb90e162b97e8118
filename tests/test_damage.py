"""Damage the PDF libraries read past in silence: a cut or changed content stream, a page whose own
text does not decode. Each makes the reading partial and says so (found by the byte-mutation fuzz)."""

from __future__ import annotations

import base64
import zlib

import pikepdf

from creditgap.parse.layouts import parse_report
from creditgap.read.streams import damaged_streams
from tests.helpers import SAMPLES

CONTENT = b"BT /F1 12 Tf 72 720 Td (hello) Tj ET\n" * 40


def stream(body: bytes, filters: str = "/FlateDecode") -> bytes:
    return b"1 0 obj\n<< /Length %d /Filter %s >>\nstream\n%s\nendstream\nendobj\n" % (len(body), filters.encode(), body)


def test_a_whole_stream_is_not_damage():
    flate = zlib.compress(CONTENT)
    assert damaged_streams(stream(flate)) == 0
    assert damaged_streams(stream(base64.a85encode(flate) + b"~>", "[ /ASCII85Decode /FlateDecode ]")) == 0
    assert damaged_streams(stream(flate.hex().encode() + b">", "/ASCIIHexDecode /FlateDecode")) == 0
    assert damaged_streams(stream(b"\xff\xd8\xff\xe0 a JPEG", "/DCTDecode")) == 0  # not Flate: not ours to judge


def test_ascii85_reads_as_the_standard_library_does():
    from creditgap.read.streams import _ascii85

    for n in range(0, 40):
        data = bytes(range(256))[n * 5 % 200:][:n] + b"\0" * (n % 9)  # every tail length, runs of zeros (z)
        assert _ascii85(base64.a85encode(data, wrapcol=17) + b"~>") == data


def test_a_cut_stream_is_damage():
    flate = zlib.compress(CONTENT)
    assert damaged_streams(stream(flate[: len(flate) // 2])) == 1
    assert damaged_streams(stream(base64.a85encode(flate)[:-20], "[ /ASCII85Decode /FlateDecode ]")) == 1


def test_a_changed_byte_is_damage_even_when_it_still_inflates():
    flate = bytearray(zlib.compress(CONTENT, 0))  # stored blocks: any byte of the text can change
    flate[40] ^= 0x01
    assert zlib.decompressobj().decompress(bytes(flate[:-4]))  # it inflates to the end, into other text
    assert damaged_streams(stream(bytes(flate))) == 1  # only the checksum tells


def test_every_committed_sample_is_whole():
    for pdf in SAMPLES.glob("*.pdf"):
        assert damaged_streams(pdf.read_bytes()) == 0, pdf.name


def test_a_damaged_content_stream_makes_the_reading_partial(tmp_path):
    path = tmp_path / "cut.pdf"
    with pikepdf.open(SAMPLES / "detailed-online.pdf") as pdf:
        page = pdf.pages[len(pdf.pages) - 1]
        raw = page.Contents.read_raw_bytes()
        page.Contents.write(raw[: len(raw) * 2 // 3], filter=page.Contents.Filter, decode_parms=page.Contents.get("/DecodeParms"))
        pdf.save(path, compress_streams=False)
    report = parse_report(path)
    assert not report.complete
    assert "damaged_file" in {c.code for c in report.checks}


def test_a_page_whose_text_does_not_decode_makes_the_reading_partial(tmp_path):
    """The last page's font encoding lost (its ToUnicode map points elsewhere): the rest reads, that
    page's inquiries do not, and the report says so instead of listing fewer inquiries."""
    from samples.scans import render_embedded
    from samples.undecoded import garble_tounicode

    embedded, path = tmp_path / "embedded.pdf", tmp_path / "last-page-garbled.pdf"
    render_embedded("detailed-online", embedded)
    whole = parse_report(embedded)
    assert whole.complete
    assert garble_tounicode(embedded, path, "ideographs", pages=[-1]) > 0
    report = parse_report(path)
    assert not report.complete
    [check] = [c for c in report.checks if c.code == "page_undecoded"]
    assert f"第 {whole.source.pages} 页" in check.message
