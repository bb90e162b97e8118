"""Scanned and photographed reports, read offline (the optional extra ``creditgap[ocr]``).

Stages, one module each: ``images`` (a PDF page rendered, or an image file loaded; deskew and
orientation) → ``engine`` (rapidocr with the models inside its wheel: words with boxes and scores)
→ ``grid`` (详版 ruling lines found in the image; words assigned to cells; empty inked cells
recognised alone) → ``repair`` (field formats checked, certain confusions repaired, doubts kept)
→ ``source`` (the same ``Item``s the text paths give, so the layout parsers never know the text
came from OCR). Nothing here touches the network.
"""
