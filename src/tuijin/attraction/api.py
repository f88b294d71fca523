"""REST API of investment attraction."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add the attraction endpoints to the API router."""
