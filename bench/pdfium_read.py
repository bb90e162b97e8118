"""The pdfium path alone, as a whole process: creditgap.read.pdfium.page.read_items on every page.

    python bench/pdfium_read.py REPORT.pdf

What `analyze` costs for reading once read.document routes a trusted page to pdfium (bench_parse.py times it
beside the floor); imports only pypdfium2 and the modules (read's own imports included).
"""

import sys

from creditgap.read.pdfium import fonts as pdfium_fonts

pdfium_fonts.ensure_installed()

import pypdfium2  # noqa: E402

from creditgap.read.pdfium.page import read_items  # noqa: E402

doc = pypdfium2.PdfDocument(sys.argv[1])
for i in range(len(doc)):
    read_items(doc, i)
doc.close()
