"""creditgap: read a PBOC personal credit report, find what is still open, say how to close it."""

from .errors import CreditgapError
from .layouts import parse_report
from .model import Account, Agreement, Family, Inquiry, Report, Status, to_json

__all__ = ["Account", "Agreement", "CreditgapError", "Family", "Inquiry", "Report", "Status", "parse_report", "to_json"]
