"""Reference data of the problems demo: what problems of each kind say, how units answer, what inspectors find.

Kept apart from ``demo_specs.py`` (which builds the demo from it) so each stays readable; the shape of the demo
(how many problems in which state, of which kind, at which level; the approval chains) is at the end.
Placeholders in the texts (``{location}``, ``{n}``, ``{mu}`` …) are filled by ``demo_specs.fill``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tuijin.problems.choices import ApprovalType, ProblemStatus
from tuijin.projects.choices import Stage


@dataclass(frozen=True)
class Template:
    """One kind of problem as districts report it, with how it is worked on and how it ends.

    ``lead`` is the department (suffix of the unit's name, or ``"power"`` for the region's State Grid company)
    that leads; ``helpers`` those that help.
    """

    title: str
    description: str
    demand: str
    progress: str
    resolution: str
    lead: str
    helpers: tuple[str, ...] = ()


LAND, RELOCATION, GRID, APPROVAL, FUNDING, ENVIRONMENT, OTHER = (
    "land",
    "relocation",
    "grid",
    "approval",
    "funding",
    "environment",
    "other",
)
NRB, HOUSING, DEV, ECO, TRANSPORT, INDUSTRY_BUREAU, COMMERCE, POWER = (
    "自然资源和规划局",
    "住建局",
    "发改局",
    "生态环境局",
    "交通运输局",
    "工信局",
    "商务局",
    "power",
)

TEMPLATES: dict[str, list[Template]] = {
    LAND: [
        Template(
            "用地报批组卷进度滞后",
            "项目位于{location}，用地约{mu}亩，目前仍在组卷阶段，土地征收成片开发方案尚未批复，影响供地时序。",
            "请自然资源部门加快组卷报批，争取尽快取得用地批复。",
            "已会同属地镇（街道）补充完善组卷材料，征收成片开发方案已报市政府审核。",
            "项目用地已取得省政府批复（闽政地〔{year}〕{n}号），已具备供地条件。",
            NRB,
            (DEV,),
        ),
        Template(
            "新增建设用地指标不足",
            "项目需新增建设用地约{mu}亩，{region}年度新增建设用地计划指标已基本用完，项目用地指标无法落实。",
            "请求市级统筹调剂新增建设用地指标{mu}亩。",
            "已将项目用地需求列入市级重点项目用地保障清单，正在办理指标调剂手续。",
            "已从市级统筹指标中调剂{mu}亩，项目用地报批材料已上报。",
            NRB,
            (DEV,),
        ),
        Template(
            "使用林地审核未完成",
            "项目红线范围内涉及林地约{n}亩，使用林地审核同意书尚未取得，用地报批无法上报。",
            "请协调林业部门加快林地审核，同步推进用地报批。",
            "林地现状调查报告已编制完成，已报送林业部门审核。",
            "使用林地审核同意书已取得，用地报批材料已同步上报。",
            NRB,
            (DEV,),
        ),
        Template(
            "耕地占补平衡指标未落实",
            "项目占用耕地约{n}亩，耕地占补平衡指标尚未落实，用地报件无法通过审查。",
            "请协调落实补充耕地指标，保障项目用地报批。",
            "已与指标富余县区对接，补充耕地指标交易手续正在办理。",
            "补充耕地指标{n}亩已落实，占补平衡审查已通过。",
            NRB,
            (DEV,),
        ),
        Template(
            "国土空间规划调整未完成",
            "项目地块现状规划用途与项目建设内容不符，需调整国土空间详细规划，调整方案尚在论证。",
            "请加快规划调整审批，确保项目按期供地。",
            "规划调整方案已完成专家论证，正在公示。",
            "详细规划调整已获批复，地块规划条件已出具。",
            NRB,
            (HOUSING,),
        ),
        Template(
            "地块土壤污染调查未评审",
            "项目地块已完成收储，但土壤污染状况调查报告尚未通过评审，土地无法挂牌出让。",
            "请协调生态环境部门加快组织评审，尽快挂牌出让。",
            "已组织专家现场踏勘，调查报告按意见修改完善后再次报审。",
            "土壤污染状况调查报告已通过评审，地块已挂牌出让。",
            NRB,
            (ECO,),
        ),
        Template(
            "二期用地未能按期供地",
            "项目一期已建成投产，二期约{mu}亩用地因规划条件未确定，未能按计划挂牌供地。",
            "请尽快出具规划条件，安排二期用地挂牌。",
            "二期用地规划条件已拟定，正在征求相关部门意见。",
            "二期用地已完成挂牌出让，企业已签订出让合同。",
            NRB,
            (DEV,),
        ),
    ],
    RELOCATION: [
        Template(
            "红线范围内征迁未完成",
            "项目红线范围内仍有{n}户房屋未签约，涉及{location}，影响全线施工。",
            "请属地政府加大征迁攻坚力度，尽快完成交地。",
            "已成立征迁工作专班，逐户上门做工作，本周新签约{k}户。",
            "红线范围内剩余{n}户已全部签约腾空，场地已移交施工单位。",
            HOUSING,
            (NRB, POWER),
        ),
        Template(
            "坟墓迁移未完成",
            "项目用地范围内尚有{n}座坟墓未迁移，影响场地平整。",
            "请属地镇（街道）加快做好群众工作，完成迁坟。",
            "已发布迁坟公告，镇村干部逐户联系坟主，已迁移{k}座。",
            "用地范围内坟墓已全部迁移完毕，场地平整已启动。",
            HOUSING,
            (NRB,),
        ),
        Template(
            "企业厂房征收补偿未谈妥",
            "项目范围内{k}家企业厂房征收补偿标准未达成一致，施工作业面无法移交。",
            "请协调评估机构复核评估结果，推动签约。",
            "已委托评估机构复核，与企业开展第三轮协商。",
            "涉及企业已全部签订征收补偿协议，厂房已腾空拆除。",
            HOUSING,
            (NRB, POWER),
        ),
        Template(
            "青苗及附着物补偿争议",
            "项目施工便道涉及约{n}亩青苗及地上附着物补偿，村民对补偿标准有异议，多次阻工。",
            "请属地政府牵头协调补偿，保障施工秩序。",
            "已会同村委会召开村民代表会议，公示补偿标准。",
            "青苗及附着物补偿款已发放到户，施工便道已恢复通行。",
            HOUSING,
            (NRB,),
        ),
        Template(
            "安置房建设滞后影响腾房",
            "被征迁群众安置房建设进度滞后，部分群众不愿提前腾房，征迁推进困难。",
            "请加快安置房建设，落实过渡安置措施。",
            "已落实过渡安置房源{k}套，并提高过渡安置补助标准。",
            "过渡安置已全部落实，剩余群众已腾房交地。",
            HOUSING,
            (DEV, POWER),
        ),
    ],
    GRID: [
        Template(
            "高压线路迁改未完成",
            "项目红线内有一条{kv}千伏高压线路需迁改，迁改方案已确定但施工尚未启动，影响基础施工。",
            "请供电公司加快迁改施工，尽快移交作业面。",
            "迁改工程已列入施工计划，塔材已到货，正在办理停电计划。",
            "{kv}千伏线路迁改已完成并恢复送电，施工作业面已移交。",
            POWER,
            (HOUSING,),
        ),
        Template(
            "施工临时用电接入慢",
            "项目施工临时用电报装已提交{n}天，变压器及线路尚未接入，目前依靠柴油发电机施工。",
            "请供电部门开辟绿色通道，尽快完成临电接入。",
            "已完成现场勘察并答复供电方案，配套线路正在施工。",
            "施工临时用电已接入，项目已停用柴油发电机。",
            POWER,
            (HOUSING,),
        ),
        Template(
            "杆线迁移费用未明确",
            "项目范围内{n}基电杆及通信杆线需迁移，迁改费用分担未明确，产权单位未进场。",
            "请协调明确迁改费用，督促产权单位尽快迁移。",
            "已召开协调会明确费用分担原则，迁改预算正在审核。",
            "杆线已全部迁移完毕，费用按协调会意见结算。",
            POWER,
            (TRANSPORT, HOUSING),
        ),
        Template(
            "专用变电站送出线路未落实",
            "项目拟建{kv}千伏专用变电站，配套送出线路路径未确定，影响项目投产用电。",
            "请供电部门尽快确定线路路径并开展建设。",
            "线路路径已初步确定，正在征求沿线镇村意见。",
            "配套送出线路路径已批复，线路工程已开工建设。",
            POWER,
            (NRB,),
        ),
        Template(
            "正式用电增容接入滞后",
            "项目主体已基本完工，{kva}千伏安正式用电增容申请尚未完成接入，影响设备调试。",
            "请加快增容接电，保障项目按期投产。",
            "增容工程已完成设计，设备已订货。",
            "增容工程已完工并送电，设备调试已启动。",
            POWER,
            (INDUSTRY_BUREAU,),
        ),
    ],
    APPROVAL: [
        Template(
            "施工许可证办理受阻",
            "项目施工图审查已完成，因消防设计审查意见未闭合，施工许可证尚未取得。",
            "请住建部门指导完善材料，并联审批尽快核发施工许可证。",
            "已组织消防审查专家现场指导，企业正在修改设计。",
            "施工许可证已核发，项目具备开工条件。",
            HOUSING,
            (DEV,),
        ),
        Template(
            "环评批复未取得",
            "项目环境影响报告书已报送，因污染物排放总量指标未落实，环评批复尚未取得。",
            "请协调落实总量指标，加快环评审批。",
            "总量指标已通过排污权交易落实，报告书正在技术评估。",
            "环评批复已取得，项目可按计划开工。",
            ECO,
            (DEV,),
        ),
        Template(
            "节能审查意见未出具",
            "项目综合能耗约{n}吨标准煤，能耗指标需市级统筹，节能审查意见尚未出具。",
            "请发改部门统筹安排能耗指标，尽快出具审查意见。",
            "已报请市级统筹能耗指标，节能报告已完成专家评审。",
            "节能审查意见已出具，能耗指标已落实。",
            DEV,
            (INDUSTRY_BUREAU,),
        ),
        Template(
            "规划方案审查周期长",
            "项目建筑设计方案已修改{k}次，规划方案审查仍未通过，影响工程规划许可证办理。",
            "请规划部门提前介入指导，缩短审查周期。",
            "已安排专人对接设计单位，方案按审查意见调整后再次报审。",
            "规划方案已审查通过，工程规划许可证已核发。",
            HOUSING,
            (NRB,),
        ),
        Template(
            "项目备案信息变更未办理",
            "项目建设内容调整，需办理备案信息变更，因投资主体变更材料不全，变更未办理。",
            "请发改部门指导补正材料，尽快完成备案变更。",
            "已一次性告知补正材料清单，企业正在准备。",
            "项目备案变更已办理完成。",
            DEV,
            (COMMERCE,),
        ),
    ],
    FUNDING: [
        Template(
            "专项债资金未拨付到位",
            "项目已纳入专项债券支持，{amount}万元债券资金已发行但未拨付至项目单位，工程款支付困难。",
            "请加快债券资金拨付。",
            "已列入资金拨付计划，正在办理国库支付手续。",
            "专项债资金{amount}万元已拨付到位。",
            DEV,
        ),
        Template(
            "配套资金缺口较大",
            "项目总投资{total}万元，目前到位资金不足四成，地方配套资金{amount}万元尚未落实。",
            "请协调落实配套资金，保障工程进度。",
            "已将配套资金列入年度预算调整方案。",
            "配套资金{amount}万元已落实并拨付首期。",
            DEV,
        ),
        Template(
            "中央预算内投资申报未通过",
            "项目申报中央预算内投资补助{amount}万元，因前期手续不全未能通过审核。",
            "请发改部门指导补齐手续，争取下批次申报。",
            "已指导项目单位补齐前期手续，申报材料已重新报送。",
            "项目已列入下批次中央预算内投资计划。",
            DEV,
        ),
        Template(
            "企业项目贷款审批未通过",
            "项目业主银行授信额度不足，{amount}万元项目贷款审批未通过，影响设备采购。",
            "请协调银行开展银企对接，给予信贷支持。",
            "已组织银企对接会，两家银行已开展尽职调查。",
            "银行已审批项目贷款{amount}万元，首笔已放款。",
            DEV,
            (INDUSTRY_BUREAU,),
        ),
    ],
    ENVIRONMENT: [
        Template(
            "周边群众阻工",
            "项目施工期间周边部分群众以噪音扰民为由多次阻工，影响施工进度。",
            "请属地政府做好群众工作，保障正常施工秩序。",
            "已约谈施工单位落实降噪措施，并会同属地做好群众沟通。",
            "已与周边群众达成共识，项目恢复正常施工。",
            HOUSING,
            (ECO, POWER),
        ),
        Template(
            "渣土消纳场地不足",
            "项目基坑开挖土方约{k}万方，{region}渣土消纳场地不足，外运受限。",
            "请协调落实渣土消纳场地。",
            "已排查可用消纳场地两处，正在办理备案。",
            "渣土消纳场地已落实，土方外运已恢复。",
            HOUSING,
            (ECO,),
        ),
        Template(
            "夜间施工许可审批慢",
            "项目混凝土浇筑需连续作业，夜间施工许可审批周期长，影响关键节点。",
            "请简化夜间施工许可审批。",
            "已对项目实行夜间施工许可容缺受理。",
            "夜间施工许可已核发，关键节点浇筑已完成。",
            ECO,
            (HOUSING,),
        ),
        Template(
            "施工车辆通行受限",
            "项目施工车辆需经过{location}村道，村道限高限重，材料运输受阻。",
            "请交通部门协调临时通行方案。",
            "已现场踏勘，临时通行及道路加固方案已拟定。",
            "临时通行方案已实施，材料运输恢复正常。",
            TRANSPORT,
            (HOUSING,),
        ),
        Template(
            "扬尘管控停工影响工期",
            "项目所在区域列入扬尘重点管控，重污染天气预警期间停工，工期受影响。",
            "请明确差异化管控措施，将项目纳入正面清单。",
            "已组织现场核查扬尘防治措施，拟纳入正面清单。",
            "项目已纳入正面清单，预警期间可按要求施工。",
            ECO,
            (HOUSING,),
        ),
    ],
    OTHER: [
        Template(
            "项目投产招工难",
            "项目投产在即，需招聘一线员工约{n}人，目前到岗不足一半。",
            "请协助组织专场招聘会。",
            "已联系人社部门，专场招聘会定于近期举办。",
            "已举办专场招聘会两场，新增到岗员工百余人。",
            DEV,
            (INDUSTRY_BUREAU,),
        ),
        Template(
            "配套道路未建成",
            "项目周边规划配套道路尚未建成，项目建成后无法正常通行。",
            "请加快配套道路建设。",
            "配套道路已完成招标，正在办理施工许可。",
            "配套道路已开工建设，施工期间临时便道已开通。",
            DEV,
            (TRANSPORT,),
        ),
        Template(
            "市政管网接入未落实",
            "项目周边市政给排水管网尚未铺设到位，项目用水及排水接入无法落实。",
            "请加快配套管网建设。",
            "管网延伸工程已列入计划，正在施工图设计。",
            "配套管网已铺设到位，项目已接入市政管网。",
            HOUSING,
            (DEV,),
        ),
        Template(
            "人才公寓房源不足",
            "项目引进技术骨干约{n}人，周边缺乏人才公寓，引才留才困难。",
            "请协调提供人才公寓房源。",
            "已梳理周边可用房源，正在与企业对接需求。",
            "已安排人才公寓房源，技术骨干已陆续入住。",
            DEV,
            (HOUSING,),
        ),
    ],
}

# What a helper unit writes back, by department.
HELPER_REPLIES: dict[str, tuple[str, ...]] = {
    NRB: (
        "我局已提前介入，安排专人对接，配合做好用地相关手续。",
        "已对报批材料进行预审，报省审查时将同步加快转报。",
    ),
    POWER: (
        "已安排客户经理对接，配合做好电力设施迁改和临时用电保障。",
        "已现场踏勘涉及的电力线路，迁改方案将与征迁同步推进。",
    ),
    DEV: ("已将该问题列入重点项目协调台账，配合跟踪推进。", "已会同项目单位梳理手续清单，配合推进。"),
    HOUSING: ("已安排专人配合，按职责做好相关工作。",),
    ECO: ("已按职责配合做好环保相关工作。",),
    TRANSPORT: ("已配合开展现场踏勘，提出交通组织意见。",),
    INDUSTRY_BUREAU: ("已配合对接企业，了解具体需求。",),
    COMMERCE: ("已配合对接投资方，协助准备相关材料。",),
}

EXTENSION_REASONS = (
    "涉及上级审批事项，需报省厅审查，申请延期。",
    "群众工作难度较大，仍需进一步协商，申请延期。",
    "设备物资采购周期较长，申请延期。",
    "需提交市政府专题会研究，申请延期。",
)
APPROVE_NOTES = ("同意延期，请按新时限办结。", "同意延期，请每周报送进展。")
REFUSE_NOTES = (
    "该问题影响项目开工节点，请按原时限加快办理。",
    "延期理由不充分，请加大力度按期办结。",
)
RETURN_REASONS = (
    "问题尚未实质解决，经现场核实仍未完成，请继续办理。",
    "办结佐证材料不全，请补充后重新提交。",
    "项目单位反映问题仍未解决，请继续跟进。",
)
CLOSE_NOTES = ("经现场核实，问题已解决，予以销号。", "经与项目单位确认，问题已解决，同意销号。", "")
ASSIGN_NOTES = ("", "", "请主办单位牵头，协办单位配合，按时限办结。", "请于时限内反馈办理结果。")
FOLLOW_UPS = ("正在按计划推进，下一步将加快办理。", "已再次召开协调会，明确责任分工和时间节点。")

# City staff who inspect projects (市重点项目办), and what they write.
CITY_INSPECTORS = ("张建国", "李志明", "王海燕", "陈晓东", "林文清", "黄俊杰", "吴丽婷", "郑宏伟", "蔡明辉", "许雅琳")
PROGRESS = {
    "industry": (
        "主体厂房钢结构吊装中",
        "厂房主体已封顶，正在进行内部装修",
        "设备基础施工中",
        "桩基施工完成约{pct}%",
        "主体结构施工至第{floor}层",
    ),
    "infrastructure": (
        "路基土方完成约{pct}%",
        "桥梁桩基施工中，已完成{pct}%",
        "管网铺设完成约{pct}%",
        "主体工程形象进度约{pct}%",
    ),
    "social": ("主体结构施工至第{floor}层", "二次结构砌筑中", "外立面装饰施工中", "室外配套工程施工中"),
}
FINDINGS_NORMAL = (
    "现场施工有序，{machines}台大型机械作业，{progress}。安全文明施工措施落实到位。",
    "{progress}，现场人员、机械投入充足，施工组织较好。",
    "{progress}，项目按序时推进，扬尘防治措施基本到位。",
)
FINDINGS_SLOW = (
    "现场施工人员偏少，{progress}，进度慢于计划，已要求项目单位加大人员和机械投入。",
    "{progress}，部分作业面停工，已要求项目单位制定赶工计划。",
)
FINDINGS_PROBLEM = "{progress}。现场发现：{title}，已现场交办并纳入问题清单跟踪。"

# Short forms of region names in document numbers (晋发改备〔2026〕123号).
DOC_ABBREVIATIONS = {
    "350500": "泉",
    "350502": "鲤",
    "350503": "丰",
    "350504": "洛",
    "350505": "泉港",
    "350521": "惠",
    "350524": "安",
    "350525": "永",
    "350526": "德",
    "350581": "狮",
    "350582": "晋",
    "350583": "南",
    "350500Z01": "泉开",
    "350500Z02": "泉台",
}


# --- the demo's shape --------------------------------------------------------------------------------------------

# (status, variant, count): 300 problems. Variants say where the deadline stands today (normal, due = 临期 within
# two working days, overdue = 督办) or what happened on the way (extended, refused, late, returned_before).
QUOTAS: list[tuple[str, str, int]] = [
    (ProblemStatus.RAISED, "recent", 20),
    (ProblemStatus.RAISED, "stale", 4),
    (ProblemStatus.ASSIGNED, "normal", 13),
    (ProblemStatus.ASSIGNED, "due", 3),
    (ProblemStatus.ASSIGNED, "overdue", 6),
    (ProblemStatus.HANDLING, "recent", 22),
    (ProblemStatus.HANDLING, "extended", 22),
    (ProblemStatus.HANDLING, "pending", 6),
    (ProblemStatus.HANDLING, "due", 6),
    (ProblemStatus.HANDLING, "overdue", 11),
    (ProblemStatus.HANDLING, "overdue_refused", 5),
    (ProblemStatus.RETURNED, "normal", 5),
    (ProblemStatus.RETURNED, "due", 1),
    (ProblemStatus.RETURNED, "overdue", 3),
    (ProblemStatus.RESOLVED, "on_time", 30),
    (ProblemStatus.RESOLVED, "late", 5),
    (ProblemStatus.RESOLVED, "returned_before", 3),
    (ProblemStatus.CLOSED, "on_time", 100),
    (ProblemStatus.CLOSED, "late", 14),
    (ProblemStatus.CLOSED, "extended", 12),
    (ProblemStatus.CLOSED, "refused", 3),
    (ProblemStatus.CLOSED, "returned_before", 6),
]
# The share of each kind among the problems not planned for the handler accounts: 用地报批 leads, as the
# campaign's target "解决100个以上重点项目用地报批难题" suggests.
KIND_WEIGHTS = {
    LAND: 0.39,
    RELOCATION: 0.16,
    GRID: 0.12,
    APPROVAL: 0.13,
    FUNDING: 0.07,
    ENVIRONMENT: 0.09,
    OTHER: 0.04,
}
# The stages a kind's problems come from, with weights.
KIND_STAGES = {
    LAND: {Stage.PREPARATION: 6, Stage.CONSTRUCTION: 3, Stage.PLANNING: 1},
    APPROVAL: {Stage.PREPARATION: 7, Stage.CONSTRUCTION: 3},
    RELOCATION: {Stage.PREPARATION: 4, Stage.CONSTRUCTION: 6},
    GRID: {Stage.PREPARATION: 3, Stage.CONSTRUCTION: 7},
    FUNDING: {Stage.PREPARATION: 2, Stage.CONSTRUCTION: 8},
    ENVIRONMENT: {Stage.CONSTRUCTION: 1},
    OTHER: {Stage.CONSTRUCTION: 6, Stage.COMPLETED: 4},
}
# 协调层级 of the problems not planned for the handler accounts: (市级, 省级) shares.
CITY_SHARE = {LAND: (0.25, 0.05), GRID: (0.1, 0.0)}
DEFAULT_CITY_SHARE = (0.12, 0.02)
MAX_PROBLEMS_PER_PROJECT = 3

# The problems planned for the handler accounts: kind, 协调层级 and (status, variant), each state present.
ZRZY_PLAN = [
    (ProblemStatus.ASSIGNED, "normal"),
    (ProblemStatus.ASSIGNED, "overdue"),
    (ProblemStatus.HANDLING, "extended"),
    (ProblemStatus.HANDLING, "overdue_refused"),
    (ProblemStatus.HANDLING, "due"),
    (ProblemStatus.RETURNED, "overdue"),
    (ProblemStatus.RESOLVED, "late"),
    (ProblemStatus.CLOSED, "on_time"),
    (ProblemStatus.CLOSED, "returned_before"),
]
POWER_PLAN = [
    (ProblemStatus.ASSIGNED, "normal"),
    (ProblemStatus.HANDLING, "recent"),
    (ProblemStatus.HANDLING, "overdue"),
    (ProblemStatus.HANDLING, "pending"),
    (ProblemStatus.HANDLING, "due"),
    (ProblemStatus.RETURNED, "normal"),
    (ProblemStatus.RESOLVED, "on_time"),
    (ProblemStatus.CLOSED, "on_time"),
    (ProblemStatus.CLOSED, "extended"),
]
POWER_REGION = "350582"  # 晋江市

# The order approvals are obtained in: 出让 land for industry, 划拨 (用地预审与选址) for public works.
INDUSTRY_CHAIN = [
    ApprovalType.FILING,
    ApprovalType.LAND,
    ApprovalType.LAND_PLANNING,
    ApprovalType.EIA,
    ApprovalType.ENERGY,
    ApprovalType.WORKS_PLANNING,
    ApprovalType.CONSTRUCTION,
]
PUBLIC_CHAIN = [
    ApprovalType.FILING,
    ApprovalType.SITE,
    ApprovalType.LAND_PLANNING,
    ApprovalType.EIA,
    ApprovalType.WORKS_PLANNING,
    ApprovalType.CONSTRUCTION,
]
STARTED_INDUSTRY = [ApprovalType.FILING, ApprovalType.LAND, ApprovalType.WORKS_PLANNING, ApprovalType.CONSTRUCTION]
STARTED_PUBLIC = [ApprovalType.FILING, ApprovalType.SITE, ApprovalType.WORKS_PLANNING, ApprovalType.CONSTRUCTION]
APPROVAL_DEPTS = {
    ApprovalType.FILING: DEV,
    ApprovalType.SITE: NRB,
    ApprovalType.LAND_PLANNING: NRB,
    ApprovalType.LAND: NRB,
    ApprovalType.WORKS_PLANNING: NRB,
    ApprovalType.CONSTRUCTION: HOUSING,
    ApprovalType.EIA: ECO,
    ApprovalType.ENERGY: DEV,
}
# Calendar days from 启动 (受理) to 取得, by type.
DURATIONS = {
    ApprovalType.FILING: (2, 10),
    ApprovalType.SITE: (10, 30),
    ApprovalType.LAND_PLANNING: (5, 20),
    ApprovalType.LAND: (20, 45),
    ApprovalType.WORKS_PLANNING: (7, 25),
    ApprovalType.CONSTRUCTION: (5, 20),
    ApprovalType.EIA: (20, 60),
    ApprovalType.ENERGY: (15, 40),
}
CITY_APPROVAL_WAN = Decimal(100000)  # 10亿元: 环评 and 节能审查 by the city
