"""Pages of the core app: sign-in with throttling, the home page, and the unit pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from tuijin.core import generic
from tuijin.core.filters import UnitFilterSet
from tuijin.core.forms import UnitForm
from tuijin.core.models import LoginFailure, Region, Unit
from tuijin.core.scope import is_admin
from tuijin.core.tables import UnitTable
from tuijin.core.todos import todos_for


def default_region(user: Any) -> Region:
    """The top of the user's scope (the city for a city dispatcher, the province for an administrator)."""
    if is_admin(user):
        region = Region.objects.filter(parent__isnull=True).order_by("sort_order", "code").first()
    else:
        region = user.scope_regions().order_by("depth", "sort_order", "code").first()
    if region is None:
        raise Http404
    return region


def request_region(request: HttpRequest) -> Region:
    """``?region=CODE`` among the regions visible to the user (404 outside), default the top of the user's scope."""
    code = request.GET.get("region")
    if code:
        return get_object_or_404(Region.objects.visible_to(request.user), code=code)
    return default_region(request.user)


def request_as_of(request: HttpRequest) -> date:
    """``?as_of=YYYY-MM-DD`` (not after today; ignored when malformed), default today."""
    today = timezone.localdate()
    try:
        value = parse_date(request.GET.get("as_of") or "")
    except ValueError:
        value = None
    return min(value, today) if value else today


def with_query(url: str, **params: Any) -> str:
    """``url`` with the non-empty ``params`` as its query string (a drill-down link)."""
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` URL of a form if it points back into this site (https when the request is), else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is forgeable unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR") or None


def login_locked(username: str, ip: str | None) -> bool:
    """Too many recent failures for this username, or (a spray) for this address."""
    since = timezone.now() - timedelta(minutes=settings.TUIJIN_LOGIN_WINDOW_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.TUIJIN_LOGIN_MAX_FAILURES
    if recent.filter(username__iexact=username).count() >= limit:
        return True
    return ip is not None and recent.filter(ip_address=ip).count() >= limit * 4


class ThrottledLoginView(auth_views.LoginView):
    """Django's login, refusing to even check the password once the failure limit is reached."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "").strip()[:150]
        ip = client_ip(request)
        form = self.get_form()
        if login_locked(username, ip):
            # Set the errors by hand: form.errors would authenticate, which is what the lockout prevents.
            form._errors = ErrorDict()
            form.cleaned_data = {}
            form.add_error(
                None,
                _("登录失败次数过多，请%(minutes)s分钟后再试。") % {"minutes": settings.TUIJIN_LOGIN_WINDOW_MINUTES},
            )
            return self.form_invalid(form)
        if form.is_valid():
            LoginFailure.objects.filter(Q(username__iexact=username)).delete()
            return self.form_valid(form)
        LoginFailure.objects.create(username=username, ip_address=ip)
        return self.form_invalid(form)


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["todos"] = todos_for(self.request.user)
        return context


UNIT_FIELDS = ["name", "short_name", "kind", "region", "credit_code", "contact_person", "contact_phone", "is_active"]


class UnitListView(generic.ObjectListView):
    model = Unit
    table_class = UnitTable
    filterset_class = UnitFilterSet
    create_url_name = "core:unit_create"
    export_url_name = "core:unit_export"


class UnitDetailView(generic.ObjectDetailView):
    model = Unit
    fields = [*UNIT_FIELDS, "created", "updated"]
    edit_url_name = "core:unit_edit"
    delete_url_name = "core:unit_delete"


class UnitEditView(generic.ObjectEditView):
    model = Unit
    form_class = UnitForm
    success_url_name = "core:unit_list"


class UnitDeleteView(generic.ObjectDeleteView):
    model = Unit
    success_url_name = "core:unit_list"


class UnitExportView(generic.ObjectExportView):
    model = Unit
    filterset_class = UnitFilterSet
    filename = "单位"
    columns = [
        ("单位名称", "name"),
        ("简称", "short_name"),
        ("单位类型", "get_kind_display"),
        ("所属区域", "region.name"),
        ("区划代码", "region.code"),
        ("统一社会信用代码", "credit_code"),
        ("联系人", "contact_person"),
        ("联系电话", "contact_phone"),
        ("启用", "is_active"),
    ]
