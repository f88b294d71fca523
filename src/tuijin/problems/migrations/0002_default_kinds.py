"""The default problem kinds of DOMAIN.md §7 with their working-day limits; administrators adjust them afterwards."""

from django.db import migrations

DEFAULT_KINDS = [
    ("land", "用地报批", 7, 3),
    ("relocation", "征迁", 7, 3),
    ("grid", "电网迁改", 7, 3),
    ("approval", "审批手续", 7, 3),
    ("funding", "资金", 7, 3),
    ("environment", "施工环境", 7, 3),
    ("other", "其他", 7, 3),
]


def add_kinds(apps, schema_editor):
    ProblemKind = apps.get_model("problems", "ProblemKind")
    for order, (code, name, lead_days, helper_days) in enumerate(DEFAULT_KINDS, start=1):
        ProblemKind.objects.get_or_create(
            code=code, defaults={"name": name, "lead_days": lead_days, "helper_days": helper_days, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
