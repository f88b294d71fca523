"""Choice lists of closed-loop problems, approval items and inspections (DOMAIN.md §7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemStatus(models.TextChoices):
    RAISED = "raised", _("提出")
    ASSIGNED = "assigned", _("交办")
    HANDLING = "handling", _("办理中")
    RESOLVED = "resolved", _("办结")
    CLOSED = "closed", _("销号")
    RETURNED = "returned", _("退回")


# Problems a unit still has to work on (the deadline runs).
OPEN_STATUSES = (ProblemStatus.ASSIGNED, ProblemStatus.HANDLING, ProblemStatus.RETURNED)
# Problems counted as solved (办结, then verified: 销号).
SOLVED_STATUSES = (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)


class Level(models.TextChoices):
    """协调层级: who coordinates the problem."""

    DISTRICT = "district", _("区级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


class Action(models.TextChoices):
    """One step of a problem's timeline (办理记录)."""

    RAISE = "raise", _("提出")
    ASSIGN = "assign", _("交办")
    REASSIGN = "reassign", _("改派")
    REPLY = "reply", _("办理反馈")
    HELPER_REPLY = "helper_reply", _("协办反馈")
    EXTENSION_REQUEST = "extension_request", _("申请延期")
    EXTENSION_APPROVE = "extension_approve", _("同意延期")
    EXTENSION_REFUSE = "extension_refuse", _("不同意延期")
    RESOLVE = "resolve", _("办结")
    RETURN = "return", _("退回")
    CLOSE = "close", _("销号")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("同意")
    REFUSED = "refused", _("不同意")


class Urgency(models.TextChoices):
    """DOMAIN.md §5: blue within 2 working days of the deadline, red when overdue."""

    NONE = "", _("正常")
    BLUE = "blue", _("临期")
    RED = "red", _("逾期")


class ApprovalType(models.TextChoices):
    """前期手续 types; 土地出让 (拿地) is the date 拿地即开工 counts from."""

    FILING = "filing", _("立项/备案")
    SITE = "site", _("用地预审与选址")
    LAND_PLANNING = "land_planning", _("用地规划许可")
    LAND = "land", _("土地出让（拿地）")
    WORKS_PLANNING = "works_planning", _("工程规划许可")
    CONSTRUCTION = "construction", _("施工许可")
    EIA = "eia", _("环评")
    ENERGY = "energy", _("节能审查")
    SOIL = "soil", _("水土保持")
    OTHER = "other", _("其他")


class ApprovalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("办理中")
    OBTAINED = "obtained", _("已取得")


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("新交办")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期（督办）")
    RETURNED = "returned", _("被退回")
    EXTENSION_REQUESTED = "extension_requested", _("延期申请待审批")
    EXTENSION_DECIDED = "extension_decided", _("延期申请已审批")
    RESOLVED = "resolved", _("已办结待销号")
