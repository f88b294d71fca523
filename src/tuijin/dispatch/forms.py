"""Forms of monthly dispatch: one report, a return, a correction, the settings, and one row of the grid entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import TrackedModelForm
from tuijin.dispatch.models import DispatchSettings, MonthlyReport, ReportFunding
from tuijin.exchange import cells
from tuijin.projects.choices import FundingSource
from tuijin.projects.models import Project

FIGURE_FIELDS = list(MonthlyReport.FIGURE_FIELDS)


class AmountField(forms.DecimalField):
    """A 万元 amount as people type it: full-width digits, thousands commas, a trailing 万元/亿元 are accepted."""

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            number = cells.to_decimal(str(value), kind="money")
        except cells.CellValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if number is None:
            return None
        return number


class CountField(forms.IntegerField):
    """A head count; full-width digits are folded first."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = cells.squeeze(value)
        return super().to_python(value)


def tidy_money_initial(form: forms.BaseForm) -> None:
    """Show stored amounts as typed (3157.27, not 3157.2700): the column keeps four decimals."""
    for name in ("amount", "since_start_total"):
        value = form.initial.get(name)
        if isinstance(value, Decimal):
            form.initial[name] = cells.tidy(value)


def funding_field_name(source: str) -> str:
    return f"funding_{source}"


class MonthlyReportForm(TrackedModelForm):
    """One report's figures, with the optional split of the month's investment by funding source.

    A new report also chooses its project (among those the user may change) and month.
    """

    amount = AmountField(label=_("当月完成投资（万元）"), min_value=0, max_digits=18, decimal_places=4)
    since_start_total = AmountField(
        label=_("自开工累计完成投资（万元）"), min_value=0, max_digits=18, decimal_places=4, required=False
    )

    class Meta:
        model = MonthlyReport
        fields = ["project", "year", "month", *FIGURE_FIELDS]
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 3}),
            "issues": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            for name in ("project", "year", "month"):
                del self.fields[name]
        else:
            self.fields["project"].queryset = Project.objects.editable_by(user)
        existing = {f.source: f.amount for f in self.instance.fundings.all()} if self.instance.pk else {}
        for source, label in FundingSource.choices:
            self.fields[funding_field_name(source)] = AmountField(
                label=_("其中：%(source)s（万元）") % {"source": label},
                min_value=0,
                max_digits=18,
                decimal_places=4,
                required=False,
                initial=existing.get(source),
            )
        # The reason goes last, under the figures it explains.
        self.fields["reason"] = self.fields.pop("reason")
        tidy_money_initial(self)

    def funding_fields(self) -> list[forms.BoundField]:
        return [self[funding_field_name(source)] for source in FundingSource.values]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        amount = cleaned.get("amount")
        total = sum((cleaned.get(funding_field_name(s)) or Decimal(0) for s in FundingSource.values), Decimal(0))
        if amount is not None and total > amount:
            self.add_error(funding_field_name(FundingSource.values[0]), _("各资金来源合计不能超过当月完成投资。"))
        return cleaned

    def save(self, commit: bool = True) -> MonthlyReport:
        report = super().save(commit=commit)
        if commit:
            self.save_fundings(report)
        return report

    def save_fundings(self, report: MonthlyReport) -> None:
        """Bring the funding rows to the form's values; lowered amounts first so no step exceeds the total."""
        existing = {f.source: f for f in report.fundings.all()}
        wanted = {s: self.cleaned_data.get(funding_field_name(s)) for s in FundingSource.values}
        for source, row in existing.items():
            if not wanted[source]:
                row.delete()
        lowered = [s for s, v in wanted.items() if v and s in existing and v < existing[s].amount]
        raised = [s for s, v in wanted.items() if v and (s not in existing or v > existing[s].amount)]
        for source in [*lowered, *raised]:
            row = existing.get(source) or ReportFunding(report=report, source=source)
            row.amount = wanted[source]
            row.full_clean()
            row.save()


class ReturnForm(forms.Form):
    """Returning a submitted report to its district needs a reason they can act on."""

    reason = forms.CharField(
        label=_("退回原因"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("请填写退回原因")}),
        error_messages={"required": _("退回报告必须填写原因。")},
    )


class CorrectionForm(TrackedModelForm):
    """A dispatcher's reasoned correction of an approved report (``MonthlyReport.correct``)."""

    amount = AmountField(label=_("当月完成投资（万元）"), min_value=0, max_digits=18, decimal_places=4)
    since_start_total = AmountField(
        label=_("自开工累计完成投资（万元）"), min_value=0, max_digits=18, decimal_places=4, required=False
    )
    reason = forms.CharField(
        label=_("更正原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("必填，将以“更正：…”记入历史。"),
        error_messages={"required": _("更正已审核的报告必须填写原因。")},
    )

    class Meta:
        model = MonthlyReport
        fields = FIGURE_FIELDS
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 3}),
            "issues": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # The figures as stored, read before the form writes its values onto the instance.
        self.stored = {name: getattr(self.instance, name) for name in FIGURE_FIELDS}
        tidy_money_initial(self)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("更正已审核的报告必须填写原因。"))
        return reason

    def changes(self) -> dict[str, Any]:
        """The figures the user changed, with their new values."""
        values = {name: self.cleaned_data.get(name) for name in FIGURE_FIELDS}
        return {name: value for name, value in values.items() if value != self.stored[name]}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not self.changes():
            raise ValidationError(_("没有修改任何数据，无需更正。"))
        return cleaned

    def save(self, commit: bool = True) -> MonthlyReport:
        report = self.instance
        changes = self.changes()
        # Put the stored figures back: correct() applies the changes itself, on the version the user saw.
        for name, value in self.stored.items():
            setattr(report, name, value)
        if self.cleaned_data.get("version"):
            report.version = self.cleaned_data["version"]
        report.correct(self.user, self.cleaned_data["reason"], **changes)
        return report


class DispatchSettingsForm(TrackedModelForm):
    class Meta:
        model = DispatchSettings
        fields = [
            "report_deadline_day",
            "investment_yellow_points",
            "investment_red_points",
            "investment_time_basis",
            "start_red_months",
            "stats_yellow_months",
            "stats_red_months",
        ]


def _cell_errors(label: Any, kind: str) -> dict[str, Any]:
    """The Chinese message of each way a grid cell can be wrong, naming the column (“当月完成投资：…”)."""
    too_big = format_lazy(_("{label}：数值过大"), label=label)
    if kind == "amount":
        wrong = format_lazy(_("{label}：请输入不小于0的数字"), label=label)
        return {
            "invalid": wrong,
            "min_value": wrong,
            "max_digits": too_big,
            "max_whole_digits": too_big,
            "max_decimal_places": format_lazy(_("{label}：最多保留4位小数"), label=label),
        }
    if kind == "text":
        return {"max_length": format_lazy(_("{label}：最多2000个字"), label=label)}
    wrong = format_lazy(_("{label}：请输入不小于0的整数"), label=label)
    return {"invalid": wrong, "min_value": wrong, "max_value": too_big}


class GridRowForm(forms.Form):
    """One project's row of the grid entry (当月完成投资, 形象进度, 存在问题, 在岗人数) and the version it was shown at.

    The amount is required once anything in the row is filled (or the row has a report); the model's own rules
    are checked by the view (``MonthlyReport.full_clean``) so the grid cannot accept what the report form refuses.
    """

    INPUTS = ("amount", "progress", "issues", "planned_workers", "actual_workers")

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    amount = AmountField(
        label=_("当月完成投资"),
        min_value=0,
        max_digits=18,
        decimal_places=4,
        required=False,
        widget=forms.TextInput,
        error_messages=_cell_errors(_("当月完成投资"), "amount"),
    )
    progress = forms.CharField(
        label=_("形象进度"), required=False, max_length=2000, error_messages=_cell_errors(_("形象进度"), "text")
    )
    issues = forms.CharField(
        label=_("存在问题"), required=False, max_length=2000, error_messages=_cell_errors(_("存在问题"), "text")
    )
    planned_workers = CountField(
        label=_("计划在岗"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        widget=forms.TextInput,
        error_messages=_cell_errors(_("计划在岗"), "count"),
    )
    actual_workers = CountField(
        label=_("实际在岗"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        widget=forms.TextInput,
        error_messages=_cell_errors(_("实际在岗"), "count"),
    )

    def __init__(self, data: Any = None, *, report: MonthlyReport | None = None, **kwargs: Any) -> None:
        self.report = report
        if report is not None and data is None:
            kwargs["initial"] = {
                "version": report.version,
                "amount": cells.tidy(report.amount),  # 90, not 90.0000
                "progress": report.progress,
                "issues": report.issues,
                "planned_workers": report.planned_workers,
                "actual_workers": report.actual_workers,
            }
        super().__init__(data, **kwargs)
        for name in self.INPUTS:
            widget = self.fields[name].widget
            widget.attrs.update({"data-col": name, "autocomplete": "off", "aria-label": self.fields[name].label})
            if name in {"amount", "planned_workers", "actual_workers"}:
                widget.attrs.update({"inputmode": "decimal" if name == "amount" else "numeric", "class": "num"})

    def is_blank(self) -> bool:
        """Nothing typed in the row (and no report behind it): the row is skipped, not an error."""
        return all(not str(self.data.get(self.add_prefix(name), "")).strip() for name in self.INPUTS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # A row left empty is skipped, unless it clears a report that exists: then the amount is missing.
        started = not self.is_blank() or self.report is not None
        if started and "amount" not in self.errors and cleaned.get("amount") is None:
            self.add_error("amount", _("当月完成投资：请填写"))
        return cleaned

    def figures(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "amount": data["amount"],
            "progress": data.get("progress") or "",
            "issues": data.get("issues") or "",
            "planned_workers": data.get("planned_workers"),
            "actual_workers": data.get("actual_workers"),
        }
