"""Types shared by the v1 API's input schemas."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field


def _not_a_boolean(value: object) -> object:
    # pydantic reads true as 1 and false as 0 for a number field; nobody means that.
    if isinstance(value, bool):
        raise ValueError("Must be a number, not true or false.")
    return value


# Numbers in a body: what pydantic takes for int and float, except true and false.
WholeNumber = Annotated[int, BeforeValidator(_not_a_boolean)]
Number = Annotated[float, BeforeValidator(_not_a_boolean)]
# An id sent in a body: beyond a 64-bit integer no row can match, and the database drivers
# refuse such a number (SQLite raises OverflowError) instead of finding nothing, so it is a 422.
RowId = Annotated[WholeNumber, Field(ge=1, le=2**63 - 1)]


def not_null(value: object) -> object:
    """A field validator for a PATCH body's fields that have no empty value: leaving the field
    out keeps it (the `None` default is not validated), an explicit null is refused."""
    if value is None:
        raise ValueError("May not be null: leave the field out to keep its value.")
    return value
