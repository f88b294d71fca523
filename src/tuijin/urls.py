"""Root URL configuration: pages of each app, the REST API, admin and authentication."""

from django.contrib import admin
from django.urls import include, path

from tuijin.core import views as core_views

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("accounts/login/", core_views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("tuijin.core.urls")),
    path("", include("tuijin.projects.urls")),
    path("", include("tuijin.dispatch.urls")),
    path("", include("tuijin.attraction.urls")),
    path("", include("tuijin.problems.urls")),
    path("", include("tuijin.targets.urls")),
    path("", include("tuijin.exchange.urls")),
    path("api/v1/", include("tuijin.api.urls")),
    path("admin/", admin.site.urls),
]
