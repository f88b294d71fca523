"""Forms of the core app and the base form every tracked model's form derives from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.models import Region, Unit
from tuijin.core.scope import editable_regions_q


class TrackedModelForm(forms.ModelForm):
    """Base form of every tracked model.

    Adds the hidden ``version`` the page was rendered from (a stale save is refused by the model)
    and the 修改原因 that goes into history. Related-object dropdowns are narrowed by scope: the
    region field to the regions the user may create in, other relations to what the user may see.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Not required at the field level: clean_reason() asks for it on edits with a precise message.
    reason = forms.CharField(
        label=_("修改原因"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("将记录在历史中；修改已有记录时必填。"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        rule = self._meta.model.scope
        region_field = (rule.region or "").split("__")[0]
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            related = field.queryset.model
            if name == region_field and related is Region:
                q = editable_regions_q(rule, user)
                field.queryset = Region.objects.all() if q is None else Region.objects.filter(q)
            elif hasattr(related.objects, "visible_to"):
                field.queryset = related.objects.visible_to(user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["reason"].initial = _("新建")

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if self.instance.pk and not reason:
            raise forms.ValidationError(_("请填写修改原因。"))
        return reason or str(_("新建"))

    def save(self, commit: bool = True) -> Any:
        submitted = self.cleaned_data.get("version")
        if self.instance.pk and submitted:
            # Save against the version the user saw, not the one just loaded: the model refuses a stale one.
            self.instance.version = submitted
        return super().save(commit=commit)


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("删除原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class UnitForm(TrackedModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "region", "credit_code", "contact_person", "contact_phone", "is_active"]
