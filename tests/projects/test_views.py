"""Pages of the project registry: create/edit with funding rows and entry stage, stage changes, 停工/复工,
annual plans with node goals, export and delete — each within the user's scope and with a history reason."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tuijin.core.models import Region, Unit, User
from tuijin.projects.choices import Category, DecisionStatus, FundingSource, NodeGoalKind, Stage, SuspensionKind
from tuijin.projects.columns import PROJECT_COLUMNS
from tuijin.projects.forms import funding_field, save_fundings
from tuijin.projects.models import AnnualPlan, NodeGoal, Project, ProjectFunding, Suspension, Tag

D = datetime.date
MakeProject = Callable[..., Project]


def project_form(region: Region, project: Project | None = None, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "",
        "name": "晋江智能装备产业园",
        "region": region.pk,
        "category": Category.INDUSTRY,
        "industry_section": "C",
        "industry_division": "35",
        "nature": "new",
        "location": "晋江市经济开发区",
        "content": "",
        "total_investment": "50000",
        "planned_start": "2025-03",
        "planned_completion": "2027-12",
        "owner": "",
        "responsible_unit": "",
        "responsible_leader": "",
        "stats_registered_on": "",
        "longitude": "",
        "latitude": "",
        "entry_stage": Stage.PLANNING,
        "entry_date": "2025-03-01",
        "reason": "",
        **{funding_field(source): "" for source in FundingSource},
    }
    if project is not None:
        data.update(name=project.name, category=project.category, version=project.version)
        data.update({funding_field(f.source): str(f.planned_amount) for f in project.fundings.all()})
    data.update(changes)
    return data


def test_it_creates_a_project_with_funding_rows_and_its_entry_stage(
    client: Client, reporter_jj: User, regions: Any
) -> None:
    tag = Tag.objects.create(name="城建")
    client.force_login(reporter_jj)
    data = project_form(
        regions["350582"],
        tags=[tag.pk],
        level_municipal="on",
        entry_stage=Stage.CONSTRUCTION,
        entry_date="2025-03-15",
        **{funding_field(FundingSource.SPECIAL_BOND): "20000", funding_field(FundingSource.SELF_RAISED): "30000.5"},
    )
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 302, response.content.decode()
    project = Project.objects.get()
    assert response["Location"] == f"/projects/{project.pk}/"
    assert (project.planned_start, project.planned_completion) == (D(2025, 3, 1), D(2027, 12, 1))
    assert project.levels_display == "市重点" and list(project.tags.all()) == [tag]
    assert dict(project.fundings.values_list("source", "planned_amount")) == {
        FundingSource.SPECIAL_BOND: Decimal("20000"),
        FundingSource.SELF_RAISED: Decimal("30000.5"),
    }
    assert (project.stage, project.actual_start) == (Stage.CONSTRUCTION, D(2025, 3, 15))
    assert list(project.transitions.values_list("from_stage", "to_stage")) == [("", Stage.CONSTRUCTION)]
    created = project.history.earliest("history_id")
    assert (created.history_user, created.history_change_reason, created.history_source) == (reporter_jj, "新建", "web")


def test_it_keeps_nothing_when_the_entry_stage_is_refused(client: Client, reporter_jj: User, regions: Any) -> None:
    client.force_login(reporter_jj)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = project_form(
        regions["350582"], entry_date=tomorrow.isoformat(), **{funding_field(FundingSource.BANK_LOAN): "100"}
    )
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 200
    assert "阶段变更日期不能晚于今天" in response.content.decode()
    assert not Project.objects.exists() and not ProjectFunding.objects.exists()


def test_it_shows_model_errors_on_the_project_form(client: Client, reporter_jj: User, regions: Any) -> None:
    client.force_login(reporter_jj)
    data = project_form(regions["350582"], industry_division="47", planned_start="2025年13月")
    page = client.post(reverse("projects:project_create"), data).content.decode()
    assert "行业大类47不属于门类C（应属门类E）" in page
    assert "请输入年月，格式如 2025-03" in page
    assert not Project.objects.exists()


def test_it_refuses_a_region_outside_scope_on_create(client: Client, reporter_jj: User, regions: Any) -> None:
    client.force_login(reporter_jj)
    response = client.post(reverse("projects:project_create"), project_form(regions["350502"]))
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_it_hides_the_create_page_from_readers(client: Client, leader_qz: User, handler_lc: User) -> None:
    for user in (leader_qz, handler_lc):
        client.force_login(user)
        assert client.get(reverse("projects:project_create")).status_code == 404


def test_it_requires_a_reason_to_edit_and_updates_funding_rows(
    client: Client, reporter_jj: User, make_project: MakeProject, regions: Any
) -> None:
    project = make_project(stage=Stage.PLANNING)
    save_fundings(project, {FundingSource.SPECIAL_BOND: Decimal("20000"), FundingSource.BANK_LOAN: Decimal("5000")})
    project.refresh_from_db()
    client.force_login(reporter_jj)
    url = reverse("projects:project_edit", args=[project.pk])
    page = client.get(url).content.decode()
    assert "20000" in page and "入库阶段" not in page
    changes = {funding_field(FundingSource.SPECIAL_BOND): "25000", funding_field(FundingSource.BANK_LOAN): ""}
    response = client.post(url, project_form(regions["350582"], project, **changes))
    assert response.status_code == 200
    assert "请填写修改原因" in response.content.decode()
    assert ProjectFunding.objects.count() == 2

    response = client.post(url, project_form(regions["350582"], project, reason="专项债额度调整", **changes))
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert dict(project.fundings.values_list("source", "planned_amount")) == {
        FundingSource.SPECIAL_BOND: Decimal("25000")
    }
    funding = ProjectFunding.history.filter(source=FundingSource.SPECIAL_BOND).latest("history_id")
    assert (funding.history_change_reason, funding.history_user) == ("专项债额度调整", reporter_jj)
    assert project.transitions.count() == 1  # editing never records a stage


def test_it_refuses_a_stale_edit_on_the_page(
    client: Client, reporter_jj: User, make_project: MakeProject, regions: Any
) -> None:
    project = make_project()
    client.force_login(reporter_jj)
    url = reverse("projects:project_edit", args=[project.pk])
    stale = project_form(regions["350582"], project, location="晋江市陈埭镇", reason="第二人修改")
    client.post(url, project_form(regions["350582"], project, location="晋江市池店镇", reason="第一人修改"))
    response = client.post(url, stale)
    assert "已被其他用户修改" in response.content.decode()
    project.refresh_from_db()
    assert project.location == "晋江市池店镇"


def test_it_advances_a_project_to_the_next_stage(client: Client, reporter_jj: User, make_project: MakeProject) -> None:
    project = make_project(stage=Stage.PLANNING)
    client.force_login(reporter_jj)
    url = reverse("projects:project_advance", args=[project.pk])
    page = client.get(url).content.decode()
    assert 'value="preparation"' in page and 'value="construction"' not in page
    response = client.post(url, {"to_stage": Stage.PREPARATION, "date": "2025-04-01", "version": project.version})
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    project.refresh_from_db()
    assert project.stage == Stage.PREPARATION
    assert project.history.latest("history_id").history_change_reason == "阶段变更：谋划 → 前期"


def test_it_shows_the_models_refusal_on_the_advance_form(
    client: Client, reporter_jj: User, make_project: MakeProject
) -> None:
    project = make_project(stage=Stage.PREPARATION, on=D(2025, 5, 10))
    client.force_login(reporter_jj)
    url = reverse("projects:project_advance", args=[project.pk])
    response = client.post(url, {"to_stage": Stage.CONSTRUCTION, "date": "2025-05-01", "note": "提前开工"})
    assert response.status_code == 200
    assert "日期不能早于上一次阶段变更（2025年5月10日 前期）" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.PREPARATION and project.transitions.count() == 1


def test_it_refuses_a_stale_stage_change(client: Client, reporter_jj: User, make_project: MakeProject) -> None:
    project = make_project(stage=Stage.PLANNING)
    client.force_login(reporter_jj)
    url = reverse("projects:project_advance", args=[project.pk])
    stale = {"to_stage": Stage.PREPARATION, "date": "2025-04-01", "version": project.version}
    Project.objects.get(pk=project.pk).save()  # someone else saves the project meanwhile
    response = client.post(url, stale)
    page = response.content.decode()
    assert response.status_code == 200 and "已被其他用户修改" in page
    assert "<dt>当前阶段</dt><dd>谋划</dd>" in page
    project.refresh_from_db()
    assert project.stage == Stage.PLANNING and project.transitions.count() == 1


def test_it_requests_a_suspension_and_only_the_dispatcher_decides(
    client: Client,
    reporter_jj: User,
    leader_qz: User,
    dispatcher_fz: User,
    dispatcher_qz: User,
    make_project: MakeProject,
) -> None:
    project = make_project(stage=Stage.CONSTRUCTION)
    client.force_login(reporter_jj)
    response = client.post(
        reverse("projects:suspension_create", args=[project.pk]),
        {"kind": SuspensionKind.SUSPEND, "date": "2025-08-01", "reason": "征迁受阻"},
    )
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    suspension = Suspension.objects.get()
    assert suspension.status == DecisionStatus.PENDING
    assert suspension.history.get().history_change_reason == "停工申请：征迁受阻"
    decide = reverse("projects:suspension_decide", args=[suspension.pk])
    assert decide not in client.get(reverse("projects:suspension_list")).content.decode()
    for user in (reporter_jj, leader_qz, dispatcher_fz):
        client.force_login(user)
        assert client.post(decide, {"decision": "approve"}).status_code == 404, user
    project.refresh_from_db()
    assert not project.suspended

    client.force_login(dispatcher_qz)
    assert decide in client.get(reverse("projects:suspension_list")).content.decode()
    response = client.post(decide, {"decision": "approve", "note": "同意"})
    assert response.status_code == 302 and response["Location"] == reverse("projects:suspension_list")
    project.refresh_from_db()
    suspension.refresh_from_db()
    assert project.suspended and suspension.decided_by == dispatcher_qz
    assert project.history.latest("history_id").history_change_reason == "批准停工申请：同意"
    # A second decision is refused with the model's message; nothing changes.
    page = client.post(decide, {"decision": "reject"}, follow=True).content.decode()
    assert "该申请已审批，不能重复审批。" in page
    suspension.refresh_from_db()
    assert suspension.status == DecisionStatus.APPROVED


def test_it_shows_the_models_refusal_on_the_suspension_form(
    client: Client, reporter_jj: User, make_project: MakeProject
) -> None:
    project = make_project(stage=Stage.PREPARATION)
    client.force_login(reporter_jj)
    response = client.post(
        reverse("projects:suspension_create", args=[project.pk]),
        {"kind": SuspensionKind.SUSPEND, "date": "2025-08-01", "reason": "资金未到位"},
    )
    assert response.status_code == 200
    assert "只有在建项目可以申请停工" in response.content.decode()
    assert not Suspension.objects.exists()


def goals_data(*rows: dict[str, Any], initial: int = 0) -> dict[str, Any]:
    data = {
        "goals-TOTAL_FORMS": str(len(rows)),
        "goals-INITIAL_FORMS": str(initial),
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"goals-{index}-{name}": value for name, value in row.items()})
    return data


def test_it_creates_and_edits_a_plan_with_node_goals(
    client: Client, reporter_jj: User, make_project: MakeProject
) -> None:
    project = make_project(stage=Stage.PREPARATION)
    client.force_login(reporter_jj)
    plan_data = {"project": project.pk, "year": "2025", "planned_investment": "12000", "reason": ""}
    start = {"kind": NodeGoalKind.START, "description": "", "target_month": "6", "achieved_on": ""}
    topping = {"kind": NodeGoalKind.TOPPING, "description": "", "target_month": "11", "achieved_on": ""}
    response = client.post(reverse("projects:plan_create"), {**plan_data, **goals_data(start, topping)})
    assert response.status_code == 302 and response["Location"] == reverse("projects:plan_list")
    plan = AnnualPlan.objects.get()
    assert [str(goal) for goal in plan.goals.all()] == ["年内开工（6月）", "主体封顶（11月）"]
    assert "年内开工（6月）、主体封顶（11月）" in client.get(reverse("projects:plan_list")).content.decode()

    first, second = plan.goals.all()
    url = reverse("projects:plan_edit", args=[plan.pk])
    edited = {
        **plan_data,
        "version": plan.version,
        "planned_investment": "15000",
        **goals_data(
            {**start, "id": first.pk, "achieved_on": "2025-06-20"},
            {**topping, "id": second.pk, "DELETE": "on"},
            {"kind": NodeGoalKind.OTHER, "description": "", "target_month": "12"},
            initial=2,
        ),
    }
    response = client.post(url, edited)
    assert response.status_code == 200
    assert "节点目标为“其他”时请填写说明" in response.content.decode()
    assert "请填写修改原因" in response.content.decode()

    edited.update({"reason": "年中调整", "goals-2-description": "设备进场"})
    assert client.post(url, edited).status_code == 302
    plan.refresh_from_db()
    assert plan.planned_investment == Decimal("15000")
    assert list(plan.goals.values_list("kind", "achieved_on")) == [
        (NodeGoalKind.START, D(2025, 6, 20)),
        (NodeGoalKind.OTHER, None),
    ]
    deleted = NodeGoal.history.get(id=second.pk, history_type="-")
    assert deleted.history_change_reason == "年中调整"


def test_it_offers_plans_only_for_editable_projects(
    client: Client, reporter_lc: User, make_project: MakeProject
) -> None:
    project = make_project()
    client.force_login(reporter_lc)
    assert project.name not in client.get(reverse("projects:plan_create")).content.decode()
    data = {"project": project.pk, "year": "2025", "planned_investment": "100", **goals_data()}
    response = client.post(reverse("projects:plan_create"), data)
    assert response.status_code == 200 and not AnnualPlan.objects.exists()


def test_it_shows_plan_edit_links_only_to_those_who_may_edit(
    client: Client, reporter_jj: User, leader_qz: User, make_project: MakeProject
) -> None:
    plan = AnnualPlan.objects.create(project=make_project(), year=2025, planned_investment=Decimal("100"))
    edit_url = reverse("projects:plan_edit", args=[plan.pk])
    client.force_login(leader_qz)
    page = client.get(reverse("projects:plan_list")).content.decode()
    assert "晋江智能装备产业园" in page and edit_url not in page
    client.force_login(reporter_jj)
    assert edit_url in client.get(reverse("projects:plan_list")).content.decode()


def export_rows(response: Any) -> list[tuple[Any, ...]]:
    """The header row and the data rows of the 项目信息表 (the title and 单位：万元 rows above it skipped)."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "项目信息表" and rows[1][0] == "单位：万元"
    return rows[2:]


def test_it_exports_the_project_sheet_without_foreign_rows(
    client: Client, reporter_jj: User, make_project: MakeProject, make_unit: Callable[..., Unit]
) -> None:
    owner = make_unit("晋江市城投公司", "350582")
    project = make_project(
        code="2603-350582-04-03-243140",
        level_provincial=True,
        level_municipal=True,
        industry_division="35",
        planned_start=D(2025, 3, 1),
        owner=owner,
        stats_registered=True,
        stats_registered_on=D(2025, 4, 2),
        tags=[Tag.objects.create(name="城建"), Tag.objects.create(name="生态环保")],
        stage=Stage.CONSTRUCTION,
        on=D(2025, 3, 20),
    )
    make_project("鲤城古城保护", "350502")
    client.force_login(reporter_jj)
    rows = export_rows(client.get(reverse("projects:project_export")))
    # The unit stands on the 单位：万元 row, so the importer reads the amounts back without scaling twice.
    assert list(rows[0]) == [header.removesuffix("（万元）") for header, _key in PROJECT_COLUMNS]
    assert list(rows[0]) == [
        "项目代码", "项目名称", "所属区域", "区划代码", "项目级别", "项目类别", "标签", "行业门类", "行业大类",
        "建设性质", "建设地点", "建设规模及主要建设内容", "总投资", "计划开工", "计划竣工", "实际开工",
        "实际竣工", "业主单位", "责任单位", "挂钩领导", "统计入库", "入库日期", "阶段", "经度", "纬度",
    ]  # fmt: skip
    assert len(rows) == 2  # the 鲤城区 project is not in 晋江市's export
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["项目代码"] == project.code and row["所属区域"] == "晋江市" and row["区划代码"] == "350582"
    assert row["项目级别"] == "省重点、市重点" and row["标签"] == "城建、生态环保"
    assert row["项目类别"] == "产业项目" and row["行业门类"] == "C 制造业" and row["行业大类"] == "35"
    # Dates are real Excel dates (shown as 2025-03 / 2025-03-20), so Excel can sort and filter them.
    assert row["总投资"] == 50000 and row["计划开工"] == datetime.datetime(2025, 3, 1) and row["计划竣工"] is None
    assert row["实际开工"] == datetime.datetime(2025, 3, 20) and row["业主单位"] == "晋江市城投公司"
    assert (row["统计入库"], row["入库日期"], row["阶段"]) == ("是", datetime.datetime(2025, 4, 2), "在建")


def test_it_filters_the_export_like_the_list(client: Client, dispatcher_qz: User, make_project: MakeProject) -> None:
    provincial = make_project("省重点项目", level_provincial=True)
    planned = make_project("列入2025年计划项目", "350502", tags=[Tag.objects.create(name="文旅")])
    AnnualPlan.objects.create(project=planned, year=2025, planned_investment=Decimal("100"))
    client.force_login(dispatcher_qz)

    def names(**query: str) -> set[str]:
        return {row[1] for row in export_rows(client.get(reverse("projects:project_export"), query))[1:]}

    assert names(level="provincial") == {provincial.name}
    assert names(year="2025") == names(tag="文旅") == names(region="350502") == {planned.name}
    assert names(q="省重点") == {provincial.name}


def test_it_deletes_a_project_with_a_reason(client: Client, dispatcher_qz: User, make_project: MakeProject) -> None:
    project = make_project(stage=Stage.PLANNING)
    client.force_login(dispatcher_qz)
    url = reverse("projects:project_delete", args=[project.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    response = client.post(url, {"reason": "重复登记"})
    assert response.status_code == 302 and response["Location"] == "/projects/"
    assert not Project.objects.exists()
    assert Project.history.get(id=project.pk, history_type="-").history_change_reason == "重复登记"


def test_it_lists_pending_suspensions_among_the_dispatchers_todos(
    client: Client, dispatcher_qz: User, reporter_jj: User, make_project: MakeProject
) -> None:
    project = make_project(stage=Stage.CONSTRUCTION, on=D(2025, 3, 1))
    Suspension.objects.create(project=project, kind=SuspensionKind.SUSPEND, date=D(2025, 6, 1), reason="资金未到位")
    client.force_login(dispatcher_qz)
    assert "待审批的停工/复工申请" in client.get("/").content.decode()
    client.force_login(reporter_jj)
    assert "待审批的停工/复工申请" not in client.get("/").content.decode()
