"""The data lifecycle: the anonymisation marks, what an anonymised file keeps for statistics,
a letter whose PDF was removed, the register of exports and anonymisations, and the data
protection officers' role, which reaches the admin for the subject-access exports."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from applications.roles import DATA_PROTECTION_OFFICERS


def create_data_protection_role(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group, _ = Group.objects.get_or_create(name=DATA_PROTECTION_OFFICERS)
    group.permissions.add(access_admin)


def remove_data_protection_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=DATA_PROTECTION_OFFICERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_outbox"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="anonymised_at",
            field=models.DateTimeField(
                blank=True, db_index=True, null=True, verbose_name="anonymised"
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="retained_facts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="letter",
            name="pdf_removed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="PDF removed"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="anonymised"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("transition", "Status change"),
                    ("created", "Draft started"),
                    ("viewed", "Case viewed"),
                    ("note", "Internal note"),
                    ("claimed", "Case claimed"),
                    ("released", "Case released"),
                    ("reassigned", "Case reassigned"),
                    ("document", "Document uploaded"),
                    ("email", "Email sent"),
                    ("letter", "Letter issued"),
                    ("anonymised", "Personal data removed"),
                ],
                max_length=16,
            ),
        ),
        migrations.CreateModel(
            name="DataProtectionEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("export", "Subject-access export"),
                            ("anonymisation", "Anonymisation at the end of retention"),
                        ],
                        max_length=16,
                        verbose_name="operation",
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="when"
                    ),
                ),
                ("data", models.JSONField(blank=True, default=dict)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="data_protection_events",
                        to="applications.application",
                        verbose_name="application",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="data_protection_events",
                        to="applications.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "data-protection event",
                "verbose_name_plural": "data-protection events",
                "ordering": ["-at", "-pk"],
            },
        ),
        migrations.RunPython(create_data_protection_role, remove_data_protection_role),
    ]
