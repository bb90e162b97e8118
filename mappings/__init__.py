"""Bundled reference data (lender → platform, platform closure steps), installed as creditgap.mappings."""
