"""The one scope policy: which rows a user may see and which they may change.

A user holds role assignments (user, role, region). Each assignment covers the region's whole
subtree. A model says how its rows reach a region (and, for work handed to departments, a unit)
with a ``ScopeRule``; this module turns the user's assignments and the rule into a filter.
Every page, API endpoint, export, import, dashboard and bulletin goes through
``Model.objects.visible_to(user)`` / ``.editable_by(user)``, which call the two functions below.

Rules of the policy (ARCHITECTURE.md, "Roles"):
- 系统管理员 (or a Django superuser) sees and changes everything;
- 市级调度, 区县填报 and 领导 see the rows of their region subtrees;
- 部门办理 sees the rows assigned to their unit where the model has a unit path, otherwise the
  rows of their region subtree (read-only context such as the project of a problem they handle);
- changing needs a role named in the model's ``edit_roles`` over the row's region, or, for
  ``unit_edit`` models, a 部门办理 of the row's unit. 领导 never changes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from tuijin.core.choices import Role

if TYPE_CHECKING:
    from tuijin.core.models import User

REGION_ROLES = frozenset({Role.DISPATCHER, Role.REPORTER, Role.LEADER})


@dataclass(frozen=True)
class ScopeRule:
    """How a model's rows are scoped.

    ``region``: lookup path from the row to its Region (``"region"``, ``"project__region"``;
    ``""`` for Region itself; None for rows that belong to no region, such as settings).
    ``unit``: lookup path to the Unit a department handler works for (``""`` for Unit itself), a tuple of
    such paths when work reaches several units (a problem's 主办 and 协办 units), or None.
    ``edit_roles``: roles that change rows in their subtree.
    ``unit_edit``: a 部门办理 may change rows of their unit.
    """

    region: str | None = "region"
    unit: str | tuple[str, ...] | None = None
    edit_roles: frozenset[str] = field(default_factory=frozenset)
    unit_edit: bool = False

    def region_q(self, paths: list[str]) -> Q:
        if self.region is None:
            # Not tied to a region (settings, reference lists): any region role reaches every row.
            return Q() if paths else Q(pk__in=[])
        lookup = f"{self.region}__path__startswith" if self.region else "path__startswith"
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(**{lookup: path})
        return q

    @property
    def unit_paths(self) -> tuple[str, ...]:
        if self.unit is None:
            return ()
        return self.unit if isinstance(self.unit, tuple) else (self.unit,)

    def unit_q(self, unit_id: int | None) -> Q:
        q = Q(pk__in=[])
        if unit_id is None:
            return q
        for path in self.unit_paths:
            q |= Q(**{path or "pk": unit_id})
        return q


def is_admin(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.has_role(Role.ADMIN)))


def visible_filter(rule: ScopeRule, user: User | Any) -> Q | None:
    """The Q a user's visible rows satisfy; None means every row."""
    if not (user and user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if is_admin(user):
        return None
    region_paths = user.region_paths(REGION_ROLES)
    handler_paths = user.region_paths({Role.HANDLER})
    if rule.region is None:
        # Settings and reference lists: anyone holding a role reads every row. (``Q() | ...`` would
        # not do: combining with an empty Q keeps the other side.)
        return None if region_paths or handler_paths else Q(pk__in=[])
    q = rule.region_q(region_paths)
    if handler_paths:
        q |= rule.unit_q(user.unit_id) if rule.unit is not None else rule.region_q(handler_paths)
    return q


def editable_filter(rule: ScopeRule, user: User | Any) -> Q | None:
    """The Q a user's changeable rows satisfy; None means every row."""
    if not (user and user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if is_admin(user):
        return None
    q = rule.region_q(user.region_paths(rule.edit_roles - {Role.LEADER}))
    if rule.unit_edit and user.region_paths({Role.HANDLER}):
        q |= rule.unit_q(user.unit_id)
    return q


class ScopedQuerySet(models.QuerySet):
    """The only door from views, API, exports, imports and reports to a model's rows."""

    def _scoped(self, q: Q | None, user: User | Any) -> ScopedQuerySet:
        if q is None:
            return self
        if _needs_distinct(self.model) and _works_for_a_unit(user):
            # The unit paths join a many-to-many (helper units) and would repeat rows: select the rows by key
            # (a semi-join) rather than DISTINCT over every column, which sorts and counts far slower.
            return self.filter(pk__in=self.model._base_manager.filter(q).values("pk"))
        return self.filter(q)

    def visible_to(self, user: User | Any) -> ScopedQuerySet:
        return self._scoped(visible_filter(self.model.scope, user), user)

    def editable_by(self, user: User | Any) -> ScopedQuerySet:
        return self._scoped(editable_filter(self.model.scope, user), user)


def _works_for_a_unit(user: User | Any) -> bool:
    """Whether the user's filter uses the unit paths (a 部门办理 role); region roles never join them."""
    return bool(user and user.is_authenticated and user.region_paths({Role.HANDLER}))


def _needs_distinct(model: type[models.Model]) -> bool:
    """A unit path through a many-to-many (e.g. helper units) can repeat rows."""
    rule: ScopeRule = model.scope
    return any(_through_many(model, path) for path in rule.unit_paths if path)


def _through_many(model: type[models.Model], path: str) -> bool:
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def can_create(rule: ScopeRule, user: User | Any) -> bool:
    """Whether the user may create rows of a model at all (the region they pick is checked by the form)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_admin(user):
        return True
    return bool(user.region_paths(rule.edit_roles - {Role.LEADER}))


def editable_regions_q(rule: ScopeRule, user: User | Any) -> Q | None:
    """Regions a new row of the model may be placed in by this user (None: any region)."""
    if is_admin(user):
        return None
    paths = user.region_paths(rule.edit_roles - {Role.LEADER})
    return ScopeRule(region="").region_q(paths)
