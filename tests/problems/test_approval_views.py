"""Pages of approval items (前期手续, 帮办代办): the list with its 滞后 marks and filters, one project's items, the
card, create/edit/delete with the model's refusals on the form, the handling unit's narrowed access, and the statistics
(用时 in working days, 拿地即开工, lagging projects) with their export — each within the user's scope."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.problems.helpers import page
from tuijin.core.models import Region, Unit, User
from tuijin.problems import queries
from tuijin.problems.approval_tables import ApprovalTable
from tuijin.problems.choices import ApprovalStatus, ApprovalType
from tuijin.problems.models import ApprovalItem, ProblemSettings
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import Project

D = datetime.date
NOT_STARTED, IN_PROGRESS, OBTAINED = ApprovalStatus.NOT_STARTED, ApprovalStatus.IN_PROGRESS, ApprovalStatus.OBTAINED


# ---- builders -------------------------------------------------------------------------------------------------------


def make_project(name: str, code: str = "350582", planned_start: datetime.date | None = None, **fields: Any) -> Project:
    project = Project(
        name=name,
        region=Region.objects.get(code=code),
        category=Category.INDUSTRY,
        total_investment=Decimal("10000"),
        planned_start=planned_start,
        **fields,
    )
    project.full_clean()
    project.save()
    project.enter(Stage.PREPARATION, D(2026, 1, 5))
    return project


def make_item(project: Project, type_: str, status: str = NOT_STARTED, **fields: Any) -> ApprovalItem:
    item = ApprovalItem(project=project, type=type_, status=status, **fields)
    item.full_clean()
    item.save()
    return item


def approval_form(project: Project, **changes: Any) -> dict[str, Any]:
    data = {
        "project": project.pk,
        "type": ApprovalType.LAND,
        "name": "",
        "handling_unit": "",
        "agent_name": "",
        "agent_phone": "",
        "status": NOT_STARTED,
        "planned_on": "",
        "started_on": "",
        "obtained_on": "",
        "document_no": "",
        "note": "",
        "reason": "",
    }
    data.update(changes)
    return data


def row_html(html: str, attr: str, value: Any) -> str:
    """The ``<tr>`` carrying ``attr="value"``."""
    match = re.search(rf'<tr[^>]*{attr}="{value}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, (attr, value)
    return match.group(1)


def cell(html: str, attr: str, value: Any, col: str) -> str:
    match = re.search(rf'data-col="{col}"[^>]*>(?:<a [^>]*>)?([^<]*)<', row_html(html, attr, value))
    assert match, (attr, value, col)
    return match.group(1).strip()


def sheets(response: Any) -> dict[str, list[tuple]]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


@pytest.fixture
def later(regions: dict[str, Region]) -> Project:
    """A 晋江 project planned to start in June 2027: its items are not late yet."""
    return make_project("晋江未来产业园", planned_start=D(2027, 6, 1))


# ---- list -----------------------------------------------------------------------------------------------------------


def test_it_lists_filters_and_marks_lagging_items_in_scope(
    client: Client, reporter_jj: User, project: Project, later: Project, land_bureau: Unit
) -> None:
    land = make_item(project, ApprovalType.LAND, IN_PROGRESS, started_on=D(2026, 3, 2), handling_unit=land_bureau)
    filing = make_item(
        project,
        ApprovalType.FILING,
        OBTAINED,
        started_on=D(2026, 1, 6),
        obtained_on=D(2026, 1, 20),
        document_no="晋发改备〔2026〕12号",
    )
    future = make_item(later, ApprovalType.EIA, agent_name="林代办", planned_on=D(2027, 3, 1))
    foreign = make_item(make_project("鲤城旧城改造", code="350502"), ApprovalType.LAND)
    client.force_login(reporter_jj)
    url = reverse("problems:approval_list")
    html = page(client, url)
    assert 'data-testid="problems-subnav"' in html
    assert f'data-pk="{land.pk}"' in html and f'data-pk="{filing.pk}"' in html and f'data-pk="{future.pk}"' in html
    assert f'data-pk="{foreign.pk}"' not in html
    # The land item is late (the June 2026 planned start has passed); the obtained one and the 2027 one are not.
    assert 'data-testid="lag"' in row_html(html, "data-pk", land.pk)
    assert "已到计划开工时间，手续尚未取得" in row_html(html, "data-pk", land.pk)
    assert 'data-testid="lag"' not in row_html(html, "data-pk", filing.pk)
    assert 'data-testid="lag"' not in row_html(html, "data-pk", future.pk)
    assert reverse("dispatch:project_detail", args=[project.pk]) in row_html(html, "data-pk", land.pk)
    assert land.get_absolute_url() in html and "晋江市自然资源和规划局" in html
    assert reverse("problems:approval_stats") in html and reverse("problems:approval_export") in html

    def pks(**query: Any) -> set[int]:
        found = re.findall(r'<tr[^>]*data-pk="(\d+)"', page(client, url, data=query))
        return {int(pk) for pk in found}

    assert pks(lagging="true") == {land.pk}
    assert pks(lagging="false") == {filing.pk, future.pk}
    assert pks(q="晋发改备") == {filing.pk}
    assert pks(q="林代办") == {future.pk}
    assert pks(q="未来产业") == {future.pk}
    assert pks(type=ApprovalType.LAND) == {land.pk}
    assert pks(status=OBTAINED) == {filing.pk}
    assert pks(handling_unit=land_bureau.pk) == {land.pk}
    assert pks(planned_from="2027-01-01", planned_to="2027-12-31") == {future.pk}
    assert pks(project=later.pk) == {future.pk}
    assert pks(region="350582", stage=Stage.PREPARATION) == {land.pk, filing.pk, future.pk}
    assert pks(stage=Stage.CONSTRUCTION) == set()
    # htmx filter requests get the results partial only, with the export link following the filters.
    partial = page(client, url, data={"type": "eia"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" not in partial and f'data-pk="{future.pk}"' in partial and "type=eia" in partial
    # The export (problems:approval_export) reads the same query string through ApprovalFilter.
    exported = [
        value
        for rows in sheets(client.get(reverse("problems:approval_export"), {"lagging": "true"})).values()
        for row in rows
        for value in row
    ]
    assert "晋江智能装备产业园" in exported and "晋江未来产业园" not in exported and "鲤城旧城改造" not in exported


def test_it_gives_the_lag_reasons_at_a_fixed_date(project: Project) -> None:
    """At 15 May 2026, before the project's planned start (June 2026)."""
    late_plan = make_item(project, ApprovalType.SITE, planned_on=D(2026, 7, 10))
    overdue = make_item(project, ApprovalType.LAND, IN_PROGRESS, started_on=D(2026, 3, 2), planned_on=D(2026, 5, 1))
    obtained = make_item(project, ApprovalType.FILING, OBTAINED, obtained_on=D(2026, 1, 20), planned_on=D(2026, 1, 10))
    on_time = make_item(project, ApprovalType.EIA, planned_on=D(2026, 5, 20))
    as_of = D(2026, 5, 15)
    items = ApprovalItem.objects.filter(project=project).select_related("project")
    table = ApprovalTable(items, today=as_of)
    marks = {row.record.pk: str(row.get_cell("lag")) for row in table.rows}
    assert "计划取得时间晚于计划开工时间" in marks[late_plan.pk]
    assert "已超过计划取得日期" in marks[overdue.pk] and "计划开工" not in marks[overdue.pk]
    assert marks[obtained.pk] == "—" or "滞后" not in marks[obtained.pk]
    assert "滞后" not in marks[on_time.pk]
    assert set(queries.lagging(items, as_of).values_list("pk", flat=True)) == {late_plan.pk, overdue.pk}
    # From the planned start on, every item not obtained is late.
    assert set(queries.lagging(items, D(2026, 6, 1)).values_list("pk", flat=True)) == {
        late_plan.pk,
        overdue.pk,
        on_time.pk,
    }
    assert queries.lag_reasons(on_time, D(2026, 6, 1)) == ["已到计划开工时间，手续尚未取得", "已超过计划取得日期"]
    assert queries.lag_reasons(obtained, D(2026, 6, 1)) == []


# ---- create, edit, refusals -----------------------------------------------------------------------------------------


def test_it_creates_an_item_for_a_preset_project_and_edits_it_with_a_reason(
    client: Client, reporter_jj: User, project: Project, land_bureau: Unit
) -> None:
    client.force_login(reporter_jj)
    create = f"{reverse('problems:approval_create')}?project={project.pk}"
    response = client.get(create)
    assert response.context["form"].initial["project"] == project.pk
    assert "新增手续：晋江智能装备产业园" in response.content.decode()
    data = approval_form(
        project,
        handling_unit=land_bureau.pk,
        agent_name="林代办",
        agent_phone="13800000000",
        status=IN_PROGRESS,
        planned_on="2026-08-31",
        started_on="2026-09-29",
    )
    response = client.post(create, data)
    assert response.status_code == 302, response.content.decode()
    item = ApprovalItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert (item.project, item.handling_unit, item.status) == (project, land_bureau, IN_PROGRESS)

    edit = reverse("problems:approval_edit", args=[item.pk])
    data.update(status=OBTAINED, obtained_on="2026-10-09", document_no="晋自然资〔2026〕88号", version=item.version)
    assert "请填写修改原因" in client.post(edit, data).content.decode()
    data["reason"] = "已取得土地出让合同"
    assert client.post(edit, data).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.obtained_on, item.duration_workdays()) == (OBTAINED, D(2026, 10, 9), 3)
    html = page(client, item.get_absolute_url())
    assert "2026年10月9日" in html and "晋自然资〔2026〕88号" in html
    assert re.search(r"<dt>用时（工作日）</dt><dd>3</dd>", html)
    assert reverse("problems:approval_project", args=[project.pk]) in html
    assert "已取得土地出让合同" in page(client, item.get_absolute_url() + "?tab=history")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": OBTAINED, "started_on": "2026-03-02"}, "已取得的手续请填写取得日期。"),
        (
            {"status": OBTAINED, "started_on": "2026-03-02", "obtained_on": "2026-03-01"},
            "取得日期不能早于启动（受理）日期。",
        ),
        ({"type": ApprovalType.OTHER, "name": "  "}, "类型为“其他”时请填写手续名称。"),
        ({"type": ApprovalType.FILING}, "该项目已有这一类型的手续。"),
        ({"status": IN_PROGRESS}, "办理中的手续请填写启动（受理）日期。"),
    ],
)
def test_it_shows_the_models_refusals_on_the_form(
    client: Client, reporter_jj: User, project: Project, changes: dict[str, str], message: str
) -> None:
    existing = make_item(project, ApprovalType.FILING)
    client.force_login(reporter_jj)
    response = client.post(reverse("problems:approval_create"), approval_form(project, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(ApprovalItem.objects.all()) == [existing]


def test_it_allows_several_other_items_per_project(client: Client, reporter_jj: User, project: Project) -> None:
    client.force_login(reporter_jj)
    url = reverse("problems:approval_create")
    for name in ("人防审批", "消防设计审查"):
        response = client.post(url, approval_form(project, type=ApprovalType.OTHER, name=name))
        assert response.status_code == 302, response.content.decode()
    assert sorted(item.label for item in ApprovalItem.objects.all()) == ["人防审批", "消防设计审查"]


def test_it_offers_only_projects_the_user_keeps(
    client: Client, reporter_jj: User, reporter_lc: User, leader_qz: User, project: Project, fz_project: Project
) -> None:
    client.force_login(reporter_lc)
    assert client.get(f"{reverse('problems:approval_create')}?project={project.pk}").status_code == 404
    response = client.post(reverse("problems:approval_create"), approval_form(project))
    assert response.status_code == 200 and not ApprovalItem.objects.exists()
    client.force_login(reporter_jj)
    assert client.get(f"{reverse('problems:approval_create')}?project={fz_project.pk}").status_code == 404
    projects = client.get(reverse("problems:approval_create")).context["form"].fields["project"].queryset
    assert list(projects) == [project]
    client.force_login(leader_qz)
    assert client.get(reverse("problems:approval_create")).status_code == 404


# ---- the handling unit ----------------------------------------------------------------------------------------------


def test_the_handling_units_handler_sees_and_records_only_its_items(
    client: Client, handler_land: User, project: Project, land_bureau: Unit, power_company: Unit, later: Project
) -> None:
    own = make_item(project, ApprovalType.LAND, handling_unit=land_bureau, planned_on=D(2026, 5, 31))
    other = make_item(project, ApprovalType.CONSTRUCTION, handling_unit=power_company)
    client.force_login(handler_land)
    html = page(client, reverse("problems:approval_list"))
    assert f'data-pk="{own.pk}"' in html and f'data-pk="{other.pk}"' not in html
    assert reverse("problems:approval_create") not in html  # no 新建 for a handler
    for url in (
        other.get_absolute_url(),
        reverse("problems:approval_edit", args=[other.pk]),
        reverse("problems:approval_delete", args=[other.pk]),
        reverse("problems:approval_delete", args=[own.pk]),  # the unit handles items, it does not remove them
        reverse("problems:approval_create"),
    ):
        assert client.get(url).status_code == 404, url
    detail = page(client, own.get_absolute_url())
    assert reverse("problems:approval_edit", args=[own.pk]) in detail
    assert reverse("problems:approval_delete", args=[own.pk]) not in detail

    project_page = page(client, reverse("problems:approval_project", args=[project.pk]))
    assert f'data-pk="{own.pk}"' in project_page and f'data-pk="{other.pk}"' not in project_page
    assert 'data-testid="approval-create"' not in project_page

    edit = reverse("problems:approval_edit", args=[own.pk])
    form = client.get(edit).context["form"]
    assert list(form.fields) == ["status", "started_on", "obtained_on", "document_no", "note", "version", "reason"]
    data = {
        "status": OBTAINED,
        "started_on": "2026-09-29",
        "obtained_on": "2026-10-09",
        "document_no": "晋自然资〔2026〕88号",
        "note": "",
        "version": own.version,
        "reason": "办结",
        # Not on the handler's form: ignored.
        "project": later.pk,
        "handling_unit": power_company.pk,
        "planned_on": "2027-01-01",
    }
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()
    own.refresh_from_db()
    assert (own.status, own.document_no, own.project, own.handling_unit) == (
        OBTAINED,
        "晋自然资〔2026〕88号",
        project,
        land_bureau,
    )
    assert own.planned_on == D(2026, 5, 31)
    record = own.history.latest("history_id")
    assert (record.history_user, record.history_change_reason) == (handler_land, "办结")


# ---- one project's page, delete -------------------------------------------------------------------------------------


def test_it_shows_a_projects_items_in_type_order_with_the_progress(
    client: Client, reporter_jj: User, reporter_lc: User, project: Project, fz_project: Project
) -> None:
    construction = make_item(project, ApprovalType.CONSTRUCTION)
    filing = make_item(project, ApprovalType.FILING, OBTAINED, obtained_on=D(2026, 1, 20))
    land = make_item(project, ApprovalType.LAND, IN_PROGRESS, started_on=D(2026, 3, 2))
    other = make_item(project, ApprovalType.OTHER, name="人防审批", status=OBTAINED, obtained_on=D(2026, 4, 1))
    client.force_login(reporter_jj)
    url = reverse("problems:approval_project", args=[project.pk])
    html = page(client, url)
    order = [int(pk) for pk in re.findall(r'<tr[^>]*data-pk="(\d+)"', html)]
    assert order == [filing.pk, land.pk, construction.pk, other.pk]
    assert re.search(r'data-testid="approval-obtained">已取得 2 / 共 4<', html)
    assert re.search(r'data-testid="approval-lagging"><a [^>]*>2</a>', html)  # land, construction: start has come
    create = f"{reverse('problems:approval_create')}?project={project.pk}"
    assert f'href="{create}"' in html
    client.force_login(reporter_lc)
    assert client.get(url).status_code == 404
    assert client.get(reverse("problems:approval_project", args=[fz_project.pk])).status_code == 404


def test_it_deletes_an_item_with_a_reason(client: Client, reporter_jj: User, project: Project) -> None:
    item = make_item(project, ApprovalType.EIA)
    client.force_login(reporter_jj)
    url = reverse("problems:approval_delete", args=[item.pk])
    assert "删除原因" in page(client, url)
    response = client.post(url, {"reason": "重复录入"})
    assert response.status_code == 302
    assert response["Location"] == reverse("problems:approval_project", args=[project.pk])
    assert not ApprovalItem.objects.exists()
    assert ApprovalItem.history.latest("history_id").history_change_reason == "重复录入"


# ---- statistics -----------------------------------------------------------------------------------------------------


def test_it_gives_the_working_days_per_type(
    client: Client, dispatcher_qz: User, project: Project, later: Project
) -> None:
    # 29 Sep → 9 Oct 2026: 30 Sep, 8 Oct and 9 Oct are working days (1–7 Oct is the National Day holiday).
    make_item(project, ApprovalType.LAND, OBTAINED, started_on=D(2026, 9, 29), obtained_on=D(2026, 10, 9))
    # 1 Sep → 8 Sep 2026: 2, 3, 4, 7, 8 Sep.
    make_item(later, ApprovalType.LAND, OBTAINED, started_on=D(2026, 9, 1), obtained_on=D(2026, 9, 8))
    make_item(make_project("晋江第三项目"), ApprovalType.LAND, IN_PROGRESS, started_on=D(2026, 10, 12))
    make_item(make_project("鲤城项目", code="350502"), ApprovalType.EIA, OBTAINED, obtained_on=D(2026, 2, 1))
    client.force_login(dispatcher_qz)
    url = reverse("problems:approval_stats")
    html = page(client, url)
    assert cell(html, "data-type", "land", "obtained") == "2"
    assert cell(html, "data-type", "land", "in_progress") == "1"
    assert cell(html, "data-type", "land", "average") == "4.0"
    assert cell(html, "data-type", "land", "median") == "4.0"
    assert cell(html, "data-type", "eia", "obtained") == "1"
    assert cell(html, "data-type", "eia", "average") == "—"  # no 启动 date: no duration
    assert "type=land&amp;status=obtained" in row_html(html, "data-type", "land")
    html = page(client, url, data={"region": "350582"})
    assert cell(html, "data-type", "eia", "obtained") == "0"
    assert "region=350582&amp;type=land" in row_html(html, "data-type", "land")


def test_it_counts_land_to_start_within_the_configured_days(
    client: Client, dispatcher_qz: User, project: Project, later: Project
) -> None:
    # Land on 1 March 2026; the fixture project starts 30 days later, the other one 31 days later.
    make_item(project, ApprovalType.LAND, OBTAINED, obtained_on=D(2026, 3, 1))
    project.advance(Stage.CONSTRUCTION, D(2026, 3, 31))
    make_item(later, ApprovalType.LAND, OBTAINED, obtained_on=D(2026, 3, 1))
    later.advance(Stage.CONSTRUCTION, D(2026, 4, 1))
    slow = make_project("晋江慢项目")
    make_item(slow, ApprovalType.LAND, OBTAINED, obtained_on=D(2025, 12, 1))
    slow.advance(Stage.CONSTRUCTION, D(2026, 1, 10))
    client.force_login(dispatcher_qz)
    url = reverse("problems:approval_stats")
    html = page(client, url, data={"year": "2026"})
    assert 'data-testid="land-count">1<' in html
    assert cell(html, "data-project", project.pk, "days") == "30"
    assert f'data-project="{later.pk}"' not in html.split('data-testid="land-to-start"')[1].split("</table>")[0]
    assert 'data-testid="land-count">0<' in page(client, url, data={"year": "2025"})

    settings = ProblemSettings.current()
    settings.land_to_start_days = 31
    settings.save()
    html = page(client, url, data={"year": "2026"})
    assert 'data-testid="land-count">2<' in html and cell(html, "data-project", later.pk, "days") == "31"


def test_it_lists_lagging_projects_and_exports_the_statistics(
    client: Client, reporter_jj: User, project: Project, later: Project
) -> None:
    make_item(project, ApprovalType.LAND, IN_PROGRESS, started_on=D(2026, 3, 2))
    make_item(project, ApprovalType.EIA)
    make_item(project, ApprovalType.FILING, OBTAINED, started_on=D(2026, 9, 29), obtained_on=D(2026, 10, 9))
    make_item(later, ApprovalType.EIA, planned_on=D(2027, 3, 1))
    client.force_login(reporter_jj)
    url = reverse("problems:approval_stats")
    html = page(client, url)
    lagging = html.split('data-testid="lagging-projects"')[1]
    assert f'data-project="{project.pk}"' in lagging and f'data-project="{later.pk}"' not in lagging
    assert cell(html, "data-project", project.pk, "count") == "2"
    assert f"project={project.pk}&amp;lagging=true" in lagging
    assert "共有 2 项手续滞后" in html

    workbook = sheets(client.get(url, {"format": "xlsx", "year": "2026"}))
    assert list(workbook) == ["手续用时", "拿地即开工", "手续滞后项目"]
    durations = workbook["手续用时"]
    assert durations[1] == ("手续类型", "已取得", "办理中", "平均用时（工作日）", "中位用时（工作日）")
    filing = next(row for row in durations if row[0] == "立项/备案")
    assert filing[1:3] == (1, 0) and Decimal(str(filing[3])) == Decimal("3") and Decimal(str(filing[4])) == 3
    assert workbook["拿地即开工"][2:] == []
    lag_rows = workbook["手续滞后项目"][2:]
    assert [(row[1], row[3], row[4], row[5]) for row in lag_rows] == [("晋江智能装备产业园", "前期", "2026年6月", 2)]


def test_it_hides_the_statistics_of_other_regions(
    client: Client, reporter_lc: User, project: Project, dispatcher_fz: User
) -> None:
    make_item(project, ApprovalType.LAND, IN_PROGRESS, started_on=D(2026, 3, 2))
    client.force_login(reporter_lc)
    html = page(client, reverse("problems:approval_stats"))
    assert cell(html, "data-type", "land", "in_progress") == "0" and "没有手续滞后的项目" in html
    assert client.get(reverse("problems:approval_stats"), {"region": "350582"}).status_code == 404
    client.force_login(dispatcher_fz)
    assert client.get(reverse("problems:approval_stats"), {"region": "350582"}).status_code == 404
    html = page(client, reverse("problems:approval_stats"), data={"region": "350100"})
    assert cell(html, "data-type", "land", "in_progress") == "0"


def test_it_hides_an_item_from_other_regions_and_lets_a_leader_only_read(
    client: Client, reporter_lc: User, dispatcher_fz: User, handler_lc: User, leader_qz: User, project: Project
) -> None:
    item = make_item(project, ApprovalType.LAND)
    urls = [
        item.get_absolute_url(),
        reverse("problems:approval_edit", args=[item.pk]),
        reverse("problems:approval_delete", args=[item.pk]),
        reverse("problems:approval_project", args=[project.pk]),
    ]
    for user in (reporter_lc, dispatcher_fz, handler_lc):
        client.force_login(user)
        assert f'data-pk="{item.pk}"' not in page(client, reverse("problems:approval_list"))
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    client.force_login(leader_qz)
    html = page(client, item.get_absolute_url())
    assert reverse("problems:approval_edit", args=[item.pk]) not in html
    assert 'data-testid="approval-create"' not in page(client, urls[-1])
    for url in urls[1:3]:
        assert client.get(url).status_code == 404, url
