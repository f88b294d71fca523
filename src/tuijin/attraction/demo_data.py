"""Reference data of the attraction demo: shares and targets of the regions, teams, signing events, investors'
home places, products, and the words of follow-ups, drops and evidence; at the end, the year's teams, events and
targets built from it (they depend on the year only).

``demo_specs.py`` builds the campaign's contracts and leads from it and ``demo.py`` writes everything.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from tuijin.projects.demo_specs import person_name, region_seeds

CITY_CODE = "350500"

# The city's annual target: 新签约项目投资总额1万亿元 (万元) and 100 大项目 (≥ 20亿元).
CITY_TARGET_WAN = 100_000_000
CITY_BIG_TARGET = 100

# Each district's, county's and zone's share: its target in 亿元 (adding up to the city's 10 000亿元), its
# big-project target (adding up to 100), and the 亿元 a typical project of its industries weighs relative to
# the city's (mountain counties sign smaller projects; 泉港's petrochemicals and the zones' plants are large).
REGION_SHARES: dict[str, tuple[int, int, float]] = {
    "350502": (300, 2, 0.7),  # 鲤城区
    "350503": (400, 3, 0.8),  # 丰泽区
    "350504": (400, 4, 0.9),  # 洛江区
    "350505": (1000, 12, 1.5),  # 泉港区
    "350521": (800, 8, 1.1),  # 惠安县
    "350524": (600, 5, 0.9),  # 安溪县
    "350525": (350, 3, 0.8),  # 永春县
    "350526": (350, 3, 0.8),  # 德化县
    "350581": (900, 8, 1.0),  # 石狮市
    "350582": (2000, 20, 1.1),  # 晋江市
    "350583": (1200, 12, 1.0),  # 南安市
    "350500Z01": (600, 8, 1.2),  # 泉州经济技术开发区
    "350500Z02": (1100, 12, 1.3),  # 泉州台商投资区
}

# The sources seeded by migration 0002, with how often each brings a contract.
SOURCE_WEIGHTS: dict[str, float] = {
    "侨港澳台/在外泉商": 26,
    "长三角": 20,
    "粤港澳": 16,
    "京津冀": 8,
    "东南亚": 5,
    "本地增资": 20,
    "其他": 5,
}
# Where Taiwanese and overseas Chinese capital goes first.
SOURCE_BIAS: dict[str, dict[str, float]] = {
    "350500Z02": {"侨港澳台/在外泉商": 2.0},
    "350581": {"侨港澳台/在外泉商": 1.5, "东南亚": 1.5},
    "350582": {"本地增资": 1.3},
    "350505": {"京津冀": 1.8, "长三角": 1.3},
}

# An investor's home: (name prefix, GB/T 2260 code of the registration authority). An empty code means the
# company is registered where it invests (a subsidiary set up for the project, or a local company).
INVESTOR_HOMES: dict[str, list[tuple[str, str]]] = {
    "侨港澳台/在外泉商": [("福建", ""), ("泉州", ""), ("厦门", "350206"), ("上海", "310115"), ("深圳", "440300")],
    "长三角": [
        ("上海", "310115"),
        ("上海", "310112"),
        ("苏州", "320505"),
        ("南京", "320114"),
        ("无锡", "320214"),
        ("杭州", "330106"),
        ("宁波", "330206"),
        ("合肥", "340104"),
        ("江苏", "320000"),
        ("浙江", "330000"),
    ],
    "粤港澳": [("深圳", "440300"), ("深圳", "440305"), ("广州", "440106"), ("东莞", "441900"), ("佛山", "440604")],
    "京津冀": [("北京", "110108"), ("北京", "110105"), ("天津", "120116"), ("河北", "130000")],
    "东南亚": [("福建", ""), ("泉州", "")],
    "本地增资": [("福建", ""), ("泉州", ""), ("", "")],  # "": the district's own name (晋江…)
    "其他": [("厦门", "350206"), ("福州", "350102"), ("成都", "510107"), ("武汉", "420106"), ("重庆", "500112")],
}
# Capital from Hong Kong, Taiwan and Southeast Asia often signs through a mainland subsidiary: 旭丰（泉州）纺织有限公司.
SUBSIDIARY_SEATS = ("中国", "福建", "泉州")

# division → (product of the project, line of business of the investor); {n} is a yearly capacity.
PRODUCTS: dict[str, list[tuple[str, str]]] = {
    "01": [("现代农业产业园", "农业发展"), ("高标准设施农业基地", "农业科技")],
    "04": [("深远海智能养殖", "海洋渔业"), ("水产种苗繁育基地", "水产科技")],
    "13": [("年产{n}万吨海洋食品精深加工", "食品"), ("农产品冷链加工中心", "食品")],
    "14": [("休闲食品智能工厂", "食品"), ("年产{n}万吨烘焙食品", "食品"), ("功能性食品生产基地", "生物科技")],
    "15": [("茶产业综合体", "茶业"), ("年产{n}万吨茶饮料", "饮品")],
    "17": [("年产{n}万吨功能性面料", "纺织科技"), ("高端经编面料智能工厂", "纺织"), ("绿色印染提升", "染整")],
    "18": [("运动服饰研发生产基地", "服饰"), ("年产{n}万件智能服装", "服装"), ("户外服饰总部及生产基地", "服饰")],
    "19": [("年产{n}万双运动鞋智能制造", "鞋业"), ("鞋材新材料生产基地", "鞋材"), ("智能鞋服产业园", "体育用品")],
    "21": [("智能家居生产基地", "家居"), ("藤铁工艺家居产业园", "工艺家居")],
    "22": [("高档生活用纸", "纸业"), ("年产{n}万吨绿色包装纸", "包装")],
    "24": [("体育用品智能制造", "体育用品"), ("工艺美术品产业园", "工艺品")],
    "25": [("炼化一体化配套", "石化"), ("年产{n}万吨高端润滑油", "能源")],
    "26": [("年产{n}万吨高性能树脂", "新材料"), ("电子化学品", "化学"), ("年产{n}万吨石化新材料", "化工")],
    "27": [("创新药生产基地", "药业"), ("生物医药产业园", "生物医药")],
    "28": [("年产{n}万吨差别化纤维", "化纤"), ("锦纶新材料", "化纤")],
    "29": [("高分子新材料", "新材料"), ("年产{n}万吨改性塑料", "塑胶")],
    "30": [("装配式建材生产基地", "建材"), ("高端陶瓷智能制造", "陶瓷"), ("年产{n}万平方米岩板", "石业")],
    "33": [("高端水暖卫浴生产基地", "水暖"), ("五金制品智能工厂", "五金")],
    "34": [("智能装备制造基地", "机械"), ("高端阀门生产线", "阀门")],
    "35": [("智能装备产业园", "智能装备"), ("医疗器械生产基地", "医疗器械"), ("纺织机械研发生产基地", "机械")],
    "36": [("新能源汽车零部件", "汽车零部件"), ("汽车电子生产基地", "汽车电子")],
    "37": [("船舶修造基地", "船舶"), ("游艇制造", "游艇")],
    "38": [("年产{n}GWh储能电池", "储能"), ("光伏组件生产基地", "光伏"), ("新能源电池材料", "新能源")],
    "39": [("集成电路封装测试", "半导体"), ("光电显示模组", "光电"), ("化合物半导体", "半导体"), ("智能终端", "电子")],
    "40": [("智能仪器仪表生产基地", "仪器")],
    "42": [("再生资源综合利用", "环保科技")],
    "44": [("分布式光伏发电", "新能源"), ("海上风电装备及运维基地", "风电")],
    "51": [("鞋服商贸总部", "商贸")],
    "52": [("商业综合体", "商业管理")],
    "59": [("智慧物流园", "物流"), ("冷链物流中心", "冷链物流"), ("跨境电商仓储基地", "供应链")],
    "61": [("文旅度假酒店", "文旅"), ("温泉康养度假区", "旅游发展")],
    "64": [("跨境电商产业园", "电子商务"), ("直播电商基地", "网络科技")],
    "65": [("数字经济产业园", "数字科技"), ("工业互联网平台", "信息技术"), ("算力中心", "数据科技")],
    "72": [("区域总部", "投资"), ("供应链管理总部", "供应链管理")],
    "73": [("研发中心", "科技")],
    "88": [("文创园", "文化传媒")],
}
# Capacity ranges of {n} by division (the number before its unit).
CAPACITY: dict[str, tuple[int, int]] = {"19": (300, 3000), "18": (200, 2000), "38": (2, 20), "30": (100, 1500)}
# Divisions every region also attracts, besides those of its own industries (projects demo profiles).
COMMON_DIVISIONS = {"65": 0.6, "59": 0.6, "72": 0.3}
# Relative size of a contract by division (1 = the city's typical project).
DIVISION_SIZE = {"25": 4.0, "26": 2.2, "28": 1.6, "38": 1.8, "39": 1.6, "36": 1.3, "44": 1.4, "37": 1.3, "72": 0.6}


@dataclass(frozen=True)
class TeamSeed:
    """A 招商组: its name after the region's, the sources it works and its focus."""

    suffix: str
    sources: tuple[str, ...]
    focus: str


OVERSEAS = ("侨港澳台/在外泉商", "东南亚")
HOME = ("本地增资", "其他")

# The city's teams (region 350500) are named "市…招商组".
CITY_TEAMS = (
    TeamSeed("市商务局欧美招商组", ("其他",), "欧美先进制造业、外资总部"),
    TeamSeed("市投资促进中心长三角招商组", ("长三角",), "长三角集成电路、新能源、新材料"),
    TeamSeed("市驻深圳招商组", ("粤港澳",), "粤港澳大湾区电子信息、数字经济"),
    TeamSeed("市驻北京招商组", ("京津冀",), "央企、国企及总部经济"),
    TeamSeed("市港澳台侨招商组", OVERSEAS, "侨商、台商及东南亚华商回归投资"),
)
# The teams of each district, county and zone, by the code of its region.
REGION_TEAMS: dict[str, tuple[TeamSeed, ...]] = {
    "350502": (
        TeamSeed("商贸文旅招商组", ("本地增资", "其他", "长三角"), "古城文旅、商贸服务"),
        TeamSeed("港澳台侨招商组", OVERSEAS, "侨资回归、总部经济"),
    ),
    "350503": (
        TeamSeed("数字经济招商组", ("长三角", "粤港澳", "京津冀"), "软件信息、数字经济、总部经济"),
        TeamSeed("侨商招商组", (*OVERSEAS, *HOME), "侨资、现代服务业"),
    ),
    "350504": (
        TeamSeed("装备制造招商组", ("长三角", "本地增资", "其他"), "智能装备、机械制造"),
        TeamSeed("驻厦门招商组", ("粤港澳", *OVERSEAS), "厦门及闽南金三角产业转移"),
    ),
    "350505": (
        TeamSeed("石化产业链招商组", ("京津冀", "长三角", *HOME), "石化中下游、化工新材料"),
        TeamSeed("驻上海招商组", ("长三角",), "长三角化工新材料、新能源"),
        TeamSeed("临港物流招商组", ("粤港澳", *OVERSEAS), "港口物流、能源"),
    ),
    "350521": (
        TeamSeed("长三角招商组", ("长三角", "京津冀"), "新材料、船舶装备"),
        TeamSeed("石材建材招商组", (*HOME, "粤港澳", *OVERSEAS), "石材、建材、工艺品产业升级"),
    ),
    "350524": (
        TeamSeed("驻深圳招商组", ("粤港澳", "长三角"), "光电信息、智能终端"),
        TeamSeed("茶产业招商组", (*HOME, *OVERSEAS, "京津冀"), "茶产业、家居工艺、文旅"),
    ),
    "350525": (TeamSeed("综合招商组", ("长三角", "粤港澳", "京津冀", *OVERSEAS, *HOME), "食品、香业、文旅康养"),),
    "350526": (TeamSeed("陶瓷产业招商组", ("长三角", "粤港澳", "京津冀", *OVERSEAS, *HOME), "陶瓷、文旅"),),
    "350581": (
        TeamSeed("驻广州招商组", ("粤港澳",), "服装面料、电商"),
        TeamSeed("港澳台侨招商组", OVERSEAS, "侨资、东南亚华商"),
        TeamSeed("纺织服装招商组", ("长三角", "京津冀", *HOME), "纺织服装、海洋经济"),
    ),
    "350582": (
        TeamSeed("驻深圳招商组", ("粤港澳",), "集成电路、智能终端"),
        TeamSeed("长三角招商组", ("长三角", "京津冀"), "新材料、新能源、半导体"),
        TeamSeed("港澳台侨招商组", OVERSEAS, "侨资回归、总部经济"),
        TeamSeed("鞋服产业链招商组", HOME, "鞋服、纺织、食品产业链延链补链"),
    ),
    "350583": (
        TeamSeed("长三角招商组", ("长三角", "京津冀"), "光电信息、智能装备"),
        TeamSeed("驻深圳招商组", ("粤港澳",), "电子信息、智能终端"),
        TeamSeed("侨商招商组", (*OVERSEAS, *HOME), "水暖厨卫、石材建材、侨资回归"),
    ),
    "350500Z01": (
        TeamSeed("电子信息招商组", ("粤港澳", "长三角"), "电子信息、智能装备"),
        TeamSeed("生物医药招商组", ("京津冀", *HOME, *OVERSEAS), "生物医药、医疗器械"),
    ),
    "350500Z02": (
        TeamSeed("台商招商组", OVERSEAS, "台资企业、两岸产业合作"),
        TeamSeed("新能源招商组", ("长三角", "粤港澳", "京津冀"), "新能源、储能、汽车零部件"),
        TeamSeed("驻上海招商组", ("长三角", *HOME), "长三角光电、新材料"),
    ),
}
# Who leads a team of a region of that kind, and who else sits in it.
LEADER_TITLES = {
    "city": "副市长",
    "district": "副区长",
    "county": "副县长",
    "county_city": "副市长",
    "zone": "管委会副主任",
}
MEMBER_POSITIONS = (
    "商务局局长",
    "投资促进中心主任",
    "商务局副局长",
    "工信局副局长",
    "投资促进中心副主任",
    "招商科科长",
    "发改局副局长",
    "投资促进中心干部",
)
# Demo accounts (core demo ACCOUNTS) that sit in a team: region code → (username, position, team suffix).
TEAM_ACCOUNTS = {
    "350500": ("qz_dispatch", "联络员（市发改局）", "市投资促进中心长三角招商组"),
    "350582": ("jj_reporter", "联络员（市发改局）", "鞋服产业链招商组"),
    "350583": ("na_reporter", "联络员（市发改局）", "侨商招商组"),
    "350502": ("lc_reporter", "联络员（区发改局）", "商贸文旅招商组"),
    "350500Z01": ("kfq_reporter", "联络员（发改局）", "电子信息招商组"),
}


@dataclass(frozen=True)
class EventSeed:
    """A signing event held on (month, day) (moved to the next weekday); ``region`` "" is the city.

    ``sources``: the sources a promotion is for (empty: any); ``regions``: whose contracts are signed there
    (empty: any region's).
    """

    month: int
    day: int
    kind: str  # EventKind value
    name: str  # {year}, {quarter}
    theme: str
    place: str
    region: str = CITY_CODE
    sources: tuple[str, ...] = ()
    share: float = 0.3  # the chance that a contract it fits is signed there


EVENTS = (
    EventSeed(
        2,
        26,
        "conference",
        "泉州市{year}年第{quarter}季度重大项目集中签约大会",
        "抓开放招商促项目落地",
        "泉州市行政中心",
    ),
    EventSeed(
        3,
        20,
        "promotion",
        "{year}泉州（上海）长三角投资推介会",
        "“海丝名城·投资泉州”长三角专场",
        "上海国际会议中心",
        sources=("长三角",),
        share=0.4,
    ),
    EventSeed(
        4,
        16,
        "promotion",
        "晋江市{year}年数字经济专场推介会",
        "数字经济赋能鞋服产业转型升级",
        "晋江国际会展中心",
        region="350582",
        share=0.25,
    ),
    EventSeed(5, 28, "conference", "泉州市{year}年第{quarter}季度重大项目集中签约大会", "项目奋战年", "泉州大剧院"),
    EventSeed(
        6,
        18,
        "other",
        "{year}年中国·海峡项目成果交易会泉州市项目签约仪式",
        "“6·18”泉州专场项目对接签约",
        "福州海峡国际会展中心",
        sources=("京津冀", "其他"),
        share=0.35,
    ),
    EventSeed(
        7,
        10,
        "promotion",
        "{year}泉州（深圳）粤港澳大湾区招商推介会",
        "对接大湾区电子信息和数字经济产业",
        "深圳会展中心",
        sources=("粤港澳",),
        share=0.4,
    ),
    EventSeed(
        8,
        6,
        "promotion",
        "泉州台商投资区{year}年台商台企专场推介会",
        "深化两岸产业融合发展",
        "泉州台商投资区管委会",
        region="350500Z02",
        share=0.35,
    ),
    EventSeed(
        8, 27, "conference", "泉州市{year}年第{quarter}季度重大项目集中签约大会", "抓项目、促发展", "泉州市行政中心"
    ),
    EventSeed(
        9,
        16,
        "promotion",
        "泉港区{year}年石化产业链专场招商推介会",
        "延伸石化产业链、建设世界级石化基地",
        "泉港石化工业园区管委会",
        region="350505",
        share=0.3,
    ),
    EventSeed(
        10,
        22,
        "conference",
        "南安市{year}年重大项目集中签约仪式",
        "招大引强促发展",
        "南安市行政服务中心",
        region="350583",
        share=0.3,
    ),
    EventSeed(
        11,
        6,
        "promotion",
        "{year}泉州（新加坡）东南亚投资推介会",
        "海丝泉州·共享东盟机遇",
        "新加坡滨海湾金沙会展中心",
        sources=("东南亚", "侨港澳台/在外泉商"),
        share=0.45,
    ),
    EventSeed(
        12, 18, "conference", "泉州市{year}年第{quarter}季度重大项目集中签约大会", "决战四季度", "泉州市行政中心"
    ),
)

DROP_REASONS = (
    "企业调整投资计划，项目暂缓对外投资",
    "用地需求与我市国土空间规划不符，无法落地",
    "企业最终选择落户省外",
    "项目能耗指标无法满足要求",
    "企业资金链紧张，项目搁置",
    "项目环评要求较高，企业主动放弃",
    "企业要求的扶持政策超出我市政策范围",
)
FOLLOW_UPS = (
    "赴企业总部拜访{contact}，介绍{place}产业政策和用地条件，企业表示有意向在闽南布局生产基地",
    "企业考察团一行来{place}实地考察{park}，参观标准厂房并座谈交流",
    "召开项目对接会，就用地规模、厂房租赁及扶持政策进行洽谈",
    "通过视频会议与企业沟通投资协议主要条款",
    "项目提交{place}招商项目评审会研究，原则同意引进",
    "陪同企业到自然资源、生态环境部门咨询用地和环评事项",
    "企业反馈项目可研报告已完成初稿，正在内部决策",
    "电话回访企业负责人，了解项目最新进展",
    "{place}主要领导带队拜访企业，推动项目尽快签约落地",
)
NEXT_STEPS = (
    "安排企业高层来泉考察",
    "起草投资协议文本",
    "对接自然资源部门落实用地指标",
    "提请招商委研究扶持政策",
    "协调标准厂房租赁事宜",
    "跟踪企业内部决策进度",
    "组织项目签约",
)
DROPPED_FOLLOW_UP = "企业来函说明：{reason}"
PARKS = ("工业园区", "经济开发区", "高新技术产业园", "标准化厂房片区", "临港产业园")
CONTACT_TITLES = ("董事长", "总经理", "副总经理", "投资总监", "战略发展部总监")
FUND_NOTES = ("注册资本金到位", "自有资金投入", "银行贷款到位", "股东增资到位", "设备购置款", "厂房建设投入")
PRODUCE_EVIDENCE = (
    "首条生产线投产，首批产品下线",
    "竣工验收备案（{area}JG{year}{serial:04d}），正式投产",
    "取得排污许可证（{area}{serial:06d}），正式投入生产",
    "试生产结束，正式投产运营",
)
LEAD_DESCRIPTIONS = (
    "企业拟在泉投资建设{product}项目，需用地约{mu}亩",
    "企业计划扩大产能，拟选址{place}新建{product}项目",
    "经商协会推介，企业有意将{product}项目落户{place}",
    "企业拟租赁标准厂房{area}万平方米建设{product}项目",
)


# --- The year's teams, events and targets -----------------------------------------------------------------------


@dataclass
class MemberSpec:
    name: str
    position: str
    phone: str
    username: str = ""


@dataclass
class TeamSpec:
    region_code: str
    name: str
    leader: str
    focus: str
    sources: tuple[str, ...]
    members: list[MemberSpec] = field(default_factory=list)


@dataclass
class EventSpec:
    name: str
    kind: str
    theme: str
    date: datetime.date
    place: str
    region_code: str
    seed: EventSeed


@dataclass
class TargetSpec:
    region_code: str
    amount: Decimal
    big_projects: int


def weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice(('39', '59', '38', '89', '35', '86', '37', '58'))}{rng.randint(0, 10**8 - 1):08d}"


def office_phone(rng: random.Random) -> str:
    return f"0595-{rng.choice('2268')}{rng.randint(0, 10**7 - 1):07d}"


def build_teams(year: int) -> list[TeamSpec]:
    rng = random.Random(f"tuijin-attraction-{year}-teams")
    seeds = region_seeds()
    teams = []
    plans: list[tuple[str, TeamSeed]] = [(CITY_CODE, seed) for seed in CITY_TEAMS]
    plans += [(code, seed) for code, team_seeds in REGION_TEAMS.items() for seed in team_seeds]
    for code, seed in plans:
        region = seeds[code]
        name = seed.suffix if code == CITY_CODE else f"{region.name}{seed.suffix}"
        leader = person_name(rng)
        members = [MemberSpec(leader, f"组长（{region.name}{LEADER_TITLES[region.kind]}）", office_phone(rng))]
        # The deputy heads the 商务局 or the 投资促进中心; the others come from the departments concerned.
        positions = [rng.choice(MEMBER_POSITIONS[:2]), *rng.sample(MEMBER_POSITIONS[2:], rng.randint(1, 4))]
        for position, role in zip(positions, ("副组长", *["成员"] * 4), strict=False):
            members.append(MemberSpec(person_name(rng), f"{role}（{region.name}{position}）", mobile(rng)))
        account = TEAM_ACCOUNTS.get(code)
        if account and account[2] == seed.suffix:
            members[-1] = MemberSpec("", account[1], office_phone(rng), username=account[0])
        teams.append(TeamSpec(code, name, leader, seed.focus, seed.sources, members))
    return teams


def build_events(year: int, today: datetime.date) -> list[EventSpec]:
    """The year's events held by yesterday (an event of today may still be under way)."""
    events = []
    for seed in EVENTS:
        day = weekday_on_or_after(datetime.date(year, seed.month, seed.day))
        if day >= today:
            continue
        quarter = "一二三四"[(day.month - 1) // 3]
        name = seed.name.format(year=year, quarter=quarter)
        events.append(EventSpec(name, seed.kind, seed.theme.format(year=year), day, seed.place, seed.region, seed))
    return events


def build_targets() -> list[TargetSpec]:
    """The city's target decomposed to its districts, counties and zones (the parts add up to the city's)."""
    targets = [TargetSpec(CITY_CODE, Decimal(CITY_TARGET_WAN), CITY_BIG_TARGET)]
    targets += [TargetSpec(code, Decimal(yi * 10000), big) for code, (yi, big, _size) in REGION_SHARES.items()]
    return targets
