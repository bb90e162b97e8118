"""The pdfium path alone, as a whole process: creditgap.pdfium_items.read_items on every page.

    python bench/pdfium_read.py REPORT.pdf

What `analyze` costs for reading once pdftext routes a trusted page to pdfium (bench_parse.py times it
beside the floor); imports only pypdfium2 and the module (pdftext's own imports included).
"""

import sys

from creditgap import pdfium_fonts

pdfium_fonts.ensure_installed()

import pypdfium2  # noqa: E402

from creditgap.pdfium_items import read_items  # noqa: E402

doc = pypdfium2.PdfDocument(sys.argv[1])
for i in range(len(doc)):
    read_items(doc, i)
doc.close()
