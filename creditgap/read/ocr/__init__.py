"""The OCR engine (the extra ``creditgap[ocr]``, offline): page images → words → table cells and lines → repaired ``Item``s."""
