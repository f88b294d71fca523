"""Choice lists of the core app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The five roles of ARCHITECTURE.md; a user holds one or more, each over a region subtree."""

    ADMIN = "admin", _("系统管理员")
    DISPATCHER = "dispatcher", _("市级调度")
    REPORTER = "reporter", _("区县填报")
    HANDLER = "handler", _("部门办理")
    LEADER = "leader", _("领导")


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("地级市")
    DISTRICT = "district", _("市辖区")
    COUNTY = "county", _("县")
    COUNTY_CITY = "county_city", _("县级市")
    ZONE = "zone", _("功能区")


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("政府部门")
    INSTITUTION = "institution", _("事业单位")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")
