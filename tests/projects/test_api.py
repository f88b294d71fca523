"""REST API of the project registry: CRUD with version and reason, stage changes, plans, 停工/复工, scope."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.test import Client

from tuijin.core.models import User
from tuijin.projects.choices import Category, DecisionStatus, FundingSource, NodeGoalKind, Stage
from tuijin.projects.models import AnnualPlan, NodeGoal, Project, Suspension, Tag

D = datetime.date
MakeProject = Callable[..., Project]
JSON = "application/json"


def new_project(**changes: Any) -> dict[str, Any]:
    return {
        "name": "晋江智能装备产业园",
        "region": "350582",
        "category": Category.INDUSTRY,
        "total_investment": "50000",
        "planned_start": "2025-03",
        **changes,
    }


def test_it_creates_a_project_with_tags_fundings_and_entry_stage(client: Client, reporter_jj: User) -> None:
    Tag.objects.create(name="城建")
    client.force_login(reporter_jj)
    body = new_project(
        tags=["城建"],
        level_provincial=True,
        fundings=[{"source": FundingSource.SPECIAL_BOND, "planned_amount": "20000"}],
        entry_stage=Stage.CONSTRUCTION,
        entry_date="2025-03-15",
        stage=Stage.CAPACITY,  # read-only: ignored
    )
    response = client.post("/api/v1/projects/", body, content_type=JSON)
    assert response.status_code == 201, response.content.decode()
    data = response.json()
    assert (data["region"], data["region_name"], data["tags"]) == ("350582", "晋江市", ["城建"])
    assert (data["stage"], data["actual_start"], data["planned_start"]) == (Stage.CONSTRUCTION, "2025-03-15", "2025-03")
    assert data["levels_display"] == "省重点"
    assert data["fundings"] == [
        {"source": FundingSource.SPECIAL_BOND, "source_display": "地方专项债", "planned_amount": "20000.0000"}
    ]
    project = Project.objects.get(pk=data["id"])
    assert project.planned_start == D(2025, 3, 1)
    record = project.history.earliest("history_id")
    assert (record.history_user, record.history_source, record.history_change_reason) == (reporter_jj, "api", "新建")


def test_it_enters_new_projects_at_planning_by_default(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    response = client.post("/api/v1/projects/", new_project(), content_type=JSON)
    project = Project.objects.get(pk=response.json()["id"])
    assert list(project.transitions.values_list("from_stage", "to_stage")) == [("", Stage.PLANNING)]


def test_it_answers_model_errors_in_chinese(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    response = client.post(
        "/api/v1/projects/", new_project(industry_section="C", industry_division="47"), content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["industry_division"] == ["行业大类47不属于门类C（应属门类E）。"]
    response = client.post("/api/v1/projects/", new_project(entry_date="2099-01-01"), content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"entry_date": ["阶段变更日期不能晚于今天。"]}
    assert not Project.objects.exists()


def test_it_updates_with_version_and_reason(client: Client, reporter_jj: User, make_project: MakeProject) -> None:
    project = make_project(stage=Stage.PLANNING)
    client.force_login(reporter_jj)
    url = f"/api/v1/projects/{project.pk}/"
    version = client.get(url).json()["version"]
    missing = client.patch(url, {"location": "晋江市池店镇", "version": version}, content_type=JSON)
    assert missing.status_code == 400 and "reason" in missing.json()
    body = {
        "location": "晋江市池店镇",
        "version": version,
        "reason": "核实建设地点",
        "fundings": [{"source": FundingSource.BANK_LOAN, "planned_amount": "800"}],
    }
    ok = client.patch(url, body, content_type=JSON)
    assert ok.status_code == 200, ok.content.decode()
    assert ok.json()["version"] == version + 1
    assert [row["source"] for row in ok.json()["fundings"]] == [FundingSource.BANK_LOAN]
    stale = client.patch(url, {**body, "location": "晋江市陈埭镇"}, content_type=JSON)
    assert stale.status_code == 409
    project.refresh_from_db()
    assert project.location == "晋江市池店镇"
    assert project.history.latest("history_id").history_change_reason == "核实建设地点"
    assert client.patch(url, {"version": project.version, "reason": "x", "entry_stage": Stage.CONSTRUCTION},
                        content_type=JSON).status_code == 400  # fmt: skip


def test_it_advances_through_the_api(client: Client, reporter_jj: User, make_project: MakeProject) -> None:
    project = make_project(stage=Stage.PREPARATION, on=D(2025, 5, 10))
    client.force_login(reporter_jj)
    url = f"/api/v1/projects/{project.pk}/advance/"
    jump = client.post(url, {"to_stage": Stage.COMPLETED, "date": "2025-06-01"}, content_type=JSON)
    assert jump.status_code == 400
    assert jump.json() == {"to_stage": ["不能从“前期”直接变更为“竣工投用”，只能变更为“在建”。"]}
    early = client.post(url, {"to_stage": Stage.CONSTRUCTION, "date": "2025-05-01"}, content_type=JSON)
    assert early.json() == {"date": ["日期不能早于上一次阶段变更（2025年5月10日 前期）。"]}
    ok = client.post(url, {"to_stage": Stage.CONSTRUCTION, "date": "2025-06-01", "note": "开工仪式"}, content_type=JSON)
    assert ok.status_code == 200, ok.content.decode()
    assert (ok.json()["stage"], ok.json()["actual_start"]) == (Stage.CONSTRUCTION, "2025-06-01")
    project.refresh_from_db()
    assert project.history.latest("history_id").history_change_reason == "开工仪式"
    transitions = client.get(f"/api/v1/stage-transitions/?project={project.pk}").json()["results"]
    assert [(row["from_stage"], row["to_stage"]) for row in transitions] == [
        ("", Stage.PREPARATION),
        (Stage.PREPARATION, Stage.CONSTRUCTION),
    ]


def test_it_filters_projects_like_the_pages(client: Client, dispatcher_qz: User, make_project: MakeProject) -> None:
    provincial = make_project("省重点项目", level_provincial=True)
    planned = make_project("鲤城古城保护", "350502")
    AnnualPlan.objects.create(project=planned, year=2025, planned_investment=Decimal("100"))
    client.force_login(dispatcher_qz)

    def names(query: str) -> set[str]:
        return {row["name"] for row in client.get(f"/api/v1/projects/?{query}").json()["results"]}

    assert names("level=provincial") == {provincial.name}
    assert names("year=2025") == names("region=350502") == {planned.name}


def test_it_hides_foreign_projects(
    client: Client, reporter_lc: User, leader_qz: User, make_project: MakeProject
) -> None:
    project = make_project(stage=Stage.PLANNING)
    url = f"/api/v1/projects/{project.pk}/"
    client.force_login(reporter_lc)
    assert client.get(url).status_code == 404
    assert client.patch(url, {"name": "改名", "version": 2, "reason": "越权"}, content_type=JSON).status_code == 404
    assert client.post(f"{url}advance/", {"to_stage": "preparation", "date": "2025-04-01"}).status_code == 404
    assert client.get("/api/v1/projects/").json()["results"] == []
    assert client.get(f"/api/v1/stage-transitions/?project={project.pk}").json()["results"] == []
    # A reader sees the project but may not change it.
    client.force_login(leader_qz)
    assert client.get(url).status_code == 200
    assert client.post(f"{url}advance/", {"to_stage": "preparation", "date": "2025-04-01"}).status_code == 404
    project.refresh_from_db()
    assert (project.name, project.stage) == ("晋江智能装备产业园", Stage.PLANNING)


def test_it_deletes_with_a_reason(client: Client, dispatcher_qz: User, make_project: MakeProject) -> None:
    project = make_project()
    client.force_login(dispatcher_qz)
    assert client.delete(f"/api/v1/projects/{project.pk}/?reason=重复登记").status_code == 204
    assert Project.history.get(id=project.pk, history_type="-").history_change_reason == "重复登记"


def test_it_manages_annual_plans_with_their_goals(
    client: Client, reporter_jj: User, reporter_lc: User, make_project: MakeProject
) -> None:
    project = make_project()
    client.force_login(reporter_lc)
    foreign = client.post(
        "/api/v1/annual-plans/", {"project": project.pk, "year": 2025, "planned_investment": "1"}, content_type=JSON
    )
    assert foreign.status_code == 400 and "project" in foreign.json()

    client.force_login(reporter_jj)
    created = client.post(
        "/api/v1/annual-plans/", {"project": project.pk, "year": 2025, "planned_investment": "12000"}, content_type=JSON
    )
    assert created.status_code == 201, created.content.decode()
    plan = AnnualPlan.objects.get()
    NodeGoal.objects.create(plan=plan, kind=NodeGoalKind.START, target_month=6)
    again = client.post(
        "/api/v1/annual-plans/", {"project": project.pk, "year": 2025, "planned_investment": "1"}, content_type=JSON
    )
    assert again.status_code == 400 and "该项目已有该年度的计划。" in str(again.json())
    detail = client.get(f"/api/v1/annual-plans/{plan.pk}/").json()
    assert [(goal["kind_display"], goal["target_month"]) for goal in detail["goals"]] == [("年内开工", 6)]
    left = client.patch(
        f"/api/v1/annual-plans/{plan.pk}/",
        {"left_on": "2025-09-01", "version": detail["version"], "reason": "项目调出"},
        content_type=JSON,
    )
    assert left.status_code == 400 and left.json() == {"left_reason": ["调出年度名单时请填写原因。"]}
    assert client.get("/api/v1/annual-plans/?year=2024").json()["results"] == []


def test_it_files_suspensions_and_lets_only_the_dispatcher_decide(
    client: Client, reporter_jj: User, dispatcher_fz: User, dispatcher_qz: User, make_project: MakeProject
) -> None:
    project = make_project(stage=Stage.CONSTRUCTION)
    client.force_login(reporter_jj)
    body = {"project": project.pk, "kind": "suspend", "date": "2025-08-01", "reason": "征迁受阻"}
    created = client.post("/api/v1/suspensions/", body, content_type=JSON)
    assert created.status_code == 201, created.content.decode()
    assert (created.json()["reason"], created.json()["status"]) == ("征迁受阻", DecisionStatus.PENDING)
    suspension = Suspension.objects.get()
    assert suspension.history.get().history_change_reason == "停工申请：征迁受阻"

    url = f"/api/v1/suspensions/{suspension.pk}/decide/"
    for user in (reporter_jj, dispatcher_fz):
        client.force_login(user)
        assert client.post(url, {"decision": "approve"}, content_type=JSON).status_code == 404
    client.force_login(dispatcher_qz)
    ok = client.post(url, {"decision": "approve"}, content_type=JSON)
    assert ok.status_code == 200 and ok.json()["status"] == DecisionStatus.APPROVED
    project.refresh_from_db()
    assert project.suspended
    twice = client.post(url, {"decision": "reject"}, content_type=JSON)
    assert twice.status_code == 400 and twice.json() == {"non_field_errors": ["该申请已审批，不能重复审批。"]}
    refused = client.post("/api/v1/suspensions/", body, content_type=JSON)
    assert refused.status_code == 400 and refused.json() == {"kind": ["该项目已处于停工状态。"]}


def test_it_describes_the_endpoints_in_the_schema(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {
        "/api/v1/projects/",
        "/api/v1/projects/{id}/advance/",
        "/api/v1/stage-transitions/",
        "/api/v1/annual-plans/",
        "/api/v1/suspensions/{id}/decide/",
    } <= set(paths)
