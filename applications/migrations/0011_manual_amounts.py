"""A programme may allow a manual amount above the rules' result, up to a maximum."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0010_data_lifecycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="programmedesk",
            name="manual_amount_allowed",
            field=models.BooleanField(
                default=False,
                help_text="Whether a caseworker may propose more than the rules computed, with a justification, up to the maximum below.",
                verbose_name="manual amount allowed",
            ),
        ),
        migrations.AddField(
            model_name="programmedesk",
            name="manual_amount_maximum",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="The most a manual amount may award, in the programme's unit.",
                max_digits=14,
                null=True,
                verbose_name="manual amount maximum",
            ),
        ),
    ]
