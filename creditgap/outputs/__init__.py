"""Outputs: decisions → what people read and keep: terminal text, JSON, CSV, the workbook, and the to-do file read back."""
