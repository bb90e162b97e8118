"""Parsing: ``Item``s → a ``Report``, by the layout (详版, 简版) that recognises the document, with the checks on the reading."""
