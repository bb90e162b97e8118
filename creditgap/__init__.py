"""creditgap: read a PBOC personal credit report, find what is still open, say how to close it.

    >>> from creditgap import analyze_report
    >>> result = analyze_report("report.pdf")          # doctest: +SKIP
    >>> [(t.platform, t.action) for t in result.todo]  # doctest: +SKIP
"""

# The public API, imported on first use (PEP 562): `creditgap --help` and a worker process should
# not pay for the whole pipeline before they need it.
_EXPORTS = {
    "analyze_files": "api", "analyze_report": "api", "compare_files": "api", "compare": "judge.compare",
    "CreditgapError": "errors", "parse_report": "parse.layouts", "Matcher": "lenders", "match_lender": "lenders",
    "Account": "model", "Agreement": "model", "Family": "model", "Inquiry": "model", "Report": "model",
    "Status": "model", "TodoItem": "model", "to_json": "model", "analyze": "judge.rules",
}


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Account", "Agreement", "CreditgapError", "Family", "Inquiry", "Matcher", "Report", "Status", "TodoItem",
    "analyze", "analyze_files", "analyze_report", "compare", "compare_files", "match_lender", "parse_report", "to_json",
]
