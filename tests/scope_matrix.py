"""The scope matrix as data: roles × endpoints × an object in a region foreign to the role.

Each later module adds rows here (an object factory and its endpoints), not test code.
``test_scope_matrix.py`` signs in as each outsider and expects 404 on pages and API, and the object
absent from exports; it signs in as the insider first, so a wrong URL cannot pass unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from tuijin.core.models import Region, Unit

# The object under test lives in 晋江市 (350582); every outsider below has no role there.
FOREIGN_REGION = "350582"
INSIDER = "dispatcher_qz"  # 市级调度 of 泉州市: sees and changes the whole city
OUTSIDERS = ["reporter_lc", "handler_lc", "dispatcher_fz", "leader_fz"]


def make_unit(regions: dict[str, Region]) -> Unit:
    return Unit.objects.create(name="晋江市住建局", region=regions[FOREIGN_REGION])


def make_region(regions: dict[str, Region]) -> Region:
    return regions[FOREIGN_REGION]


FACTORIES: dict[str, Callable[[dict[str, Region]], Any]] = {
    "unit": make_unit,
    "region": make_region,
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    factory: str
    url: Callable[[Any], str]
    kind: str = "page"  # page | api | export
    method: str = "get"
    data: dict[str, Any] | None = None
    marker: Callable[[Any], str] = str  # text that identifies the object in an export

    def __str__(self) -> str:
        return self.name


ENDPOINTS: list[Endpoint] = [
    Endpoint("单位详情页", "unit", lambda o: reverse("core:unit_detail", args=[o.pk])),
    Endpoint("单位历史页", "unit", lambda o: reverse("core:unit_detail", args=[o.pk]) + "?tab=history"),
    Endpoint("单位修改页", "unit", lambda o: reverse("core:unit_edit", args=[o.pk])),
    Endpoint(
        "单位修改提交",
        "unit",
        lambda o: reverse("core:unit_edit", args=[o.pk]),
        method="post",
        data={"name": "改名", "kind": "government", "region": "", "reason": "越权"},
    ),
    Endpoint("单位删除页", "unit", lambda o: reverse("core:unit_delete", args=[o.pk])),
    Endpoint(
        "单位删除提交",
        "unit",
        lambda o: reverse("core:unit_delete", args=[o.pk]),
        method="post",
        data={"reason": "越权"},
    ),
    Endpoint("单位导出", "unit", lambda o: reverse("core:unit_export"), kind="export"),
    Endpoint("单位API详情", "unit", lambda o: f"/api/v1/units/{o.pk}/", kind="api"),
    Endpoint(
        "单位API修改",
        "unit",
        lambda o: f"/api/v1/units/{o.pk}/",
        kind="api",
        method="patch",
        data={"name": "改名", "version": 1, "reason": "越权"},
    ),
    Endpoint("单位API删除", "unit", lambda o: f"/api/v1/units/{o.pk}/", kind="api", method="delete"),
    Endpoint("区域API详情", "region", lambda o: f"/api/v1/regions/{o.code}/", kind="api"),
    Endpoint(
        "区域API列表", "region", lambda o: f"/api/v1/regions/?q={o.code}", kind="api-list", marker=lambda o: o.code
    ),
]
