"""The programme desk moves here from applications: state only, the table stays."""

import desk.models.desk
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("applications", "0015_award_mode_labels"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already, made by the applications app's migrations.
            state_operations=[
            migrations.CreateModel(
                name='ProgrammeDesk',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('programme_slug', models.SlugField(max_length=80, unique=True, verbose_name='programme')),
                    ('budget', models.DecimalField(blank=True, decimal_places=2, help_text='Total money awards may commit. Empty: no limit.', max_digits=14, null=True, verbose_name='budget')),
                    ('committed', models.DecimalField(decimal_places=2, default=Decimal('0.00'), editable=False, max_digits=14, verbose_name='committed')),
                    ('award_mode', models.CharField(choices=[('first_come', 'First come, first served, until the budget is spent'), ('competitive', 'Competitive: ranked by score after the window closes')], default='first_come', max_length=16, verbose_name='award mode')),
                    ('sla_days', models.PositiveIntegerField(default=desk.models.desk.default_sla_days, help_text='Days from submission to decision, not counting time waiting for the applicant.', verbose_name='service-level target (days)')),
                    ('four_eyes_threshold', models.DecimalField(decimal_places=2, default=desk.models.desk.default_four_eyes_threshold, help_text='Approvals above this amount need a second, senior caseworker.', max_digits=14, verbose_name='four-eyes threshold')),
                    ('manual_amount_allowed', models.BooleanField(default=False, help_text='Whether a caseworker may propose more than the rules computed, with a justification, up to the maximum below.', verbose_name='manual amount allowed')),
                    ('manual_amount_maximum', models.DecimalField(blank=True, decimal_places=2, help_text="The most a manual amount may award, in the programme's unit.", max_digits=14, null=True, verbose_name='manual amount maximum')),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'programme desk',
                    'verbose_name_plural': 'programme desks',
                    'db_table': 'applications_programmedesk',
                    'ordering': ['programme_slug'],
                    'constraints': [models.CheckConstraint(condition=models.Q(('committed__gte', 0)), name='programme_desk_committed_not_negative'), models.CheckConstraint(condition=models.Q(('budget__isnull', True), ('committed__lte', models.F('budget')), _connector='OR'), name='programme_desk_within_budget')],
                },
            ),
            ],
        ),
    ]
