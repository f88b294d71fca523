"""django-tables2 tables of the core app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from tuijin.core.models import Unit


class UnitTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__path",))
    is_active = tables.BooleanColumn(yesno=(_("是"), _("否")))

    class Meta:
        model = Unit
        fields = ["name", "kind", "region", "credit_code", "contact_person", "contact_phone", "is_active"]
        order_by = ["region", "name"]
