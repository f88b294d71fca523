"""Site inspection pages (督查): the list and its export, the card with photos and the problems raised on site,
create/edit with photo uploads, delete, the photo itself, and the weekly coverage per district (督查覆盖).

Inspections are recorded by 市级调度 (``Inspection.scope``); everyone sees those of the projects in their scope.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tuijin.core import generic
from tuijin.core.models import Region
from tuijin.core.money import format_percent
from tuijin.core.periods import date_label
from tuijin.core.views import default_region, with_query
from tuijin.problems import queries
from tuijin.problems.approval_filters import InspectionFilter
from tuijin.problems.approval_forms import InspectionForm, inspection_projects, may_change_project
from tuijin.problems.approval_tables import InspectionTable, card_rows
from tuijin.problems.models import Inspection, InspectionPhoto, Problem
from tuijin.problems.views import common
from tuijin.problems.views.approvals import region_choices, request_date, request_region, xlsx_response
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project

INSPECTION_FIELDS = ["on", "project", "inspectors", "findings", "workers_seen", "recorded_by"]
TREND_WEEKS = 4


def with_counts(inspections: QuerySet[Inspection], user: Any) -> QuerySet[Inspection]:
    """Annotate ``photo_count`` and ``problem_count`` (problems raised from the inspection that the user may see).
    Subqueries, so a search or a join does not multiply the counts."""
    photos = (
        InspectionPhoto.objects.visible_to(user)
        .filter(inspection=OuterRef("pk"))
        .order_by()
        .values("inspection")
        .annotate(n=Count("pk"))
        .values("n")
    )
    problems = (
        Problem.objects.visible_to(user)
        .filter(inspection=OuterRef("pk"))
        .order_by()
        .values("inspection")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return inspections.annotate(
        photo_count=Coalesce(Subquery(photos, output_field=IntegerField()), Value(0)),
        problem_count=Coalesce(Subquery(problems, output_field=IntegerField()), Value(0)),
    )


# ---- list, export, card, edit, delete, photo ----------------------------------------------------------------------


class InspectionListView(common.ListView):
    model = Inspection
    table_class = InspectionTable
    filterset_class = InspectionFilter
    title = gettext_lazy("督查记录")
    create_url_name = "problems:inspection_create"
    export_url_name = "problems:inspection_export"
    links = [(gettext_lazy("督查覆盖"), "problems:inspection_coverage")]

    def get_queryset(self) -> QuerySet[Inspection]:
        return super().get_queryset().select_related("project", "project__region", "recorded_by")

    def get_table_data(self) -> QuerySet[Inspection]:
        return with_counts(super().get_table_data(), self.request.user)


class InspectionExportView(generic.ObjectExportView):
    model = Inspection
    filterset_class = InspectionFilter
    filename = "督查记录"
    columns = [
        ("督查日期", "on"),
        ("项目代码", "project.code"),
        ("项目名称", "project.name"),
        ("所属区域", "project.region.name"),
        ("督查人员", "inspectors"),
        ("督查情况", "findings"),
        ("现场施工人数", "workers_seen"),
        ("照片数", "photo_count"),
        ("发现问题数", "problem_count"),
        ("记录人", "recorded_by"),
    ]

    def visible_queryset(self) -> QuerySet[Inspection]:
        queryset = super().visible_queryset().select_related("project", "project__region", "recorded_by")
        return with_counts(queryset, self.request.user)


class InspectionDetailView(common.DetailView):
    """The inspection card, its photos (thumbnails linking to the full image), the problems raised from it, and
    现场提出问题 for who may raise problems on the project."""

    model = Inspection
    fields = INSPECTION_FIELDS
    edit_url_name = "problems:inspection_edit"
    delete_url_name = "problems:inspection_delete"
    extra_template = "problems/partials/inspection_extra.html"

    def get_queryset(self) -> QuerySet[Inspection]:
        return super().get_queryset().select_related("project", "project__region", "recorded_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.tab == "history":
            return context
        inspection, user = self.object, self.request.user
        context["fields"] = card_rows(inspection, self.fields)
        raise_url = None
        # Problems are raised by who may change the project (区县填报, 市级调度: the same roles as the project's).
        if may_change_project(user, inspection.project_id):
            raise_url = with_query(reverse("problems:problem_create"), inspection=inspection.pk)
            context["actions"] = [(_("现场提出问题"), raise_url)]
        context.update(
            photos=InspectionPhoto.objects.visible_to(user).filter(inspection=inspection),
            problems=Problem.objects.visible_to(user).filter(inspection=inspection).select_related("kind"),
            raise_url=raise_url,
        )
        return context


class InspectionEditView(common.ProjectPresetEditView):
    """Create or edit an inspection with its photos; ``?project=<pk>`` presets the project of a new one. A photo
    refused by the upload checks is shown on the form and nothing is saved."""

    model = Inspection
    form_class = InspectionForm
    success_url_name = "problems:inspection_list"

    def preset_projects(self) -> QuerySet[Project]:
        return inspection_projects(self.request.user)

    def form_valid(self, form: Any) -> HttpResponse:
        original = self.object
        try:
            return super().form_valid(form)
        except ValidationError as error:
            # The form checked the files; this is a file that changed or a limit lowered in between. The save was
            # rolled back with the photos, so the page is shown again as it was submitted.
            self.object = original
            if original is None:
                form.instance.pk = None
                form.instance._state.adding = True
            form.add_error("photos", error.messages)
            return self.form_invalid(form)


class InspectionDeleteView(common.DeleteView):
    """Delete an inspection with its photos (rows by cascade, files once the deletion is committed: see
    ``models.approvals.remove_stored_file``)."""

    model = Inspection
    success_url_name = "problems:inspection_list"


class PhotoView(LoginRequiredMixin, View):
    """A site photo, shown inline with its checked content type; 404 outside the user's scope."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        photo = get_object_or_404(InspectionPhoto.objects.visible_to(request.user), pk=pk)
        try:
            handle = photo.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=photo.content_type, filename=photo.name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response


# ---- weekly coverage ----------------------------------------------------------------------------------------------


def request_monday(request: HttpRequest, today: datetime.date) -> datetime.date:
    """The Monday of ``?week=`` (any date of the week; not after this week), default this week."""
    day = request_date(request, "week") or today
    return min(queries.week_start(day), queries.week_start(today))


def week_label(monday: datetime.date) -> str:
    sunday = monday + datetime.timedelta(days=6)
    return f"{date_label(monday)}—{date_label(sunday)}"


class CoverageView(generic.WorkbookPageMixin, LoginRequiredMixin, TemplateView):
    """督查覆盖: per child district of a region (in statistics, in their order), the projects now under construction,
    how many of them were inspected in the week, the week's inspections and the problems raised from them; a total
    for the region and its previous weeks for the trend. Every figure links to the rows behind it; ``?format=xlsx``
    exports the two tables."""

    template_name = "problems/inspection_coverage.html"

    def compute(self) -> None:
        user = self.request.user
        self.today = timezone.localdate()
        self.monday = request_monday(self.request, self.today)
        self.region = request_region(self.request) or default_region(user)
        children = (
            Region.objects.visible_to(user)
            .filter(parent=self.region, in_statistics=True)
            .order_by("sort_order", "code")
        )
        scoped = (
            Inspection.objects.visible_to(user),
            Project.objects.visible_to(user),
            Problem.objects.visible_to(user),
        )
        self.rows = queries.weekly_coverage(*scoped, list(children), self.monday)
        self.total = queries.weekly_coverage(*scoped, [self.region], self.monday)[0]
        self.trend = [
            (monday, queries.weekly_coverage(*scoped, [self.region], monday)[0])
            for monday in (self.monday - datetime.timedelta(weeks=k) for k in range(TREND_WEEKS, 0, -1))
        ]

    def links(self, region: Region, monday: datetime.date) -> dict[str, str]:
        inspections = with_query(reverse("problems:inspection_list"), region=region.code, week=monday.isoformat())
        building = with_query(reverse("dispatch:project_list"), region=region.code, stage=Stage.CONSTRUCTION)
        return {"inspections": inspections, "building": building}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        previous = self.monday - datetime.timedelta(weeks=1)
        following = self.monday + datetime.timedelta(weeks=1)
        query = {"region": self.region.code}
        context.update(
            title=_("督查覆盖"),
            region=self.region,
            regions=region_choices(self.request.user),
            monday=self.monday,
            week_label=week_label(self.monday),
            rows=[{"coverage": row, "links": self.links(row.region, self.monday)} for row in self.rows],
            total={"coverage": self.total, "links": self.links(self.region, self.monday)},
            trend=[
                {"label": week_label(monday), "coverage": row, "links": self.links(self.region, monday)}
                for monday, row in self.trend
            ],
            previous_url=with_query(self.request.path, **query, week=previous.isoformat()),
            next_url=(
                with_query(self.request.path, **query, week=following.isoformat())
                if following <= queries.week_start(self.today)
                else None
            ),
            export_url=with_query(self.request.path, **query, week=self.monday.isoformat(), format="xlsx"),
        )
        return context

    @staticmethod
    def cells(label: str, row: queries.Coverage) -> list[Any]:
        return [
            label,
            row.under_construction,
            row.inspected,
            format_percent(row.rate),
            row.inspections,
            row.problems_raised,
        ]

    def export(self) -> HttpResponse:
        headers = [_("区域"), _("在建项目"), _("本周已督查项目"), _("覆盖率"), _("督查次数"), _("现场发现问题")]
        rows = [self.cells(row.region.name, row) for row in self.rows]
        rows.append(self.cells(_("%(region)s合计") % {"region": self.region.name}, self.total))
        trend_headers = [_("周"), *headers[1:]]
        trend = [self.cells(week_label(monday), row) for monday, row in self.trend]
        sheets = [
            (
                _("分区域"),
                _("%(region)s督查覆盖情况（%(week)s）") % {"region": self.region.name, "week": week_label(self.monday)},
                headers,
                rows,
            ),
            (
                _("前%(n)s周") % {"n": TREND_WEEKS},
                _("%(region)s前%(n)s周督查覆盖") % {"region": self.region.name, "n": TREND_WEEKS},
                trend_headers,
                trend,
            ),
        ]
        return xlsx_response(sheets, _("督查覆盖"))
