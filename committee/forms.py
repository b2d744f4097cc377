"""Forms of the organisation's reference data, as admin edits them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utilities.phones import clean_public_phone

from .models import GridArea, ServiceItem


class MaterialsField(forms.CharField):
    """The ordered list of required materials (a JSON list of strings), typed one per line."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(m) for m in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ServiceItemForm(forms.ModelForm):
    materials = MaterialsField(
        label=_("所需材料"),
        required=False,
        help_text=_("每行一项材料，按一次性告知单上列出的顺序填写；空行会被忽略。"),
    )

    class Meta:
        model = ServiceItem
        fields = "__all__"  # noqa: DJ007  (the ModelAdmin chooses the fields it shows)


class GridAreaAdminForm(forms.ModelForm):
    """A grid area as admin edits it: its public phone checked like the director's form does."""

    class Meta:
        model = GridArea
        fields = "__all__"  # noqa: DJ007  (the ModelAdmin chooses the fields it shows)

    def clean_public_phone(self):
        return clean_public_phone(self.cleaned_data["public_phone"])
