"""Template filters for the number formats of DOMAIN.md §10: ``{{ amount|yi }}`` → "106.87亿元",
``{{ amount|wan }}`` → "1,068,700.00万元", ``{{ rate|percent }}`` → "124.56%"."""

from typing import Any

from django import template

from tuijin.core.money import format_money, format_percent

register = template.Library()


@register.filter
def yi(value_wan: Any) -> str:
    return format_money(value_wan)


@register.filter
def wan(value_wan: Any) -> str:
    return format_money(value_wan, unit="万元")


@register.filter
def percent(rate: Any) -> str:
    return format_percent(rate)
