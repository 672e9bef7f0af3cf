"""Form fields shared by several domains' pages."""

from __future__ import annotations

import math
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError


class UtcOffsetField(forms.DecimalField):
    """Hours from UTC, -12 to 14, in quarter hours (India +5:30, Nepal +5:45).

    Django runs every validator even after one has failed, and the step check computes with
    floats: "1e309" is a Decimal but an infinite float, which it cannot take (a 500). So such
    a number is refused here, before the validators run."""

    def __init__(self, *, label: str, help_text: str = "") -> None:
        super().__init__(
            label=label,
            help_text=help_text,
            required=False,
            min_value=-12,
            max_value=14,
            step_size=Decimal("0.25"),
        )

    def validate(self, value: Decimal) -> None:  # None when the field is left empty
        super().validate(value)
        if value is not None and not math.isfinite(float(value)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
