"""The default list of 招商来源 (DOMAIN.md §6); administrators extend or retire entries afterwards."""

from django.db import migrations

DEFAULT_SOURCES = ["侨港澳台/在外泉商", "长三角", "粤港澳", "京津冀", "东南亚", "本地增资", "其他"]


def add_sources(apps, schema_editor):
    LeadSource = apps.get_model("attraction", "LeadSource")
    for order, name in enumerate(DEFAULT_SOURCES, start=1):
        LeadSource.objects.get_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("attraction", "0001_initial")]

    operations = [migrations.RunPython(add_sources, migrations.RunPython.noop)]
