"""The fast engine: a page's rows and lines on pypdfium2 alone, the same ``Item``s pdfplumber gives, and the check that it lost nothing."""
