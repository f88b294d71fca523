"""REST API under /api/v1/: each app keeps its serializers and viewsets in its own api.py; they meet here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from tuijin.attraction import api as attraction_api
from tuijin.core import api as core_api
from tuijin.dispatch import api as dispatch_api
from tuijin.problems import api as problems_api
from tuijin.problems import approval_api
from tuijin.projects import api as projects_api
from tuijin.targets import api as targets_api

router = DefaultRouter()
router.register("regions", core_api.RegionViewSet, basename="region")
router.register("units", core_api.UnitViewSet, basename="unit")
projects_api.register(router)
dispatch_api.register(router)
attraction_api.register(router)
problems_api.register(router)
approval_api.register(router)
targets_api.register(router)

urlpatterns = [
    path("me/", core_api.MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
