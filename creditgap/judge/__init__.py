"""Judging: a ``Report`` → decisions: platforms for each lender, closure to-do and impact, the check-up, compare's verdicts."""
