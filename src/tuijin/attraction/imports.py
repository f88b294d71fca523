"""Excel import/export of the 招商线索表 and of the 签约项目台账 with its fulfilment, declared on top of ``exchange``.

Both sheets read exactly what their export writes (``import_columns``), so export → edit in Excel → import
changes only the edited cells. Related fields take human keys: the region by 区划代码 or name, 来源地 by name,
招商组 by name among the teams of the row's region and the regions above it, 签约活动 by name (and date),
关联项目代码 by a registry project's code among the projects the user can see.

Rules that keep the sheets from bypassing the models' workflows:

- a lead's 状态 is set through ``Lead.move`` for a new lead only (never 签约: that comes from its contract);
  for an existing lead 状态 and 放弃原因 may only repeat the stored values;
- a contract's milestones are recorded through ``Contract.record_milestone`` (so 开工 links or creates the
  registry project), only when new or changed; a stored milestone left blank is an error, not a deletion;
- 累计到位资金 is a running total: more than stored adds one 资金到位 of the difference dated 最近到位日期,
  less is an error.

Milestones are checked against each other in memory before anything is written, so the preview and
``--dry-run`` report order and date problems per row and column, with the models' own rules over given dates
(``models.milestone_errors`` and ``models.fund_errors``).
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from tuijin.attraction.choices import MILESTONE_ORDER, ContractKind, LeadStatus, MilestoneKind
from tuijin.attraction.import_columns import (
    CONTRACT_COLUMNS,
    LEAD_COLUMNS,
    MILESTONE_COLUMNS,
    lookup_event,
    lookup_project,
    lookup_source,
    lookup_team,
)
from tuijin.attraction.models import Contract, FundArrival, Lead, Milestone, fund_errors, milestone_errors
from tuijin.core.models import Region
from tuijin.core.periods import date_label
from tuijin.exchange import cells
from tuijin.exchange.pipeline import (
    ImportSpec,
    Problems,
    RowError,
    assign,
    choice_value,
    filter_region,
    resolve_region,
    show,
)
from tuijin.exchange.reader import Row
from tuijin.projects.choices import IndustrySection, Stage
from tuijin.projects.imports import normalize_code
from tuijin.projects.models import StageTransition

__all__ = ["ContractImportSpec", "LeadImportSpec", "recording_order"]

KIND_ALIASES = {"框架": ContractKind.FRAMEWORK, "正式": ContractKind.FORMAL, "合同": ContractKind.FORMAL}


# --- the model rules over in-memory rows --------------------------------------------------------------------------


def recording_order(plan: Mapping[str, tuple[datetime.date, str]], stored: Mapping[str, Milestone]) -> list[str]:
    """The milestones to record, in an order in which every single step satisfies ``Milestone.clean``.

    Going from one consistent set of dates to another one milestone at a time: first the stored ones whose date
    moves earlier (注册 first), then those moving later (投产 first), then the new ones (注册 first, so each finds
    its prerequisite). Every intermediate set is then in order as well.
    """
    changed = [kind for kind in MILESTONE_ORDER if kind in plan and _differs(plan[kind], stored.get(kind))]
    earlier = [kind for kind in changed if kind in stored and plan[kind][0] < stored[kind].date]
    later = [kind for kind in changed if kind in stored and plan[kind][0] >= stored[kind].date]
    new = [kind for kind in changed if kind not in stored]
    return earlier + later[::-1] + new


def _differs(planned: tuple[datetime.date, str], stored: Milestone | None) -> bool:
    return stored is None or (stored.date, stored.evidence) != planned


# --- what both sheets share ---------------------------------------------------------------------------------------


class _AttractionSpec(ImportSpec):
    region_columns = ("region.name", "region.code")

    def prepare(self, user: Any, context: dict[str, Any]) -> None:
        super().prepare(user, context)
        self.today = timezone.localdate()

    def _region(self, values: dict[str, Any], problems: Problems) -> Region | None:
        code, name = values.get("region.code"), values.get("region.name")
        if not (code or name):
            return None
        try:
            return resolve_region(code, name, self.user, self.model.scope)
        except ValueError as exc:
            problems.add("region.code" if code else "region.name", str(exc))
            return None

    def _place(self, obj: Any, region: Region | None, values: dict[str, Any], problems: Problems) -> Region | None:
        """Put ``obj`` in the row's region; a new row must name one. Returns the region the row ends up in."""
        if region is not None:
            obj.region = region
        elif obj.pk is None and not problems:
            problems.add("region.name" if "region.name" in values else "region.code", "不能为空")
        return obj.region if obj.region_id else None

    def _industry(self, obj: Any, values: dict[str, Any], problems: Problems) -> None:
        if "industry_section" in values:
            text = values["industry_section"]
            try:
                assign(obj, "industry_section", choice_value(IndustrySection, text, "行业门类") if text else None)
            except ValueError as exc:
                problems.add("industry_section", str(exc))
        if "industry_division" in values:
            division = cells.squeeze(values["industry_division"] or "")
            assign(obj, "industry_division", division.zfill(2) if division.isdigit() else division)

    def _source(self, obj: Any, values: dict[str, Any], problems: Problems) -> None:
        if "source" in values:
            current = obj.source if obj.source_id else None
            source = lookup_source(values["source"], current, "source", problems)
            if source is not None:
                obj.source = source

    def _team(self, obj: Any, region: Region | None, values: dict[str, Any], problems: Problems) -> None:
        if "team" not in values:
            return
        if not values["team"]:
            obj.team = None
            return
        team = lookup_team(values["team"], region, "team", problems)
        if team is not None:
            obj.team = team

    @staticmethod
    def _industry_cells(obj: Any) -> dict[str, Any]:
        return {
            "industry_section": obj.get_industry_section_display() if obj.industry_section else None,
            "industry_division": obj.industry_division or None,
        }


# --- 招商线索表 -----------------------------------------------------------------------------------------------------


class LeadImportSpec(_AttractionSpec):
    """招商线索表: creates leads (in any status but 签约) and updates their facts; statuses change on the lead page."""

    model = Lead
    title = "招商线索表"
    columns = LEAD_COLUMNS
    key_columns = ("credit_code", "company")
    field_columns = {"region": "region.name"}

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> Lead:
        values = row.values
        problems = Problems()
        region = self._region(values, problems)
        lead = self._find(values, region, problems) or Lead()
        region = self._place(lead, region, values, problems)
        code = cells.squeeze(values.get("credit_code") or "").upper()
        if code:  # an empty cell keeps a stored code: it is the lead's key
            lead.credit_code = code
        for name in ("company", "project_name", "owner", "contact", "description", "intended_investment", "found_on"):
            if name in values:
                assign(lead, name, values[name])
        self._industry(lead, values, problems)
        self._source(lead, values, problems)
        self._team(lead, region, values, problems)
        self._status(lead, values, problems)
        problems.raise_if_any(lead)
        return lead

    def _find(self, values: dict[str, Any], region: Region | None, problems: Problems) -> Lead | None:
        """By 统一社会信用代码 + 拟投资项目, else by 企业名称 + 拟投资项目 + 所属区域 (a coded row then only matches a
        lead without a code, which it completes)."""
        visible = Lead.objects.visible_to(self.user).select_related("region", "source", "team")
        code = cells.squeeze(values.get("credit_code") or "").upper()
        project = (values.get("project_name") or "").strip()
        if code:
            found = visible.filter(credit_code=code, project_name=project).first()
            if found is not None:
                return found
        company = (values.get("company") or "").strip()
        if not company or region is None:
            return None
        candidates = visible.filter(company=company, project_name=project, region=region)
        if code:
            candidates = candidates.filter(credit_code="")
        found_leads = list(candidates[:2])
        if len(found_leads) > 1:
            problems.add("company", f"{region.name}有多条“{company}”的同名线索，请填写统一社会信用代码以区分")
            return None
        return found_leads[0] if found_leads else None

    def _status(self, lead: Lead, values: dict[str, Any], problems: Problems) -> None:
        """状态 and 放弃原因: a new lead's starting point (through ``Lead.move`` on save); for an existing lead only a
        repetition of what is stored."""
        text = values.get("status")
        try:
            wanted = choice_value(LeadStatus, text, "状态") if text else None
        except ValueError as exc:
            problems.add("status", str(exc))
            return
        reason = (values.get("drop_reason") or "").strip() if "drop_reason" in values else None
        if lead.pk is not None:
            if wanted and wanted != lead.status:
                problems.add(
                    "status",
                    f"线索当前状态为“{lead.get_status_display()}”，导入不能变更状态，"
                    f"请在线索页面办理状态变更（变更为“{LeadStatus(wanted).label}”）",
                )
            if reason is not None and reason != lead.drop_reason:
                problems.add("drop_reason", "放弃原因随状态变更填写，导入不能修改")
            return
        wanted = wanted or LeadStatus.LEAD
        if wanted != LeadStatus.LEAD:
            try:
                Lead(status=LeadStatus.LEAD).check_move(wanted, self.today, reason or "")
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    problems.add(key if key in {"status", "drop_reason"} else "status", " ".join(messages))
                return
        if wanted != LeadStatus.DROPPED and reason:
            problems.add("drop_reason", "只有状态为“放弃”的线索填写放弃原因")
        lead._import_status = (wanted, reason or "")

    def natural_keys(self, obj: Lead) -> list[tuple[str | None, Hashable]]:
        keys: list[tuple[str | None, Hashable]] = [("credit_code", ("pk", obj.pk))] if obj.pk else []
        if obj.credit_code:
            keys.append(("credit_code", ("code", obj.credit_code, obj.project_name)))
        else:
            keys.append(("company", ("company", obj.company, obj.project_name, obj.region_id)))
        return keys

    def save(self, obj: Lead, row: Row, user: Any) -> None:
        creating = obj.pk is None
        obj.save()
        status, reason = getattr(obj, "_import_status", (LeadStatus.LEAD, ""))
        if creating and status != LeadStatus.LEAD:
            # Through the model's workflow: the change is dated (today, the day it is recorded) and checked.
            obj.move(status, self.today, reason)

    def instance_to_row(self, obj: Lead, context: dict[str, Any]) -> dict[str, Any]:
        region = obj.region if obj.region_id else None
        return {
            "company": obj.company,
            "credit_code": obj.credit_code or None,
            "project_name": obj.project_name or None,
            "source": obj.source.name if obj.source_id else None,
            **self._industry_cells(obj),
            "intended_investment": obj.intended_investment,
            "region.name": region.name if region else None,
            "region.code": region.code if region else None,
            "team": obj.team.name if obj.team_id else None,
            "owner": obj.owner or None,
            "contact": obj.contact or None,
            "description": obj.description or None,
            "found_on": obj.found_on,
            "status": obj.get_status_display(),
            "drop_reason": obj.drop_reason or None,
        }

    def export_queryset(self, user: Any, context: dict[str, Any]) -> QuerySet[Lead]:
        leads = filter_region(Lead.objects.visible_to(user), context.get("region"))
        if context.get("year"):
            leads = leads.filter(found_on__year=int(context["year"]))
        return leads.select_related("region", "source", "team").order_by("region__path", "-found_on", "company", "pk")


# --- 签约项目台账 ---------------------------------------------------------------------------------------------------


class ContractImportSpec(_AttractionSpec):
    """签约项目台账: contracts with their fulfilment (milestones with evidence, funds arrived, the linked project)."""

    model = Contract
    title = "签约项目台账"
    columns = CONTRACT_COLUMNS
    key_columns = ("number", "name")
    field_columns = {"region": "region.name", "project": "project_code"}

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> Contract:
        values = row.values
        problems = Problems()
        region = self._region(values, problems)
        contract = self._find(values, region, problems) or Contract()
        region = self._place(contract, region, values, problems)
        if values.get("number"):  # an empty cell keeps a stored number: it is the contract's key
            contract.number = values["number"].strip()
        if "investor_credit_code" in values:
            assign(contract, "investor_credit_code", cells.squeeze(values["investor_credit_code"] or "").upper())
        for name in ("name", "investor_name", "amount", "signed_on", "needs_land", "content"):
            if name in values:
                assign(contract, name, values[name])
        if values.get("kind"):
            try:
                contract.kind = choice_value(ContractKind, values["kind"], "签约类型", KIND_ALIASES)
            except ValueError as exc:
                problems.add("kind", str(exc))
        self._industry(contract, values, problems)
        self._source(contract, values, problems)
        self._team(contract, region, values, problems)
        self._event(contract, region, values, problems)
        self._project(contract, values, problems)
        self._fulfilment(contract, values, problems)
        problems.raise_if_any(contract)
        return contract

    def _find(self, values: dict[str, Any], region: Region | None, problems: Problems) -> Contract | None:
        """By 合同编号 among the contracts the user can see (one they cannot see is a new contract, which the
        unique number then refuses), else by 项目名称 + 所属区域 + 签约日期."""
        visible = Contract.objects.visible_to(self.user).select_related("region", "source", "team", "event", "project")
        number = (values.get("number") or "").strip()
        if number:
            found = visible.filter(number=number).first()
            if found is not None:
                return found
        name, signed_on = (values.get("name") or "").strip(), values.get("signed_on")
        if not (name and signed_on and region):
            return None
        candidates = visible.filter(name=name, region=region, signed_on=signed_on)
        if number:
            candidates = candidates.filter(number="")
        found_contracts = list(candidates[:2])
        if len(found_contracts) > 1:
            problems.add("name", f"{region.name}同日签约的“{name}”有多个，请填写合同编号以区分")
            return None
        return found_contracts[0] if found_contracts else None

    def _event(self, contract: Contract, region: Region | None, values: dict[str, Any], problems: Problems) -> None:
        if "event" not in values:
            return
        text = (values["event"] or "").strip()
        current = contract.event if contract.event_id else None
        if not text:
            contract.event = None
        elif current is None or current.name != text or current.date != contract.signed_on:
            event = lookup_event(text, contract.signed_on, region, self.user, "event", problems)
            if event is not None:
                contract.event = event

    def _project(self, contract: Contract, values: dict[str, Any], problems: Problems) -> None:
        """关联项目代码 links a registry project (the project itself is not changed); an empty cell keeps the link,
        since a project created at 开工 has no national code yet."""
        code = normalize_code(values.get("project_code"))
        if not code:
            return
        current = contract.project if contract.project_id else None
        if current is not None and current.code == code:
            return
        project = lookup_project(code, self.user, "project_code", problems)
        if project is None:
            return
        if current is not None:
            problems.add("project_code", f"已关联项目“{current.name}”，导入不能更换关联项目，请在签约项目页面办理")
            return
        contract.project = project

    def _fulfilment(self, contract: Contract, values: dict[str, Any], problems: Problems) -> None:
        """The milestones the row ends with (a column left out keeps the stored ones) and the fund to add."""
        stored = {m.kind: m for m in contract.milestones.all()} if contract.pk else {}
        plan: dict[str, tuple[datetime.date, str]] = {}
        for kind, (date_key, evidence_key) in MILESTONE_COLUMNS.items():
            old, label = stored.get(kind), MilestoneKind(kind).label
            day = values[date_key] if date_key in values else (old.date if old else None)
            if evidence_key in values:
                evidence = values[evidence_key] or ""
            else:
                evidence = old.evidence if old else ""
            if day is None:
                if old is not None:
                    problems.add(date_key, f"已登记的{label}（{date_label(old.date)}）不能通过导入清除，请在系统中删除")
                elif evidence:
                    problems.add(date_key, f"填写了{label}佐证，请填写{label}日期")
                continue
            plan[kind] = (day, evidence)
        contract._import_stored = stored
        contract._import_milestones = plan
        contract._import_fund = None
        funds = list(contract.funds.all()) if contract.pk else []
        stored_total = sum((fund.amount for fund in funds), Decimal(0))
        contract._import_funds_total = stored_total
        if "funds_total" not in values:
            return
        total, day = values["funds_total"], values.get("funds_last_on")
        if total is None:
            if stored_total:
                problems.add("funds_total", f"已登记到位资金{show(stored_total)}万元，累计到位资金不能为空")
        elif total < stored_total:
            problems.add(
                "funds_total",
                f"累计到位资金{show(total)}万元少于已登记的{show(stored_total)}万元；"
                "导入只能增加到位资金，更正请在签约项目页面修改到位记录",
            )
        elif total > stored_total:
            if day is None:
                problems.add("funds_last_on", "累计到位资金增加时请填写最近到位日期")
                return
            note = f"导入：累计到位资金{show(total)}万元"
            contract._import_fund = FundArrival(contract=contract, date=day, amount=total - stored_total, note=note)
            contract._import_funds_total = total

    # -- validation: the model's, then the fulfilment against itself

    def validate(self, obj: Contract) -> None:
        problems: list[tuple[str | None, str]] = []
        try:
            super().validate(obj)
        except RowError as error:
            problems += error.problems
        problems += self._milestone_problems(obj)
        problems += self._fund_problems(obj)
        if problems:
            raise RowError(problems)

    def _milestone_problems(self, contract: Contract) -> list[tuple[str | None, str]]:
        plan: dict[str, tuple[datetime.date, str]] = getattr(contract, "_import_milestones", {})
        stored: dict[str, Milestone] = getattr(contract, "_import_stored", {})
        problems: list[tuple[str | None, str]] = []
        for kind in MILESTONE_ORDER:
            if kind not in plan or not _differs(plan[kind], stored.get(kind)):
                continue
            (day, evidence), (date_key, evidence_key) = plan[kind], MILESTONE_COLUMNS[kind]
            try:
                Milestone(kind=kind, date=day, evidence=evidence).clean_fields(exclude=["contract"])
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    problems += [(evidence_key if name == "evidence" else date_key, m) for m in messages]
            others = {other: plan[other][0] for other in plan if other != kind}
            problems += [(date_key, m) for m in milestone_errors(kind, day, contract.signed_on, others).values()]
            if kind == MilestoneKind.STARTED and kind not in stored and not problems:
                problems += [(date_key, m) for m in self._start_problems(contract, day)]
        return problems

    @staticmethod
    def _start_problems(contract: Contract, day: datetime.date) -> list[str]:
        """What would stop ``record_milestone`` from bringing the registry project to 在建 on ``day``."""
        project = contract.project if contract.project_id else None
        if project is None:
            if not (contract.region_id and contract.name and contract.amount):
                return []  # the contract's own errors are reported already
            try:
                contract.new_project(planned_start=day).full_clean()
            except ValidationError as error:
                return [f"开工时将按签约项目新建重点项目，但{'；'.join(error.messages)}"]
            return []
        if project.suspended:
            return [f"关联项目“{project.name}”处于停工状态，请先办理复工"]
        if project.stage not in (Stage.PLANNING, Stage.PREPARATION):
            return []
        step = Stage.PREPARATION if project.stage == Stage.PLANNING else Stage.CONSTRUCTION
        try:
            StageTransition(project=project, from_stage=project.stage, to_stage=step, date=day).full_clean()
        except ValidationError as error:
            return [f"关联项目“{project.name}”：{'；'.join(error.messages)}"]
        return []

    @staticmethod
    def _fund_problems(contract: Contract) -> list[tuple[str | None, str]]:
        fund: FundArrival | None = getattr(contract, "_import_fund", None)
        if fund is None:
            return []
        fund.contract = contract
        try:
            # With a saved contract this runs FundArrival.clean against the row's (new) signing date.
            fund.full_clean(exclude=["contract"], validate_constraints=False)
        except ValidationError as error:
            return [("funds_last_on", m) for m in error.messages]
        if contract.pk is None:
            return [("funds_last_on", m) for m in fund_errors(fund.date, contract.signed_on).values()]
        return []

    # -- the rest of the spec

    def natural_keys(self, obj: Contract) -> list[tuple[str | None, Hashable]]:
        keys: list[tuple[str | None, Hashable]] = [("number", ("pk", obj.pk))] if obj.pk else []
        if obj.number:
            keys.append(("number", ("number", obj.number)))
        else:
            keys.append(("name", ("name", obj.name, obj.region_id, obj.signed_on)))
        return keys

    def describe(self, obj: Contract) -> str:
        return f"{obj.name}（{obj.number}）" if obj.number else obj.name

    def snapshot(self, obj: Contract) -> dict[str, Any]:
        data = super().snapshot(obj)
        row = self.instance_to_row(obj, {})
        for date_key, evidence_key in MILESTONE_COLUMNS.values():
            data[date_key], data[evidence_key] = row[date_key], row[evidence_key]
        data["funds_total"] = row["funds_total"]
        return data

    def save(self, obj: Contract, row: Row, user: Any) -> None:
        stored = {m.kind: m for m in obj.milestones.all()} if obj.pk else {}
        plan: dict[str, tuple[datetime.date, str]] = getattr(obj, "_import_milestones", {})
        fund: FundArrival | None = getattr(obj, "_import_fund", None)
        obj.save()
        for kind in recording_order(plan, stored):
            day, evidence = plan[kind]
            try:
                obj.record_milestone(kind, day, evidence)
            except ValidationError as error:
                raise ValidationError({MILESTONE_COLUMNS[kind][0]: error.messages}) from error
        if fund is not None:
            fund.contract = obj
            fund.full_clean()
            fund.save()

    def instance_to_row(self, obj: Contract, context: dict[str, Any]) -> dict[str, Any]:
        plan: dict[str, tuple[datetime.date, str]] | None = getattr(obj, "_import_milestones", None)
        if plan is None:
            plan = {m.kind: (m.date, m.evidence) for m in obj.milestones.all()} if obj.pk else {}
        funds = list(obj.funds.all()) if obj.pk else []
        pending: FundArrival | None = getattr(obj, "_import_fund", None)
        if pending is not None:
            funds.append(pending)
        total = getattr(obj, "_import_funds_total", None)
        region = obj.region if obj.region_id else None
        result: dict[str, Any] = {
            "number": obj.number or None,
            "name": obj.name,
            "investor_name": obj.investor_name or None,
            "investor_credit_code": obj.investor_credit_code or None,
            "amount": obj.amount,
            "kind": obj.get_kind_display(),
            "signed_on": obj.signed_on,
            "event": obj.event.name if obj.event_id else None,
            "region.name": region.name if region else None,
            "region.code": region.code if region else None,
            **self._industry_cells(obj),
            "source": obj.source.name if obj.source_id else None,
            "team": obj.team.name if obj.team_id else None,
            "needs_land": obj.needs_land,
            "content": obj.content or None,
            "funds_total": total if total is not None else sum((f.amount for f in funds), Decimal(0)),
            "funds_last_on": max((f.date for f in funds), default=None),
            "project_code": (obj.project.code or None) if obj.project_id else None,
        }
        for kind, (date_key, evidence_key) in MILESTONE_COLUMNS.items():
            day, evidence = plan.get(kind, (None, ""))
            result[date_key], result[evidence_key] = day, evidence or None
        return result

    def export_queryset(self, user: Any, context: dict[str, Any]) -> QuerySet[Contract]:
        contracts = filter_region(Contract.objects.visible_to(user), context.get("region"))
        if context.get("year"):
            contracts = contracts.filter(signed_on__year=int(context["year"]))
        return (
            contracts.select_related("region", "source", "team", "event", "project")
            .prefetch_related("milestones", "funds")
            .order_by("region__path", "-signed_on", "name", "pk")
        )
