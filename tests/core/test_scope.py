"""The scope policy on its own: who sees and who changes which units and regions."""

from __future__ import annotations

from typing import Any

from tuijin.core.models import Region, Unit, User
from tuijin.core.scope import can_create


def names(queryset: Any) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_it_gives_each_role_its_subtree(
    make_unit: Any, admin_user: User, dispatcher_qz: User, leader_qz: User, reporter_jj: User, dispatcher_fz: User
) -> None:
    make_unit("泉州市商务局", "350500")
    make_unit("泉州开发区经发局", "350500Z01")
    make_unit("福州市商务局", "350100")
    everything = names(Unit.objects.all())
    assert names(Unit.objects.visible_to(admin_user)) == everything
    assert names(Unit.objects.visible_to(dispatcher_qz)) == {"泉州市商务局", "泉州开发区经发局", "晋江市发改局"}
    assert names(Unit.objects.visible_to(leader_qz)) == names(Unit.objects.visible_to(dispatcher_qz))
    assert names(Unit.objects.visible_to(reporter_jj)) == {"晋江市发改局"}
    assert names(Unit.objects.visible_to(dispatcher_fz)) == {"福州市商务局"}


def test_it_lets_only_edit_roles_change(
    make_unit: Any, dispatcher_qz: User, leader_qz: User, reporter_jj: User
) -> None:
    make_unit("泉州市商务局", "350500")
    assert names(Unit.objects.editable_by(dispatcher_qz)) == {"泉州市商务局", "晋江市发改局"}
    assert not Unit.objects.editable_by(leader_qz).exists()
    assert not Unit.objects.editable_by(reporter_jj).exists()  # units are kept by the city dispatch office
    assert can_create(Unit.scope, dispatcher_qz)
    assert not can_create(Unit.scope, leader_qz)


def test_it_shows_a_handler_their_own_unit_only(make_unit: Any, handler_lc: User, lc_unit: Unit) -> None:
    make_unit("鲤城区住建局", "350502")
    assert names(Unit.objects.visible_to(handler_lc)) == {lc_unit.name}
    # Models without a unit path (regions) fall back to the handler's region subtree, read-only.
    assert set(Region.objects.visible_to(handler_lc).values_list("code", flat=True)) == {"350502"}
    assert not Region.objects.editable_by(handler_lc).exists()


def test_it_hides_everything_from_inactive_and_anonymous_users(make_unit: Any, dispatcher_qz: User) -> None:
    from django.contrib.auth.models import AnonymousUser

    make_unit("泉州市商务局", "350500")
    assert not Unit.objects.visible_to(AnonymousUser()).exists()
    dispatcher_qz.is_active = False
    assert not Unit.objects.visible_to(dispatcher_qz).exists()


def test_it_unions_several_assignments(make_user: Any, make_unit: Any, regions: Any) -> None:
    from tuijin.core.models import RoleAssignment

    make_unit("鲤城区商务局", "350502")
    make_unit("南安市商务局", "350583")
    make_unit("石狮市商务局", "350581")
    user = make_user("two_districts", "reporter", "350502")
    RoleAssignment.objects.create(user=user, role="reporter", region=regions["350583"])
    user = User.objects.get(pk=user.pk)  # fresh object: assignments are cached per instance
    assert names(Unit.objects.visible_to(user)) == {"鲤城区商务局", "南安市商务局"}
