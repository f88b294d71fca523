"""Choice lists of the project registry (DOMAIN.md §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Lifecycle stages in order; a project moves forward one stage at a time (see NEXT_STAGES)."""

    PLANNING = "planning", _("谋划")
    PREPARATION = "preparation", _("前期")
    CONSTRUCTION = "construction", _("在建")
    COMPLETED = "completed", _("竣工投用")
    PRODUCING = "producing", _("投产")
    CAPACITY = "capacity", _("达产")


STAGE_ORDER: list[str] = [stage.value for stage in Stage]

# The legal moves. 投产/达产 concern production plants; an infrastructure or social project ends at 竣工投用
# (the model refuses 投产 for categories other than 产业项目).
NEXT_STAGES: dict[str, set[str]] = {
    Stage.PLANNING: {Stage.PREPARATION},
    Stage.PREPARATION: {Stage.CONSTRUCTION},
    Stage.CONSTRUCTION: {Stage.COMPLETED},
    Stage.COMPLETED: {Stage.PRODUCING},
    Stage.PRODUCING: {Stage.CAPACITY},
    Stage.CAPACITY: set(),
}


class Category(models.TextChoices):
    INDUSTRY = "industry", _("产业项目")
    INFRASTRUCTURE = "infrastructure", _("基础设施项目")
    SOCIAL = "social", _("社会民生项目")


class Nature(models.TextChoices):
    NEW = "new", _("新建")
    EXPANSION = "expansion", _("扩建")
    RENOVATION = "renovation", _("改建")
    RELOCATION = "relocation", _("迁建")


class FundingSource(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("中央预算内")
    SPECIAL_BOND = "special_bond", _("地方专项债")
    LOCAL_FISCAL = "local_fiscal", _("地方财政")
    SELF_RAISED = "self_raised", _("企业自筹")
    BANK_LOAN = "bank_loan", _("银行贷款")
    OTHER = "other", _("其他")


class NodeGoalKind(models.TextChoices):
    START = "start", _("年内开工")
    TOPPING = "topping", _("主体封顶")
    COMPLETE = "complete", _("年内竣工")
    PRODUCE = "produce", _("年内投产")
    OTHER = "other", _("其他")


class SuspensionKind(models.TextChoices):
    SUSPEND = "suspend", _("停工")
    RESUME = "resume", _("复工")


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class IndustrySection(models.TextChoices):
    """GB/T 4754-2017 sections (门类)."""

    A = "A", _("A 农、林、牧、渔业")
    B = "B", _("B 采矿业")
    C = "C", _("C 制造业")
    D = "D", _("D 电力、热力、燃气及水生产和供应业")
    E = "E", _("E 建筑业")
    F = "F", _("F 批发和零售业")
    G = "G", _("G 交通运输、仓储和邮政业")
    H = "H", _("H 住宿和餐饮业")
    I = "I", _("I 信息传输、软件和信息技术服务业")  # noqa: E741
    J = "J", _("J 金融业")
    K = "K", _("K 房地产业")
    L = "L", _("L 租赁和商务服务业")
    M = "M", _("M 科学研究和技术服务业")
    N = "N", _("N 水利、环境和公共设施管理业")
    O = "O", _("O 居民服务、修理和其他服务业")  # noqa: E741
    P = "P", _("P 教育")
    Q = "Q", _("Q 卫生和社会工作")
    R = "R", _("R 文化、体育和娱乐业")
    S = "S", _("S 公共管理、社会保障和社会组织")
    T = "T", _("T 国际组织")


# The 大类 (two-digit division) range of each section, GB/T 4754-2017.
SECTION_DIVISIONS: dict[str, tuple[int, int]] = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 96),
    "T": (97, 97),
}


def section_of_division(division: str) -> str | None:
    """The section (门类) a two-digit division (大类) belongs to, or None."""
    if not (len(division) == 2 and division.isdigit()):
        return None
    number = int(division)
    for section, (low, high) in SECTION_DIVISIONS.items():
        if low <= number <= high:
            return section
    return None
