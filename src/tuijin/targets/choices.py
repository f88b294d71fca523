from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    """What an indicator's value measures. Percent values are in percent (45.12 means 45.12%)."""

    COUNT = "count", _("个")
    MONEY = "money", _("万元")
    PERCENT = "percent", _("%")


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class Source(models.TextChoices):
    COMPUTED = "computed", _("系统计算")
    MANUAL = "manual", _("手工填报")


class TargetKind(models.TextChoices):
    LEVEL = "level", _("总量目标")
    GROWTH = "growth", _("增长目标（%）")


class RankBy(models.TextChoices):
    """What a 晾晒 table orders the regions by."""

    SCHEDULE = "schedule", _("序时完成率")
    COMPLETION = "completion", _("目标完成率")
    VALUE = "value", _("指标值")


class ScoreRule(models.TextChoices):
    """How an assessment item turns a region's progress into points (weight = full marks)."""

    LINEAR = "linear", _("按序时完成率计分（封顶）")
    REACHED = "reached", _("达到序时目标得满分，否则不得分")
    RANK = "rank", _("按排名计分（第一名满分，逐名递减）")


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("加分")
    PENALTY = "penalty", _("扣分")
