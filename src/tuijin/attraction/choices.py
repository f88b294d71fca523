"""Choice lists of investment attraction (DOMAIN.md §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadStatus(models.TextChoices):
    """A lead moves forward through 线索 → 洽谈 → 意向 → 签约; it may be dropped (放弃) on the way."""

    LEAD = "lead", _("线索")
    TALKING = "talking", _("洽谈")
    INTENT = "intent", _("意向")
    SIGNED = "signed", _("签约")
    DROPPED = "dropped", _("放弃")


LEAD_ORDER: list[str] = [LeadStatus.LEAD, LeadStatus.TALKING, LeadStatus.INTENT, LeadStatus.SIGNED]
# Statuses a person sets on the lead page. 签约 is reached by creating the contract from the lead; a dropped lead
# may be taken up again (back to 洽谈) with a reason.
LEAD_NEXT: dict[str, set[str]] = {
    LeadStatus.LEAD: {LeadStatus.TALKING, LeadStatus.INTENT, LeadStatus.DROPPED},
    LeadStatus.TALKING: {LeadStatus.INTENT, LeadStatus.DROPPED},
    LeadStatus.INTENT: {LeadStatus.DROPPED},
    LeadStatus.SIGNED: set(),
    LeadStatus.DROPPED: {LeadStatus.TALKING},
}
ACTIVE_LEAD_STATUSES = (LeadStatus.LEAD, LeadStatus.TALKING, LeadStatus.INTENT)


class ContractKind(models.TextChoices):
    FRAMEWORK = "framework", _("框架协议")
    FORMAL = "formal", _("正式合同")


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("集中签约大会")
    PROMOTION = "promotion", _("专场推介")
    OTHER = "other", _("其他")


class MilestoneKind(models.TextChoices):
    """Fulfilment milestones in their order (DOMAIN.md §6)."""

    REGISTERED = "registered", _("注册")
    LAND = "land", _("供地")
    STARTED = "started", _("开工")
    PRODUCING = "producing", _("投产")


MILESTONE_ORDER: list[str] = [m.value for m in MilestoneKind]
# A milestone that needs another one recorded first: a company starts building once registered, and produces
# once it has started. 供地 is not required (many projects move into rented or standard factory buildings).
MILESTONE_REQUIRES: dict[str, str] = {
    MilestoneKind.STARTED: MilestoneKind.REGISTERED,
    MilestoneKind.PRODUCING: MilestoneKind.STARTED,
}


class RateBasis(models.TextChoices):
    """Which contracts a rate is taken over (DOMAIN.md §6: "denominator configurable")."""

    PERIOD = "period", _("本期签约（当年1月1日至统计日）")
    CUMULATIVE = "cumulative", _("累计签约（统计日前全部）")


class Grouping(models.TextChoices):
    REGION = "region", _("区域")
    TEAM = "team", _("招商组")
    SOURCE = "source", _("来源地")
    INDUSTRY = "industry", _("行业")
    YEAR = "year", _("签约年度")
