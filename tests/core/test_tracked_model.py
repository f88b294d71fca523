"""The base model: versions refuse stale edits, every write leaves history with user, reason and source."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from tuijin.core.audit import audit_context
from tuijin.core.models import ConflictError, Region, Unit, User


def test_it_refuses_a_second_edit_from_the_same_version(make_unit: Any) -> None:
    unit = make_unit("晋江市商务局", "350582")
    first = Unit.objects.get(pk=unit.pk)
    second = Unit.objects.get(pk=unit.pk)
    first.contact_person = "张三"
    first.save()
    second.contact_person = "李四"
    with pytest.raises(ConflictError) as excinfo:
        second.save()
    assert "第1版" in excinfo.value.messages[0] and "第2版" in excinfo.value.messages[0]
    unit.refresh_from_db()
    assert unit.contact_person == "张三"
    assert unit.version == 2


def test_it_refuses_saving_a_deleted_object(make_unit: Any) -> None:
    unit = make_unit("晋江市商务局", "350582")
    stale = Unit.objects.get(pk=unit.pk)
    Unit.objects.filter(pk=unit.pk).delete()
    stale.name = "改名"
    with pytest.raises(ConflictError, match="已被删除"):
        stale.save()


def test_it_records_user_reason_and_source(make_unit: Any, dispatcher_qz: User) -> None:
    with audit_context(user=dispatcher_qz, reason="更正联系人", source="web"):
        unit = make_unit("晋江市商务局", "350582")
        unit.contact_person = "张三"
        unit.save()
    records = list(unit.history.order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert all(r.history_user == dispatcher_qz for r in records)
    assert records[-1].history_change_reason == "更正联系人"
    assert records[-1].history_source == "web"


def test_it_records_deletes_with_reason(make_unit: Any, dispatcher_qz: User) -> None:
    unit = make_unit("晋江市商务局", "350582")
    pk = unit.pk
    with audit_context(user=dispatcher_qz, reason="重复录入"):
        unit.delete()
    record = Unit.history.filter(id=pk).latest("history_id")
    assert record.history_type == "-"
    assert record.history_change_reason == "重复录入"
    assert record.history_user == dispatcher_qz


def test_it_records_writes_from_management_commands(regions: Any) -> None:
    # No request and no outer context: the command's own context must still be logged.
    Region.objects.filter(code="350582").update(name="旧名")
    call_command("seed_regions", verbosity=0)
    record = Region.objects.get(code="350582").history.latest("history_id")
    assert record.history_source == "command:seed_regions"
    assert record.history_change_reason == "导入行政区划"


def test_it_keeps_region_paths_as_prefixes(regions: dict[str, Region]) -> None:
    jinjiang = regions["350582"]
    assert jinjiang.path == "/350000/350500/350582/"
    assert jinjiang.depth == 2
    assert set(regions["350500"].subtree().values_list("code", flat=True)) >= {"350500", "350582", "350500Z01"}
    assert "350102" not in set(regions["350500"].subtree().values_list("code", flat=True))


def test_it_moves_a_subtree_with_its_parent(regions: dict[str, Region]) -> None:
    zone = regions["350500Z01"]
    zone.parent = regions["350582"]
    zone.save()
    zone.refresh_from_db()
    assert zone.path == "/350000/350500/350582/350500Z01/"


def test_it_refuses_a_region_under_itself(regions: dict[str, Region]) -> None:
    city = regions["350500"]
    city.parent = regions["350582"]
    with pytest.raises(Exception, match="上级区域不能是自身或自身的下级"):
        city.full_clean()


def test_it_validates_administrative_codes(regions: dict[str, Region]) -> None:
    region = Region(code="35058", name="错误", kind="district", parent=regions["350500"])
    with pytest.raises(Exception, match="6位数字"):
        region.full_clean()


def test_it_normalises_and_validates_credit_codes(make_unit: Any, regions: Any) -> None:
    unit = Unit(name="小米", region=regions["350582"], kind="enterprise", credit_code=" 91110108551385082q ")
    unit.full_clean()
    assert unit.credit_code == "91110108551385082Q"
    unit.credit_code = "91110108551385082A"
    with pytest.raises(Exception, match="校验"):
        unit.full_clean()


def test_it_refuses_duplicate_credit_codes(make_unit: Any, regions: Any) -> None:
    make_unit("小米", "350582", kind="enterprise", credit_code="91110108551385082Q")
    duplicate = Unit(name="小米分公司", region=regions["350502"], kind="enterprise", credit_code="91110108551385082Q")
    with pytest.raises(Exception, match="已被其他单位使用"):
        duplicate.full_clean()
