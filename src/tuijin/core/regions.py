"""Reference regions: 福建省, 泉州市 and 福州市 with their districts, counties and functional zones.

Administrative regions carry their GB/T 2260 code. Functional zones (功能区) have no GB/T 2260 code,
so they get a local code made of the parent city's code, ``Z`` and a serial (``350500Z01``): it can
never collide with a national code, which is all digits, and it still sorts next to its city.

``seed_regions()`` writes the list through ``Region.save()`` one row at a time, parents first,
because ``save()`` computes ``path``/``depth`` from the parent and every write must leave a history
record (which ``bulk_create`` would skip). It is idempotent: a second run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from tuijin.core.choices import RegionKind
from tuijin.core.models import Region
from tuijin.core.seeding import upsert


@dataclass(frozen=True)
class RegionSeed:
    """One reference region. ``parent`` is the parent's code; it must come earlier in ``REGIONS``."""

    code: str
    name: str
    kind: str
    parent: str | None = None
    short_name: str = ""
    in_statistics: bool = True

    @property
    def display_short_name(self) -> str:
        """The given short name, else the name without its 省/市/区/县 suffix (晋江市 → 晋江)."""
        if self.short_name:
            return self.short_name
        if len(self.name) > 2 and self.name[-1] in "省市区县":
            return self.name[:-1]
        return self.name


P, C, D, CO, CC, Z = (
    RegionKind.PROVINCE,
    RegionKind.CITY,
    RegionKind.DISTRICT,
    RegionKind.COUNTY,
    RegionKind.COUNTY_CITY,
    RegionKind.ZONE,
)

# In GB/T 2260 code order; each city's functional zones follow its coded children. The position in
# this list becomes ``sort_order`` (in steps of 10, so an administrator can slot a region in between).
REGIONS: list[RegionSeed] = [
    RegionSeed("350000", "福建省", P),
    # 福州市
    RegionSeed("350100", "福州市", C, "350000"),
    RegionSeed("350102", "鼓楼区", D, "350100"),
    RegionSeed("350103", "台江区", D, "350100"),
    RegionSeed("350104", "仓山区", D, "350100"),
    RegionSeed("350105", "马尾区", D, "350100"),
    RegionSeed("350111", "晋安区", D, "350100"),
    RegionSeed("350112", "长乐区", D, "350100"),
    RegionSeed("350121", "闽侯县", CO, "350100"),
    RegionSeed("350122", "连江县", CO, "350100"),
    RegionSeed("350123", "罗源县", CO, "350100"),
    RegionSeed("350124", "闽清县", CO, "350100"),
    RegionSeed("350125", "永泰县", CO, "350100"),
    RegionSeed("350128", "平潭县", CO, "350100"),
    RegionSeed("350181", "福清市", CC, "350100"),
    RegionSeed("350100Z01", "福州高新区", Z, "350100", short_name="福州高新区"),
    # 泉州市
    RegionSeed("350500", "泉州市", C, "350000"),
    RegionSeed("350502", "鲤城区", D, "350500"),
    RegionSeed("350503", "丰泽区", D, "350500"),
    RegionSeed("350504", "洛江区", D, "350500"),
    RegionSeed("350505", "泉港区", D, "350500"),
    RegionSeed("350521", "惠安县", CO, "350500"),
    RegionSeed("350524", "安溪县", CO, "350500"),
    RegionSeed("350525", "永春县", CO, "350500"),
    RegionSeed("350526", "德化县", CO, "350500"),
    # Administered from Taiwan: kept in the tree (GB/T 2260 lists it) but out of totals and rankings.
    RegionSeed("350527", "金门县", CO, "350500", in_statistics=False),
    RegionSeed("350581", "石狮市", CC, "350500"),
    RegionSeed("350582", "晋江市", CC, "350500"),
    RegionSeed("350583", "南安市", CC, "350500"),
    RegionSeed("350500Z01", "泉州经济技术开发区", Z, "350500", short_name="泉州开发区"),
    RegionSeed("350500Z02", "泉州台商投资区", Z, "350500", short_name="泉州台商区"),
]


def seed_regions() -> int:
    """Create or refresh the reference regions; return how many were created."""
    created_count = 0
    by_code: dict[str, Region] = {}
    for index, seed in enumerate(REGIONS):
        parent = None
        if seed.parent is not None:
            # Parents precede their children in REGIONS; fall back to the database for safety.
            parent = by_code.get(seed.parent) or Region.objects.get(code=seed.parent)
        region, created = upsert(
            Region,
            {"code": seed.code},
            {
                "name": seed.name,
                "short_name": seed.display_short_name,
                "kind": seed.kind,
                "parent": parent,
                "in_statistics": seed.in_statistics,
                "sort_order": (index + 1) * 10,
            },
        )
        by_code[seed.code] = region
        created_count += created
    return created_count
