"""Small builders of attraction rows for the model and query tests (dates in 2022–2025, never in the future)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from tuijin.attraction.choices import ContractKind
from tuijin.attraction.models import Contract, FundArrival, Lead, LeadSource, Team
from tuijin.core.models import Region


def source(name: str = "长三角") -> LeadSource:
    return LeadSource.objects.get(name=name)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def contract(
    name: str,
    amount: str | int | Decimal,
    signed_on: datetime.date,
    region_code: str = "350582",
    kind: str = ContractKind.FORMAL,
    milestones: dict[str, datetime.date] | None = None,
    funds: list[tuple[datetime.date, str | int]] | None = None,
    **fields: Any,
) -> Contract:
    """A contract with its milestones (recorded in order through the model) and fund arrivals."""
    fields.setdefault("source", source())
    fields.setdefault("investor_name", f"{name}投资有限公司")
    obj = Contract(
        name=name, amount=Decimal(amount), signed_on=signed_on, region=region(region_code), kind=kind, **fields
    )
    obj.full_clean()
    obj.save()
    for kind_name, on in (milestones or {}).items():
        obj.record_milestone(kind_name, on)
    for on, value in funds or []:
        fund = FundArrival(contract=obj, date=on, amount=Decimal(value))
        fund.full_clean()
        fund.save()
    return obj


def lead(
    company: str, region_code: str = "350582", found_on: datetime.date = datetime.date(2025, 1, 1), **fields: Any
) -> Lead:
    fields.setdefault("source", source())
    fields.setdefault("intended_investment", Decimal("10000"))
    obj = Lead(company=company, region=region(region_code), found_on=found_on, **fields)
    obj.full_clean()
    obj.save()
    return obj


def team(name: str, region_code: str = "350582") -> Team:
    return Team.objects.create(name=name, region=region(region_code))
