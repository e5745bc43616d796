"""The compiled cell checks (used to validate and load) agree with the Pydantic models they are
compiled from: whatever the fast path accepts, model_validate accepts, and the reverse."""

import pytest
from pydantic import ValidationError

from nrcdata.cells import check_row, field_checks
from nrcdata.csvio import format_cell
from nrcdata.models import MODELS

# cell texts chosen to hit every rule: empty, NA markers, spaces, control characters, formula
# leads, lengths, numbers at and past bounds, dates, booleans, codes and near-codes
BANK = ["", "NA", "N/A", "null", " x", "x ", "a\tb", "a\nb", "=1+1", "+1", "-1", "@x", "x", "ab",
        "a" * 41, "a" * 201, "a" * 2001, "0", "1", "74", "75", "104", "105", "-5", "1.5", "true",
        "false", "TRUE", "yes", "2006-02-28", "2006-02-30", "2006-2-28", "C1001", "C1", "C12345678",
        "E001", "E1", "M001", "N001", "phase1", "phase4", "fn11a", "fn", "RU", "ru", "RUS",
        "adomeit", "Adomeit", "snake_case", "author", "reported", "fact", "positive", "member",
        "[1992-23,1993-21]", "1992-23", "<http://x>", "“quoted”"]


def _pydantic_accepts(model, values) -> bool:
    try:
        model.model_validate(values)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("table", sorted(MODELS))
def test_fast_checks_agree_with_the_models(table, dataset):
    model = MODELS[table]
    rows = dataset.tables[table]
    assert rows, table
    base = [format_cell(getattr(rows[0], name)) for name in model.model_fields]
    checked = 0
    for i, check in enumerate(field_checks(model)):
        for text in BANK:
            cells = list(base)
            cells[i] = text
            values, problems = check_row(model, cells)
            if any(kind == "type" for _, _, kind in problems):
                continue  # not typed: Pydantic's lax mode would coerce it, the CSV reader does not
            if values is None:
                # re-type the other cells so only the mutated one can make Pydantic reject
                typed, _ = check_row(model, base)
                typed[check.name] = text if text != "" else None
                assert not _pydantic_accepts(model, typed), (table, check.name, text, problems)
            else:
                assert _pydantic_accepts(model, values), (table, check.name, text)
            checked += 1
    assert checked > len(BANK)
