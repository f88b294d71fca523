"""The scope matrix as data: roles × endpoints × an object in a region foreign to the role.

Each later module adds rows here (an object factory and its endpoints), not test code.
``test_scope_matrix.py`` signs in as each outsider and expects 404 on pages and API, and the object
absent from exports; it signs in as the insider first, so a wrong URL cannot pass unnoticed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tuijin.attraction.choices import MilestoneKind
from tuijin.attraction.models import AttractionTarget, Contract, Lead, LeadSource, Milestone, SigningEvent, Team
from tuijin.core.models import Region, Unit
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.problems.choices import ApprovalType, ProblemStatus
from tuijin.problems.models import (
    ApprovalItem,
    Attachment,
    HandlingRecord,
    Inspection,
    InspectionPhoto,
    Problem,
    ProblemKind,
)
from tuijin.projects.choices import Category, Stage, SuspensionKind
from tuijin.projects.models import AnnualPlan, Project, StageTransition, Suspension
from tuijin.targets.choices import AdjustmentKind, Source
from tuijin.targets.choices import Unit as IndicatorUnit
from tuijin.targets.models import (
    AssessmentAdjustment,
    AssessmentItem,
    AssessmentScheme,
    Indicator,
    IndicatorEntry,
    Target,
)

# The object under test lives in 晋江市 (350582); every outsider below has no role there.
FOREIGN_REGION = "350582"
INSIDER = "dispatcher_qz"  # 市级调度 of 泉州市: sees and changes the whole city
OUTSIDERS = ["reporter_lc", "handler_lc", "dispatcher_fz", "leader_fz"]


def make_unit(regions: dict[str, Region]) -> Unit:
    return Unit.objects.create(name="晋江市住建局", region=regions[FOREIGN_REGION])


def make_region(regions: dict[str, Region]) -> Region:
    return regions[FOREIGN_REGION]


PROJECT_CODE = "2603-350582-04-03-243140"


def make_project(regions: dict[str, Region], name: str = "晋江市范围测试项目", code: str = PROJECT_CODE) -> Project:
    return Project.objects.create(
        name=name,
        code=code,
        region=regions[FOREIGN_REGION],
        category=Category.INDUSTRY,
        total_investment=Decimal("1000"),
    )


def make_transition(regions: dict[str, Region]) -> StageTransition:
    return make_project(regions).enter(Stage.PLANNING, datetime.date(2025, 3, 1))


def make_plan(regions: dict[str, Region]) -> AnnualPlan:
    return AnnualPlan.objects.create(project=make_project(regions), year=2025, planned_investment=Decimal("100"))


def make_suspension(regions: dict[str, Region]) -> Suspension:
    project = make_project(regions)
    project.enter(Stage.CONSTRUCTION, datetime.date(2025, 3, 1))
    return Suspension.objects.create(
        project=project, kind=SuspensionKind.SUSPEND, date=datetime.date(2025, 8, 1), reason="征迁受阻"
    )


def make_report(regions: dict[str, Region], status: str = ReportStatus.SUBMITTED) -> MonthlyReport:
    """A June 2025 report of the 晋江 project, created in ``status`` at version 1 (so a change would show)."""
    return MonthlyReport.objects.create(
        project=make_project(regions), year=2025, month=6, amount=Decimal("100"), status=status
    )


def make_approved_report(regions: dict[str, Region]) -> MonthlyReport:
    return make_report(regions, ReportStatus.APPROVED)


def make_lead(regions: dict[str, Region]) -> Lead:
    return Lead.objects.create(
        company="晋江范围测试企业",
        source=LeadSource.objects.get(name="长三角"),
        intended_investment=Decimal("1000"),
        region=regions[FOREIGN_REGION],
    )


def make_contract(regions: dict[str, Region]) -> Contract:
    return Contract.objects.create(
        name="晋江范围测试签约项目",
        investor_name="晋江范围测试投资方",
        amount=Decimal("1000"),
        signed_on=datetime.date(2025, 3, 1),
        region=regions[FOREIGN_REGION],
        source=LeadSource.objects.get(name="长三角"),
    )


def make_milestone(regions: dict[str, Region]) -> Milestone:
    return Milestone.objects.create(
        contract=make_contract(regions), kind=MilestoneKind.REGISTERED, date=datetime.date(2025, 4, 1)
    )


def make_team(regions: dict[str, Region]) -> Team:
    return Team.objects.create(name="晋江范围测试招商组", region=regions[FOREIGN_REGION])


def make_event(regions: dict[str, Region]) -> SigningEvent:
    return SigningEvent.objects.create(
        name="晋江范围测试签约大会", date=datetime.date(2025, 3, 1), region=regions[FOREIGN_REGION]
    )


def make_target(regions: dict[str, Region]) -> AttractionTarget:
    return AttractionTarget.objects.create(year=2025, region=regions[FOREIGN_REGION], signed_amount=Decimal("1000"))


def make_problem(regions: dict[str, Region]) -> Problem:
    """A problem of the 晋江 project assigned to a 晋江 department (created in that state, at version 1)."""
    return Problem.objects.create(
        project=make_project(regions),
        kind=ProblemKind.objects.get(code="land"),
        title="晋江范围测试问题",
        description="用地指标未落实",
        raised_on=datetime.date(2026, 2, 10),
        status=ProblemStatus.ASSIGNED,
        lead_unit=make_unit(regions),
        assigned_on=datetime.date(2026, 2, 13),
        deadline=datetime.date(2026, 3, 2),
        helper_deadline=datetime.date(2026, 2, 25),
    )


def make_attachment(regions: dict[str, Region]) -> Attachment:
    record = HandlingRecord.objects.create(
        problem=make_problem(regions), action="reply", on=datetime.date(2026, 2, 24), note="反馈"
    )
    return Attachment.store_all([SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%%EOF\n")], record=record)[0]


def make_approval(regions: dict[str, Region]) -> ApprovalItem:
    return ApprovalItem.objects.create(
        project=make_project(regions), type=ApprovalType.CONSTRUCTION, handling_unit=make_unit(regions)
    )


def make_inspection(regions: dict[str, Region]) -> Inspection:
    return Inspection.objects.create(
        on=datetime.date(2026, 3, 3),
        project=make_project(regions),
        inspectors="晋江范围测试督查组",
        findings="现场施工正常",
    )


def make_photo(regions: dict[str, Region]) -> InspectionPhoto:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    return InspectionPhoto.store_all([SimpleUploadedFile("现场.png", png)], inspection=make_inspection(regions))[0]


def _scope_indicator() -> Indicator:
    return Indicator.objects.get_or_create(
        key="scope_fai", defaults={"name": "范围测试投资", "unit": IndicatorUnit.MONEY, "source": Source.MANUAL}
    )[0]


def make_indicator_target(regions: dict[str, Region]) -> Target:
    return Target.objects.create(
        indicator=_scope_indicator(),
        year=2025,
        region=regions[FOREIGN_REGION],
        value=Decimal("1000"),
        note="晋江范围测试目标",
    )


def make_entry(regions: dict[str, Region]) -> IndicatorEntry:
    return IndicatorEntry.objects.create(
        indicator=_scope_indicator(),
        region=regions[FOREIGN_REGION],
        year=2025,
        month=10,
        value=Decimal("900"),
        note="晋江范围测试填报",
    )


def make_scheme(regions: dict[str, Region]) -> AssessmentScheme:
    """泉州市's scheme: every outsider (鲤城, 福州) is outside 泉州市 itself."""
    scheme = AssessmentScheme.objects.create(year=2025, region=regions["350500"], name="泉州范围测试考核")
    AssessmentItem.objects.create(scheme=scheme, indicator=_scope_indicator(), weight=Decimal("100"))
    AssessmentAdjustment.objects.create(
        scheme=scheme,
        region=regions[FOREIGN_REGION],
        on=datetime.date(2025, 5, 1),
        kind=AdjustmentKind.BONUS,
        points=Decimal("1"),
        reason="记功嘉奖",
    )
    return scheme


FACTORIES: dict[str, Callable[[dict[str, Region]], Any]] = {
    "unit": make_unit,
    "region": make_region,
    "project": make_project,
    "transition": make_transition,
    "plan": make_plan,
    "suspension": make_suspension,
    "report": make_report,
    "approved_report": make_approved_report,
    "lead": make_lead,
    "contract": make_contract,
    "milestone": make_milestone,
    "team": make_team,
    "event": make_event,
    "target": make_target,
    "problem": make_problem,
    "attachment": make_attachment,
    "approval": make_approval,
    "inspection": make_inspection,
    "photo": make_photo,
    "indicator_target": make_indicator_target,
    "entry": make_entry,
    "scheme": make_scheme,
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    factory: str
    url: Callable[[Any], str]
    kind: str = "page"  # page | api | export
    method: str = "get"
    data: dict[str, Any] | None = None
    marker: Callable[[Any], str] = str  # text that identifies the object in an export

    def __str__(self) -> str:
        return self.name


ENDPOINTS: list[Endpoint] = [
    Endpoint("单位详情页", "unit", lambda o: reverse("core:unit_detail", args=[o.pk])),
    Endpoint("单位历史页", "unit", lambda o: reverse("core:unit_detail", args=[o.pk]) + "?tab=history"),
    Endpoint("单位修改页", "unit", lambda o: reverse("core:unit_edit", args=[o.pk])),
    Endpoint(
        "单位修改提交",
        "unit",
        lambda o: reverse("core:unit_edit", args=[o.pk]),
        method="post",
        data={"name": "改名", "kind": "government", "region": "", "reason": "越权"},
    ),
    Endpoint("单位删除页", "unit", lambda o: reverse("core:unit_delete", args=[o.pk])),
    Endpoint(
        "单位删除提交",
        "unit",
        lambda o: reverse("core:unit_delete", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint("单位导出", "unit", lambda o: reverse("core:unit_export"), kind="export"),
    Endpoint("单位API详情", "unit", lambda o: f"/api/v1/units/{o.pk}/", kind="api"),
    Endpoint(
        "单位API修改",
        "unit",
        lambda o: f"/api/v1/units/{o.pk}/",
        kind="api",
        method="patch",
        data={"name": "改名", "version": 1, "reason": "越权"},
    ),
    Endpoint("单位API删除", "unit", lambda o: f"/api/v1/units/{o.pk}/", kind="api", method="delete"),
    Endpoint("区域API详情", "region", lambda o: f"/api/v1/regions/{o.code}/", kind="api"),
    Endpoint(
        "区域API列表", "region", lambda o: f"/api/v1/regions/?q={o.code}", kind="api-list", marker=lambda o: o.code
    ),
    # Project registry (projects app): pages that change a project, its plan or 停工/复工, exports and the API.
    Endpoint("项目修改页", "project", lambda o: reverse("projects:project_edit", args=[o.pk])),
    Endpoint(
        "项目修改提交",
        "project",
        lambda o: reverse("projects:project_edit", args=[o.pk]),
        method="post",
        data={"name": "改名", "region": "", "category": "industry", "total_investment": "1", "reason": "越权"},
    ),
    Endpoint("项目删除页", "project", lambda o: reverse("projects:project_delete", args=[o.pk])),
    Endpoint(
        "项目删除提交",
        "project",
        lambda o: reverse("projects:project_delete", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint("项目阶段变更页", "project", lambda o: reverse("projects:project_advance", args=[o.pk])),
    Endpoint(
        "项目阶段变更提交",
        "project",
        lambda o: reverse("projects:project_advance", args=[o.pk]),
        method="post",
        data={"to_stage": "preparation", "date": "2025-04-01", "note": "越权"},
    ),
    Endpoint("停工申请页", "project", lambda o: reverse("projects:suspension_create", args=[o.pk])),
    Endpoint(
        "停工申请提交",
        "project",
        lambda o: reverse("projects:suspension_create", args=[o.pk]),
        method="post",
        data={"kind": "suspend", "date": "2025-08-01", "reason": "越权"},
    ),
    Endpoint(
        "停工审批提交",
        "suspension",
        lambda o: reverse("projects:suspension_decide", args=[o.pk]),
        method="post",
        data={"decision": "approve"},
    ),
    Endpoint("项目导出", "project", lambda o: reverse("projects:project_export"), kind="export"),
    Endpoint("年度计划修改页", "plan", lambda o: reverse("projects:plan_edit", args=[o.pk])),
    Endpoint(
        "年度计划修改提交",
        "plan",
        lambda o: reverse("projects:plan_edit", args=[o.pk]),
        method="post",
        data={"year": "2025", "planned_investment": "1", "reason": "越权", "goals-TOTAL_FORMS": "0"},
    ),
    Endpoint(
        "年度计划导出",
        "plan",
        lambda o: reverse("projects:plan_export"),
        kind="export",
        marker=lambda o: o.project.name,
    ),
    Endpoint("项目API详情", "project", lambda o: f"/api/v1/projects/{o.pk}/", kind="api"),
    Endpoint(
        "项目API修改",
        "project",
        lambda o: f"/api/v1/projects/{o.pk}/",
        kind="api",
        method="patch",
        data={"name": "改名", "version": 1, "reason": "越权"},
    ),
    Endpoint("项目API删除", "project", lambda o: f"/api/v1/projects/{o.pk}/", kind="api", method="delete"),
    Endpoint(
        "项目API阶段变更",
        "project",
        lambda o: f"/api/v1/projects/{o.pk}/advance/",
        kind="api",
        method="post",
        data={"to_stage": "preparation", "date": "2025-04-01"},
    ),
    Endpoint(
        "项目API列表", "project", lambda o: f"/api/v1/projects/?q={o.code}", kind="api-list", marker=lambda o: o.code
    ),
    Endpoint(
        "阶段变更API列表",
        "transition",
        lambda o: f"/api/v1/stage-transitions/?project={o.project_id}",
        kind="api-list",
        marker=lambda o: o.project.name,
    ),
    Endpoint("年度计划API详情", "plan", lambda o: f"/api/v1/annual-plans/{o.pk}/", kind="api"),
    Endpoint(
        "年度计划API修改",
        "plan",
        lambda o: f"/api/v1/annual-plans/{o.pk}/",
        kind="api",
        method="patch",
        data={"planned_investment": "1", "version": 1, "reason": "越权"},
    ),
    Endpoint("停工API详情", "suspension", lambda o: f"/api/v1/suspensions/{o.pk}/", kind="api"),
    Endpoint(
        "停工API审批",
        "suspension",
        lambda o: f"/api/v1/suspensions/{o.pk}/decide/",
        kind="api",
        method="post",
        data={"decision": "approve"},
    ),
    # Monthly dispatch (dispatch app): the project detail page, reports, their workflow actions, exports and API.
    Endpoint("项目详情页", "project", lambda o: reverse("dispatch:project_detail", args=[o.pk])),
    Endpoint("项目历史页", "project", lambda o: reverse("dispatch:project_detail", args=[o.pk]) + "?tab=history"),
    Endpoint(
        "项目进度API列表",
        "project",
        lambda o: f"/api/v1/projects-progress/?q={o.code}",
        kind="api-list",
        marker=lambda o: o.code,
    ),
    Endpoint("项目进度API详情", "project", lambda o: f"/api/v1/projects-progress/{o.pk}/", kind="api"),
    Endpoint("调度报告详情页", "report", lambda o: reverse("dispatch:report_detail", args=[o.pk])),
    Endpoint("调度报告历史页", "report", lambda o: reverse("dispatch:report_detail", args=[o.pk]) + "?tab=history"),
    Endpoint("调度报告修改页", "report", lambda o: reverse("dispatch:report_edit", args=[o.pk])),
    Endpoint(
        "调度报告修改提交",
        "report",
        lambda o: reverse("dispatch:report_edit", args=[o.pk]),
        method="post",
        data={"amount": "1", "version": 1, "reason": "越权"},
    ),
    Endpoint(
        "调度报告报送", "report", lambda o: reverse("dispatch:report_submit", args=[o.pk]), method="post", data={}
    ),
    Endpoint(
        "调度报告审核", "report", lambda o: reverse("dispatch:report_approve", args=[o.pk]), method="post", data={}
    ),
    Endpoint(
        "调度报告退回",
        "report",
        lambda o: reverse("dispatch:report_return", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint("调度报告更正页", "approved_report", lambda o: reverse("dispatch:report_correct", args=[o.pk])),
    Endpoint(
        "调度报告更正提交",
        "approved_report",
        lambda o: reverse("dispatch:report_correct", args=[o.pk]),
        method="post",
        data={"amount": "1", "version": 1, "reason": "越权"},
    ),
    Endpoint(
        "调度报告导出",
        "report",
        lambda o: reverse("dispatch:report_export"),
        kind="export",
        marker=lambda o: o.project.name,
    ),
    Endpoint("调度报告API详情", "report", lambda o: f"/api/v1/monthly-reports/{o.pk}/", kind="api"),
    Endpoint(
        "调度报告API列表",
        "report",
        lambda o: f"/api/v1/monthly-reports/?q={o.project.code}",
        kind="api-list",
        marker=lambda o: o.project.name,
    ),
    Endpoint(
        "调度报告API修改",
        "report",
        lambda o: f"/api/v1/monthly-reports/{o.pk}/",
        kind="api",
        method="patch",
        data={"amount": "1", "version": 1, "reason": "越权"},
    ),
    Endpoint("调度报告API删除", "report", lambda o: f"/api/v1/monthly-reports/{o.pk}/", kind="api", method="delete"),
    Endpoint(
        "调度报告API报送", "report", lambda o: f"/api/v1/monthly-reports/{o.pk}/submit/", kind="api", method="post"
    ),
    Endpoint(
        "调度报告API审核", "report", lambda o: f"/api/v1/monthly-reports/{o.pk}/approve/", kind="api", method="post"
    ),
    Endpoint(
        "调度报告API退回",
        "report",
        lambda o: f"/api/v1/monthly-reports/{o.pk}/return/",
        kind="api",
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint(
        "调度报告API更正",
        "approved_report",
        lambda o: f"/api/v1/monthly-reports/{o.pk}/correct/",
        kind="api",
        method="post",
        data={"amount": "1", "reason": "越权"},
    ),
    # Investment attraction (attraction app): pages, actions and exports.
    Endpoint("招商概览页", "region", lambda o: reverse("attraction:overview") + f"?region={o.code}"),
    Endpoint("招商组排名页", "region", lambda o: reverse("attraction:team_ranking") + f"?region={o.code}"),
    Endpoint("线索详情页", "lead", lambda o: reverse("attraction:lead_detail", args=[o.pk])),
    Endpoint("线索历史页", "lead", lambda o: reverse("attraction:lead_detail", args=[o.pk]) + "?tab=history"),
    Endpoint("线索修改页", "lead", lambda o: reverse("attraction:lead_edit", args=[o.pk])),
    Endpoint(
        "线索修改提交",
        "lead",
        lambda o: reverse("attraction:lead_edit", args=[o.pk]),
        method="post",
        data={"company": "改名", "intended_investment": "1", "version": 1, "reason": "越权"},
    ),
    Endpoint(
        "线索状态变更提交",
        "lead",
        lambda o: reverse("attraction:lead_move", args=[o.pk]),
        method="post",
        data={"to_status": "talking", "date": "2025-04-01", "reason": "越权"},
    ),
    Endpoint(
        "线索跟进提交",
        "lead",
        lambda o: reverse("attraction:lead_followup", args=[o.pk]),
        method="post",
        data={"date": "2025-04-01", "content": "越权"},
    ),
    Endpoint(
        "线索删除提交",
        "lead",
        lambda o: reverse("attraction:lead_delete", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint(
        "线索导出", "lead", lambda o: reverse("attraction:lead_export"), kind="export", marker=lambda o: o.company
    ),
    Endpoint("从线索签约页", "lead", lambda o: reverse("attraction:contract_create") + f"?lead={o.pk}"),
    Endpoint("签约项目详情页", "contract", lambda o: reverse("attraction:contract_detail", args=[o.pk])),
    Endpoint(
        "签约项目历史页", "contract", lambda o: reverse("attraction:contract_detail", args=[o.pk]) + "?tab=history"
    ),
    Endpoint("签约项目修改页", "contract", lambda o: reverse("attraction:contract_edit", args=[o.pk])),
    Endpoint(
        "签约项目修改提交",
        "contract",
        lambda o: reverse("attraction:contract_edit", args=[o.pk]),
        method="post",
        data={"name": "改名", "amount": "1", "version": 1, "reason": "越权"},
    ),
    Endpoint(
        "签约项目删除提交",
        "contract",
        lambda o: reverse("attraction:contract_delete", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint("履约节点登记页", "contract", lambda o: reverse("attraction:milestone_record", args=[o.pk])),
    Endpoint(
        "履约节点登记提交",
        "contract",
        lambda o: reverse("attraction:milestone_record", args=[o.pk]),
        method="post",
        data={"kind": "registered", "date": "2025-04-01", "evidence": "越权"},
    ),
    Endpoint(
        "履约节点删除提交",
        "milestone",
        lambda o: reverse("attraction:milestone_delete", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint(
        "资金到位登记提交",
        "contract",
        lambda o: reverse("attraction:fund_create", args=[o.pk]),
        method="post",
        data={"date": "2025-04-01", "amount": "1", "reason": "越权"},
    ),
    Endpoint(
        "关联项目提交",
        "contract",
        lambda o: reverse("attraction:contract_link_project", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint(
        "签约项目导出",
        "contract",
        lambda o: reverse("attraction:contract_export"),
        kind="export",
        marker=lambda o: o.name,
    ),
    Endpoint("招商组详情页", "team", lambda o: reverse("attraction:team_detail", args=[o.pk])),
    Endpoint("招商组修改页", "team", lambda o: reverse("attraction:team_edit", args=[o.pk])),
    Endpoint(
        "招商组成员添加提交",
        "team",
        lambda o: reverse("attraction:team_member_add", args=[o.pk]),
        method="post",
        data={"name": "越权", "reason": "越权"},
    ),
    Endpoint("招商组导出", "team", lambda o: reverse("attraction:team_export"), kind="export", marker=lambda o: o.name),
    Endpoint("签约活动详情页", "event", lambda o: reverse("attraction:event_detail", args=[o.pk])),
    Endpoint("签约活动修改页", "event", lambda o: reverse("attraction:event_edit", args=[o.pk])),
    Endpoint(
        "签约活动导出", "event", lambda o: reverse("attraction:event_export"), kind="export", marker=lambda o: o.name
    ),
    Endpoint("招商目标修改页", "target", lambda o: reverse("attraction:target_edit", args=[o.pk])),
    Endpoint(
        "招商目标导出",
        "target",
        lambda o: reverse("attraction:target_export"),
        kind="export",
        marker=lambda o: "晋江市",
    ),
    # Investment attraction: the API.
    Endpoint("线索API详情", "lead", lambda o: f"/api/v1/leads/{o.pk}/", kind="api"),
    Endpoint(
        "线索API列表", "lead", lambda o: f"/api/v1/leads/?q={o.company}", kind="api-list", marker=lambda o: o.company
    ),
    Endpoint(
        "线索API修改",
        "lead",
        lambda o: f"/api/v1/leads/{o.pk}/",
        kind="api",
        method="patch",
        data={"company": "改名", "version": 1, "reason": "越权"},
    ),
    Endpoint("线索API删除", "lead", lambda o: f"/api/v1/leads/{o.pk}/", kind="api", method="delete"),
    Endpoint(
        "线索API状态变更",
        "lead",
        lambda o: f"/api/v1/leads/{o.pk}/move/",
        kind="api",
        method="post",
        data={"to_status": "talking", "version": 1, "reason": "越权"},
    ),
    Endpoint("签约项目API详情", "contract", lambda o: f"/api/v1/contracts/{o.pk}/", kind="api"),
    Endpoint(
        "签约项目API列表",
        "contract",
        lambda o: f"/api/v1/contracts/?q={o.name}",
        kind="api-list",
        marker=lambda o: o.name,
    ),
    Endpoint(
        "签约项目API修改",
        "contract",
        lambda o: f"/api/v1/contracts/{o.pk}/",
        kind="api",
        method="patch",
        data={"name": "改名", "version": 1, "reason": "越权"},
    ),
    Endpoint("签约项目API删除", "contract", lambda o: f"/api/v1/contracts/{o.pk}/", kind="api", method="delete"),
    Endpoint("履约节点API详情", "milestone", lambda o: f"/api/v1/milestones/{o.pk}/", kind="api"),
    Endpoint("履约节点API删除", "milestone", lambda o: f"/api/v1/milestones/{o.pk}/", kind="api", method="delete"),
    Endpoint("招商组API详情", "team", lambda o: f"/api/v1/teams/{o.pk}/", kind="api"),
    Endpoint("签约活动API详情", "event", lambda o: f"/api/v1/signing-events/{o.pk}/", kind="api"),
    Endpoint("招商目标API详情", "target", lambda o: f"/api/v1/attraction-targets/{o.pk}/", kind="api"),
    Endpoint("招商比率API", "region", lambda o: f"/api/v1/attraction/rates/?region={o.code}", kind="api"),
    Endpoint("招商目标进度API", "region", lambda o: f"/api/v1/attraction/target-progress/?region={o.code}", kind="api"),
    # Problems, approval items and inspections (problems app): pages, workflow actions, downloads and exports.
    Endpoint("问题详情页", "problem", lambda o: reverse("problems:problem_detail", args=[o.pk])),
    Endpoint("问题历史页", "problem", lambda o: reverse("problems:problem_detail", args=[o.pk]) + "?tab=history"),
    Endpoint("问题改派页", "problem", lambda o: reverse("problems:problem_assign", args=[o.pk])),
    Endpoint(
        "问题改派提交",
        "problem",
        lambda o: reverse("problems:problem_assign", args=[o.pk]),
        method="post",
        data={"lead_unit": "", "on": "2026-02-14", "reason": "越权"},
    ),
    Endpoint(
        "问题反馈提交",
        "problem",
        lambda o: reverse("problems:problem_reply", args=[o.pk]),
        method="post",
        data={"content": "越权", "on": "2026-02-14"},
    ),
    Endpoint(
        "问题延期申请提交",
        "problem",
        lambda o: reverse("problems:problem_extension", args=[o.pk]),
        method="post",
        data={"new_deadline": "2026-03-09", "reason": "越权", "on": "2026-02-14"},
    ),
    Endpoint(
        "问题办结提交",
        "problem",
        lambda o: reverse("problems:problem_resolve", args=[o.pk]),
        method="post",
        data={"resolution": "越权", "on": "2026-02-14"},
    ),
    Endpoint(
        "问题销号提交",
        "problem",
        lambda o: reverse("problems:problem_close", args=[o.pk]),
        method="post",
        data={"note": "越权"},
    ),
    Endpoint(
        "问题退回提交",
        "problem",
        lambda o: reverse("problems:problem_return", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint(
        "问题删除提交",
        "problem",
        lambda o: reverse("problems:problem_delete", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint(
        "问题导出",
        "problem",
        lambda o: reverse("problems:problem_export"),
        kind="export",
        marker=lambda o: o.code,
    ),
    Endpoint("问题附件下载", "attachment", lambda o: reverse("problems:attachment", args=[o.pk])),
    Endpoint("前期手续详情页", "approval", lambda o: reverse("problems:approval_detail", args=[o.pk])),
    Endpoint("前期手续历史页", "approval", lambda o: reverse("problems:approval_detail", args=[o.pk]) + "?tab=history"),
    Endpoint("前期手续修改页", "approval", lambda o: reverse("problems:approval_edit", args=[o.pk])),
    Endpoint(
        "前期手续修改提交",
        "approval",
        lambda o: reverse("problems:approval_edit", args=[o.pk]),
        method="post",
        data={"type": "construction", "status": "not_started", "reason": "越权"},
    ),
    Endpoint(
        "前期手续删除提交",
        "approval",
        lambda o: reverse("problems:approval_delete", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint("项目前期手续页", "approval", lambda o: reverse("problems:approval_project", args=[o.project_id])),
    Endpoint(
        "前期手续导出",
        "approval",
        lambda o: reverse("problems:approval_export"),
        kind="export",
        marker=lambda o: o.project.name,
    ),
    Endpoint("督查详情页", "inspection", lambda o: reverse("problems:inspection_detail", args=[o.pk])),
    Endpoint("督查修改页", "inspection", lambda o: reverse("problems:inspection_edit", args=[o.pk])),
    Endpoint(
        "督查删除提交",
        "inspection",
        lambda o: reverse("problems:inspection_delete", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint(
        "督查导出",
        "inspection",
        lambda o: reverse("problems:inspection_export"),
        kind="export",
        marker=lambda o: o.inspectors,
    ),
    Endpoint("督查照片", "photo", lambda o: reverse("problems:photo", args=[o.pk])),
    # The same rows through the API.
    Endpoint("问题API详情", "problem", lambda o: f"/api/v1/problems/{o.pk}/", kind="api"),
    Endpoint(
        "问题API列表", "problem", lambda o: f"/api/v1/problems/?q={o.title}", kind="api-list", marker=lambda o: o.code
    ),
    Endpoint(
        "问题API修改",
        "problem",
        lambda o: f"/api/v1/problems/{o.pk}/",
        kind="api",
        method="patch",
        data={"title": "改名", "version": 1, "reason": "越权"},
    ),
    Endpoint("问题API删除", "problem", lambda o: f"/api/v1/problems/{o.pk}/", kind="api", method="delete"),
    *(
        Endpoint(
            f"问题API{label}",
            "problem",
            lambda o, action=action: f"/api/v1/problems/{o.pk}/{action}/",
            kind="api",
            method="post",
            data=data,
        )
        for label, action, data in (
            ("改派", "assign", {"lead_unit": 1, "on": "2026-02-14", "version": 1, "reason": "越权"}),
            ("反馈", "reply", {"content": "越权", "on": "2026-02-14"}),
            ("申请延期", "request-extension", {"new_deadline": "2026-03-20", "reason": "越权", "on": "2026-02-14"}),
            ("审批延期", "decide-extension", {"approve": True, "note": "越权", "on": "2026-02-14", "version": 1}),
            ("办结", "resolve", {"resolution": "越权", "on": "2026-02-14", "version": 1}),
            ("销号", "close", {"note": "越权", "on": "2026-02-14", "version": 1}),
            ("退回", "return", {"reason": "越权", "on": "2026-02-14", "version": 1}),
        )
    ),
    Endpoint("办理记录API详情", "attachment", lambda o: f"/api/v1/handling-records/{o.record_id}/", kind="api"),
    Endpoint(
        "办理记录API列表",
        "attachment",
        lambda o: f"/api/v1/handling-records/?problem={o.record.problem_id}",
        kind="api-list",
        marker=lambda o: o.name,
    ),
    Endpoint("前期手续API详情", "approval", lambda o: f"/api/v1/approval-items/{o.pk}/", kind="api"),
    Endpoint(
        "前期手续API修改",
        "approval",
        lambda o: f"/api/v1/approval-items/{o.pk}/",
        kind="api",
        method="patch",
        data={"document_number": "越权", "version": 1, "reason": "越权"},
    ),
    Endpoint("前期手续API删除", "approval", lambda o: f"/api/v1/approval-items/{o.pk}/", kind="api", method="delete"),
    Endpoint("督查API详情", "inspection", lambda o: f"/api/v1/inspections/{o.pk}/", kind="api"),
    Endpoint(
        "督查API列表",
        "inspection",
        lambda o: f"/api/v1/inspections/?project={o.project_id}",
        kind="api-list",
        marker=lambda o: o.inspectors,
    ),
    Endpoint("督查API删除", "inspection", lambda o: f"/api/v1/inspections/{o.pk}/", kind="api", method="delete"),
    Endpoint(
        "督查API上传照片", "inspection", lambda o: f"/api/v1/inspections/{o.pk}/photos/", kind="api", method="post"
    ),
    # Targets, hand-entered figures, assessment (targets app); rankings are public and not in this matrix.
    Endpoint("目标详情页", "indicator_target", lambda o: reverse("targets:target_detail", args=[o.pk])),
    Endpoint(
        "目标历史页", "indicator_target", lambda o: reverse("targets:target_detail", args=[o.pk]) + "?tab=history"
    ),
    Endpoint("目标修改页", "indicator_target", lambda o: reverse("targets:target_edit", args=[o.pk])),
    Endpoint(
        "目标修改提交",
        "indicator_target",
        lambda o: reverse("targets:target_edit", args=[o.pk]),
        method="post",
        data={"value": "1", "reason": "越权"},
    ),
    Endpoint(
        "目标删除提交", "indicator_target", lambda o: reverse("targets:target_delete", args=[o.pk]), method="post"
    ),
    Endpoint(
        "目标导出",
        "indicator_target",
        lambda o: reverse("targets:target_export") + "?year=2025",
        kind="export",
        marker=lambda o: o.note,
    ),
    Endpoint("目标API详情", "indicator_target", lambda o: f"/api/v1/targets/{o.pk}/", kind="api"),
    Endpoint(
        "目标API列表",
        "indicator_target",
        lambda o: "/api/v1/targets/?year=2025",
        kind="api-list",
        marker=lambda o: o.note,
    ),
    Endpoint(
        "目标API修改",
        "indicator_target",
        lambda o: f"/api/v1/targets/{o.pk}/",
        kind="api",
        method="patch",
        data={"value": "1", "version": 1, "reason": "越权"},
    ),
    Endpoint("目标API删除", "indicator_target", lambda o: f"/api/v1/targets/{o.pk}/", kind="api", method="delete"),
    Endpoint("目标进度页", "region", lambda o: reverse("targets:progress") + f"?region={o.code}"),
    Endpoint("目标进度API", "region", lambda o: f"/api/v1/targets/progress/?region={o.code}", kind="api"),
    Endpoint("驾驶舱", "region", lambda o: reverse("targets:cockpit") + f"?region={o.code}"),
    Endpoint("指标填报详情页", "entry", lambda o: reverse("targets:entry_detail", args=[o.pk])),
    Endpoint("指标填报修改页", "entry", lambda o: reverse("targets:entry_edit", args=[o.pk])),
    Endpoint("指标填报删除提交", "entry", lambda o: reverse("targets:entry_delete", args=[o.pk]), method="post"),
    Endpoint(
        "指标填报导出",
        "entry",
        lambda o: reverse("targets:entry_export") + "?year=2025",
        kind="export",
        marker=lambda o: o.note,
    ),
    Endpoint("指标填报API详情", "entry", lambda o: f"/api/v1/indicator-entries/{o.pk}/", kind="api"),
    Endpoint(
        "指标填报API修改",
        "entry",
        lambda o: f"/api/v1/indicator-entries/{o.pk}/",
        kind="api",
        method="patch",
        data={"value": "1", "version": 1, "reason": "越权"},
    ),
    Endpoint("考核方案详情页", "scheme", lambda o: reverse("targets:scheme_detail", args=[o.pk])),
    Endpoint("考核方案导出", "scheme", lambda o: reverse("targets:scheme_detail", args=[o.pk]) + "?format=xlsx"),
    Endpoint("考核方案修改页", "scheme", lambda o: reverse("targets:scheme_edit", args=[o.pk])),
    Endpoint("考核方案删除提交", "scheme", lambda o: reverse("targets:scheme_delete", args=[o.pk]), method="post"),
    Endpoint("考核指标新增页", "scheme", lambda o: reverse("targets:scheme_item_create", args=[o.pk])),
    Endpoint("考核指标修改页", "scheme", lambda o: reverse("targets:scheme_item_edit", args=[o.items.get().pk])),
    Endpoint("加减分新增页", "scheme", lambda o: reverse("targets:scheme_adjustment_create", args=[o.pk])),
    Endpoint(
        "加减分删除提交",
        "scheme",
        lambda o: reverse("targets:scheme_adjustment_delete", args=[o.adjustments.get().pk]),
        method="post",
    ),
    Endpoint("考核方案API详情", "scheme", lambda o: f"/api/v1/assessment-schemes/{o.pk}/", kind="api"),
    Endpoint("考核得分API", "scheme", lambda o: f"/api/v1/assessment-schemes/{o.pk}/scores/", kind="api"),
    Endpoint("考核指标API详情", "scheme", lambda o: f"/api/v1/assessment-items/{o.items.get().pk}/", kind="api"),
]
