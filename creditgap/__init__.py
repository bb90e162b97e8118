"""creditgap: read a PBOC personal credit report, find what is still open, say how to close it.

    >>> from creditgap import analyze_report
    >>> result = analyze_report("report.pdf")          # doctest: +SKIP
    >>> [(t.platform, t.action) for t in result.todo]  # doctest: +SKIP
"""

from .analysis import analyze_files, analyze_report, compare_files
from .compare import compare
from .errors import CreditgapError
from .layouts import parse_report
from .lenders import Matcher, match_lender
from .model import Account, Agreement, Family, Inquiry, Report, Status, TodoItem, to_json
from .rules import analyze

__all__ = [
    "Account", "Agreement", "CreditgapError", "Family", "Inquiry", "Matcher", "Report", "Status", "TodoItem",
    "analyze", "analyze_files", "analyze_report", "compare", "compare_files", "match_lender", "parse_report", "to_json",
]
