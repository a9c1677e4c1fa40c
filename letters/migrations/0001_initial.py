"""Letters, their templates and batches move here from applications: state only, the tables
and their rows stay where they are."""

import applications.storage
import django.db.models.deletion
import django.utils.timezone
import letters.models.letters
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("applications", "0015_award_mode_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already, made by the applications app's migrations.
            state_operations=[
            migrations.CreateModel(
                name='LetterBatch',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('programme_slug', models.SlugField(max_length=80, verbose_name='programme')),
                    ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='requested')),
                    ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                    ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'letter batch',
                    'verbose_name_plural': 'letter batches',
                    'db_table': 'applications_letterbatch',
                    'ordering': ['-requested_at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='LetterTemplate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('programme_slug', models.SlugField(blank=True, help_text="The programme's slug; leave empty for the default of every programme.", max_length=80, verbose_name='programme')),
                    ('kind', models.CharField(choices=[('award', 'Award'), ('rejection', 'Rejection'), ('information_request', 'Information request'), ('revocation', 'Revocation')], max_length=24, verbose_name='letter')),
                    ('conditions_es', models.TextField(blank=True, verbose_name='conditions (Spanish)')),
                    ('conditions_eu', models.TextField(blank=True, verbose_name='conditions (Basque)')),
                    ('conditions_en', models.TextField(blank=True, verbose_name='conditions (English)')),
                    ('legal_basis_es', models.TextField(blank=True, verbose_name='legal basis (Spanish)')),
                    ('legal_basis_eu', models.TextField(blank=True, verbose_name='legal basis (Basque)')),
                    ('legal_basis_en', models.TextField(blank=True, verbose_name='legal basis (English)')),
                    ('appeal_es', models.TextField(blank=True, verbose_name='how to appeal (Spanish)')),
                    ('appeal_eu', models.TextField(blank=True, verbose_name='how to appeal (Basque)')),
                    ('appeal_en', models.TextField(blank=True, verbose_name='how to appeal (English)')),
                ],
                options={
                    'verbose_name': 'letter template',
                    'verbose_name_plural': 'letter templates',
                    'db_table': 'applications_lettertemplate',
                    'ordering': ['programme_slug', 'kind'],
                    'constraints': [models.UniqueConstraint(fields=('programme_slug', 'kind'), name='one_letter_template_per_programme_kind')],
                },
            ),
            migrations.CreateModel(
                name='Letter',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('award', 'Award'), ('rejection', 'Rejection'), ('information_request', 'Information request'), ('revocation', 'Revocation')], max_length=24, verbose_name='kind')),
                    ('version', models.PositiveIntegerField(verbose_name='version')),
                    ('source_key', models.CharField(max_length=64)),
                    ('code', models.CharField(default=letters.models.letters.verification_code_new, max_length=32, unique=True, verbose_name='verification code')),
                    ('pdf', models.FileField(max_length=255, storage=applications.storage.private_storage, upload_to=letters.models.letters._letter_path)),
                    ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                    ('size', models.PositiveIntegerField(verbose_name='size in bytes')),
                    ('language', models.CharField(max_length=8, verbose_name='language')),
                    ('issued_at', models.DateTimeField(verbose_name='issued')),
                    ('superseded_at', models.DateTimeField(blank=True, null=True, verbose_name='superseded')),
                    ('pdf_removed_at', models.DateTimeField(blank=True, null=True, verbose_name='PDF removed')),
                    ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='letters', to='applications.application')),
                    ('information_request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='letters', to='applications.informationrequest')),
                    ('superseded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='supersedes', to='letters.letter', verbose_name='superseded by')),
                ],
                options={
                    'verbose_name': 'letter',
                    'verbose_name_plural': 'letters',
                    'db_table': 'applications_letter',
                    'ordering': ['application', 'issued_at', 'pk'],
                    'constraints': [models.UniqueConstraint(fields=('application', 'kind', 'version'), name='one_letter_per_kind_and_version'), models.UniqueConstraint(fields=('application', 'kind', 'source_key'), name='one_letter_per_source')],
                },
            ),
            ],
        ),
    ]
