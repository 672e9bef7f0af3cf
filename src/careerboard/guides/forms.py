from __future__ import annotations

from django import forms

from careerboard.guides.selectors import guide_categories


class GuideSearchForm(forms.Form):
    q = forms.CharField(label="Search guides", max_length=100, required=False)
    category = forms.ChoiceField(label="Category", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "All categories")] + [
            (industry.slug, industry.name) for industry in guide_categories()
        ]
