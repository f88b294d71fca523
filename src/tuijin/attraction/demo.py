"""Demo data of investment attraction."""

from typing import Any


def seed_demo(run: Any) -> None:
    """A year of attraction for Quanzhou."""
