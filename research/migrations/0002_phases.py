from django.db import migrations

# ClinicalTrials.gov's phase vocabulary.
PHASES = [
    ("early_phase_1", "Early phase 1", 0),
    ("phase_1", "Phase 1", 1),
    ("phase_2", "Phase 2", 2),
    ("phase_3", "Phase 3", 3),
    ("phase_4", "Phase 4", 4),
    ("not_applicable", "Not applicable", 5),
]


def create_phases(apps, schema_editor):
    Phase = apps.get_model("research", "Phase")
    for code, name, position in PHASES:
        Phase.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def delete_phases(apps, schema_editor):
    apps.get_model("research", "Phase").objects.filter(code__in=[code for code, _, _ in PHASES]).delete()


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [migrations.RunPython(create_phases, delete_phases)]
