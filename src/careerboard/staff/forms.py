from django import forms


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why is it rejected?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The employer reads this in the mail and on their dashboard.",
    )
