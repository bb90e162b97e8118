"""Golden outputs: the CLI's JSON, to-do CSV, workbook cells and terminal text for every committed
sample and pair are byte-identical to ``tests/golden/out``.

These goldens are a refactoring safety net, made from the code as it was before the package moved
into layers (issue 23): they are not a truth about the reports (the samples' ``*.truth.json`` and
the tests against them are), only a record of what users saw, so that moving code changes none of
it. Regenerate them only on purpose, when an output is meant to change (``python -m
tests.golden.make``, and say so in the commit), never to make this test pass.
"""

from __future__ import annotations

import json

import pytest

from tests.golden.make import EXIT_CODES, OUT, cases, run

CASES = cases()


def test_every_golden_file_has_a_case_and_every_case_its_files():
    made = {name for case in CASES for name in [f"{case.name}.{case.suffix}", *case.files.values()]}
    kept = {p.name for p in OUT.iterdir()} - {EXIT_CODES.name}
    assert made == kept
    assert set(json.loads(EXIT_CODES.read_text(encoding="utf-8"))) == kept


@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}.{c.suffix}" for c in CASES])
def test_the_output_is_byte_identical_to_its_golden(case):
    codes = json.loads(EXIT_CODES.read_text(encoding="utf-8"))
    code, outputs = run(case)
    for name, data in outputs.items():
        assert codes[name] == code, f"{name}: exit code"
        golden = (OUT / name).read_bytes()
        if data != golden:  # the first differing line, to say what changed
            got, want = data.decode("utf-8").splitlines(), golden.decode("utf-8").splitlines()
            line = next((n for n, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            pytest.fail(f"{name} differs at line {line + 1}: {got[line:line + 1]} != {want[line:line + 1]}")
