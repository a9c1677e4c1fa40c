"""Organisations, the programme desk and letters move to apps of their own (organisations,
desk, letters). Their tables keep their names and rows: only Django's idea of which app holds
them changes, and the content types (which permissions, the admin's log and revisions point
at) are relabelled so that every row that refers to them still does."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = {
    "organisations": ("organisation", "representation", "invitation"),
    "desk": ("programmedesk",),
    "letters": ("letter", "lettertemplate", "letterbatch"),
}


def relabel(from_label: str, to_label: str):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for app, models_ in MOVED.items():
            source, target = (from_label, app) if from_label == "applications" else (app, to_label)
            for model in models_:
                if ContentType.objects.filter(app_label=target, model=model).exists():
                    continue
                ContentType.objects.filter(app_label=source, model=model).update(app_label=target)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0015_award_mode_labels"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("desk", "0001_initial"),
        ("letters", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # Nothing changes in the database: the tables and their foreign keys stay.
            state_operations=[
                migrations.RemoveField(
                    model_name='invitation',
                    name='accepted_by',
                ),
                migrations.RemoveField(
                    model_name='invitation',
                    name='invited_by',
                ),
                migrations.RemoveField(
                    model_name='invitation',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='application',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='information_request',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='superseded_by',
                ),
                migrations.RemoveField(
                    model_name='letterbatch',
                    name='requested_by',
                ),
                migrations.AlterField(
                    model_name='outboxentry',
                    name='batch',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='outbox_entries', to='letters.letterbatch'),
                ),
                migrations.DeleteModel(
                    name='LetterTemplate',
                ),
                migrations.AlterField(
                    model_name='application',
                    name='organisation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='organisations.organisation'),
                ),
                migrations.AlterField(
                    model_name='dataprotectionevent',
                    name='organisation',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='data_protection_events', to='organisations.organisation', verbose_name='organisation'),
                ),
                migrations.RemoveField(
                    model_name='representation',
                    name='organisation',
                ),
                migrations.DeleteModel(
                    name='ProgrammeDesk',
                ),
                migrations.RemoveField(
                    model_name='representation',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Invitation',
                ),
                migrations.DeleteModel(
                    name='Letter',
                ),
                migrations.DeleteModel(
                    name='LetterBatch',
                ),
                migrations.DeleteModel(
                    name='Organisation',
                ),
                migrations.DeleteModel(
                    name='Representation',
                ),
            ],
        ),
        migrations.RunPython(relabel("applications", None), relabel(None, "applications")),
    ]
