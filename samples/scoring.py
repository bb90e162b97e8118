"""How well an analyze JSON shows a sample's truth, field by field (the OCR tests and bench).

``score`` pairs the read's records with the truth's and compares every printed field. A wrong value
counts as flagged only when the read names that very field as doubtful (issue 26): the record's
``doubts`` (``"balance"``), or ``ocr_doubts.fields`` for the header, summary and inquiries
(``"report.subject_id"``, ``"inquiries[4].reason"``). A record lost makes a read that calls itself
complete untrustworthy; a partial read answers for lost records, never for wrong values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


# Each field of the analyze JSON (to_json, --show-pii) that the report prints, and its class.
FIELDS: dict[str, dict[str, str]] = {
    "accounts": {"lender": "lender", "opened": "date", "due": "date", "as_of": "date", "closed_on": "date",
                 "amount": "amount", "credit_limit": "amount", "balance": "amount", "used": "amount",
                 "account_id": "id", "agreement_id": "id", "card_tail": "id", "family": "other",
                 "status": "other", "business_type": "other", "overdue_months_5y": "other", "currency": "other"},
    "agreements": {"lender": "lender", "effective": "date", "expires": "date", "limit": "amount", "cap": "amount",
                   "used": "amount", "agreement_id": "id", "purpose": "other", "currency": "other"},
    "liabilities": {"lender": "lender", "opened": "date", "as_of": "date", "amount": "amount", "balance": "amount",
                    "for_whom": "other", "role": "other"},
    "inquiries": {"date": "date", "institution": "lender", "reason": "other"},
}
HEADER = {"report_no": "id", "report_time": "date", "subject_id": "id", "subject_name": "other"}
CLASSES = ("amount", "date", "id", "lender", "other", "summary")


_WIDTH = str.maketrans("()", "（）")


def same(want: Any, got: Any) -> bool:
    """Equal, brackets of either width being one (report-format.md §4.4: a report prints 本人查询（…）
    and names with full- or half-width brackets, and no conclusion depends on which)."""
    if isinstance(want, str) and isinstance(got, str):
        return want.translate(_WIDTH) == got.translate(_WIDTH)
    return bool(want == got)


@dataclass(frozen=True)
class FieldRead:
    where: str  # "accounts[A3]", "report", "summary"
    name: str
    cls: str
    want: Any
    got: Any
    flagged: bool  # the read names this very field as doubtful (its record's ``doubts``, or ``ocr_doubts.fields``)

    @property
    def ok(self) -> bool:
        return same(self.want, self.got)


@dataclass
class Score:
    """A read (analyze JSON) against the truth, field by field."""

    fields: list[FieldRead]
    records: dict[str, tuple[int, int]]  # kind → (in the truth, found in the read)
    extra: list[tuple[str, bool]]  # records the read has and the truth has not, and whether each is flagged
    complete: bool
    todo_equal: bool

    def accuracy(self, cls: str) -> tuple[int, int]:
        """(exact, total) of the fields of class ``cls``."""
        of = [f for f in self.fields if f.cls == cls]
        return sum(f.ok for f in of), len(of)

    def rate(self, cls: str) -> float:
        exact, total = self.accuracy(cls)
        return exact / total if total else 1.0

    def recall(self, kind: str = "accounts") -> float:
        want, found = self.records.get(kind, (0, 0))
        return found / want if want else 1.0

    @property
    def wrong(self) -> list[FieldRead]:
        return [f for f in self.fields if not f.ok]

    @property
    def unflagged(self) -> list[FieldRead]:
        """Wrong fields the read does not warn about: each one a possible false conclusion."""
        return [f for f in self.wrong if not f.flagged]

    @property
    def trustworthy(self) -> bool:
        """No false conclusion: every wrong value is flagged, and a record the read lost or invented
        makes the read partial (an invented record may instead carry its own ``ocr_doubt``)."""
        lost = any(found < want for want, found in self.records.values())
        return not self.unflagged and (not self.complete or not (lost or self.unflagged_extra))

    @property
    def unflagged_extra(self) -> list[str]:
        return [label for label, flagged in self.extra if not flagged]


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else k))
        return out
    return {prefix: value}


def _pair(want: list[dict[str, Any]], got: list[dict[str, Any]], names: dict[str, str]) -> list[tuple[int, int]]:
    """Truth records paired with read records: most agreeing fields first (the same ref breaks ties);
    a pair needs two agreeing fields."""
    scored = []
    for i, w in enumerate(want):
        for j, g in enumerate(got):
            agree = sum(same(w.get(k), g.get(k)) for k in names) + 0.5 * (w.get("ref") is not None and w.get("ref") == g.get("ref"))
            if agree >= 2:
                scored.append((-agree, i, j))
    pairs, used_w, used_g = [], set(), set()
    for _, i, j in sorted(scored):
        if i not in used_w and j not in used_g:
            pairs.append((i, j))
            used_w.add(i)
            used_g.add(j)
    return pairs


def todo_keys(todo: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """A to-do list as comparable keys (platform, lender, action, accounts, agreements), sorted."""
    return sorted(((t["platform"], t["lender"], t["action"], tuple(t["accounts"]), tuple(t["agreements"])) for t in todo),
                  key=repr)


def score(read: dict[str, Any], truth: dict[str, Any], todo: list[dict[str, Any]] | None = None) -> Score:
    """Compare ``read`` (analyze JSON with --show-pii, or ``to_json(report, show_pii=True)``) with
    ``truth`` (a samples/<name>.truth.json). ``todo``: the to-do list to compare the read's with
    (default: the truth's ``expected_todo``).

    A value counts as flagged only when the read names its field as doubtful: the record's
    ``doubts`` list, or ``ocr_doubts.fields`` for the header, summary and inquiries. A partial read
    flags nothing by itself: it answers only for the records it lost."""
    complete = bool(read.get("complete", True))
    places = set((read.get("ocr_doubts") or {}).get("fields", ()))
    fields: list[FieldRead] = []
    for name, cls in HEADER.items():
        fields.append(FieldRead("report", name, cls, truth["report"].get(name), read["report"].get(name),
                                f"report.{name}" in places))
    records: dict[str, tuple[int, int]] = {}
    extra: list[tuple[str, bool]] = []
    for kind, names in FIELDS.items():
        want, got = truth.get(kind, []), read.get(kind, [])
        pairs = _pair(want, got, names)
        records[kind] = (len(want), len(pairs))
        matched = dict(pairs)
        for i, w in enumerate(want):
            label = f"{kind}[{w.get('ref', i + 1)}]"
            g = got[matched[i]] if i in matched else None
            for name, cls in names.items():
                if g is None:
                    flag = not complete  # a lost record: a partial read answers for it
                elif kind == "inquiries":
                    flag = f"inquiries[{matched[i] + 1}].{name}" in places
                else:
                    flag = name in (g.get("doubts") or ())
                fields.append(FieldRead(label, name, cls, w.get(name), None if g is None else g.get(name), flag))
        for j in sorted(set(range(len(got))) - set(matched.values())):
            extra.append((f"{kind}[{got[j].get('ref', j + 1)}]", not complete or bool(got[j].get("ocr_doubt"))))
    want_sum = _flat(truth.get("summary", {}))
    got_sum = {k.translate(_WIDTH): v for k, v in _flat(read.get("summary", {})).items()}
    places = {p.translate(_WIDTH) for p in places}
    for key, value in want_sum.items():
        key = key.translate(_WIDTH)
        fields.append(FieldRead("summary", key, "summary", value, got_sum.get(key), f"summary.{key}" in places))
    fields = [f for f in fields if f.want is not None or f.got is not None]  # a blank read as blank says nothing
    expected = truth.get("expected_todo", []) if todo is None else todo
    return Score(fields, records, extra, complete, todo_keys(read.get("todo", [])) == todo_keys(expected))
