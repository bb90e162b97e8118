"""The pdfium engine against pdfplumber (the reference), and the fonts pdfium is given."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# --- fonts: a non-embedded CJK font must not lose characters on a machine without CJK fonts ---

def _one_char_objects_pdf(path: Path) -> None:
    """The repro of the partial-read issue: three text objects, two of one character."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    t = c.beginText(72, 700)
    t.setFont("STSong-Light", 9)
    t.textOut("年")
    t.textOut("月")
    t.textOut("日x")
    c.drawText(t)
    c.save()


_PROBE = textwrap.dedent("""
    import json, sys
    from creditgap import pdfium_fonts
    mode = pdfium_fonts.ensure_installed()
    assert pdfium_fonts.ensure_installed() == mode  # idempotent
    import pypdfium2
    out = {"mode": mode}
    for path in sys.argv[1:]:
        doc = pypdfium2.PdfDocument(path)
        page = doc[0]
        tp = page.get_textpage()
        n = tp.count_chars()
        heights = [tp.get_charbox(i)[3] - tp.get_charbox(i)[1] for i in range(n) if tp.get_text_range(i, 1).strip()]
        out[path] = {"text": tp.get_text_range(), "min_height": min(heights) if heights else 0}
        tp.close(); page.close(); doc.close()
    print(json.dumps(out))
""")


def _probe(env_mode: str | None, *paths: Path) -> dict:
    import os

    env = dict(os.environ)
    env.pop("CREDITGAP_PDFIUM_FONTS", None)
    if env_mode is not None:
        env["CREDITGAP_PDFIUM_FONTS"] = env_mode
    out = subprocess.run([sys.executable, "-c", _PROBE, *map(str, paths)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_fallback_font_brings_back_every_character(tmp_path):
    repro = tmp_path / "repro.pdf"
    _one_char_objects_pdf(repro)
    online = ROOT / "samples" / "detailed-online.pdf"
    got = _probe(None, repro, online)
    assert got["mode"] == "fallback"
    assert got[str(repro)]["text"] == "年月日x"
    assert got[str(repro)]["min_height"] > 1  # real boxes, not pdfium's zero-height placeholders
    assert "男" in got[str(online)]["text"] and "额" in got[str(online)]["text"]


def test_none_mode_is_the_bare_machine(tmp_path):
    repro = tmp_path / "repro.pdf"
    _one_char_objects_pdf(repro)
    got = _probe("none", repro)
    assert got["mode"] == "none"
    assert got[str(repro)]["text"] != "年月日x"  # the worst case the guard exists for


def test_bad_mode_is_refused(monkeypatch):
    from creditgap import pdfium_fonts

    monkeypatch.setenv("CREDITGAP_PDFIUM_FONTS", "bogus")
    with pytest.raises(ValueError):
        pdfium_fonts.mode()
