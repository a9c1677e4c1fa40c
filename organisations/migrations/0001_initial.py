"""Organisations, representations and invitations move here from applications: state only,
the tables and their rows stay where they are."""

import django.db.models.deletion
import django.utils.timezone
import organisations.models.organisations
import organisations.validators
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
                    name='Organisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('legal_name', models.CharField(max_length=200, verbose_name='legal name')),
                        ('tax_id', models.CharField(max_length=9, unique=True, validators=[organisations.validators.validate_tax_id], verbose_name='tax id (NIF/CIF)')),
                        ('legal_form', models.CharField(choices=[('cooperative', 'Cooperative'), ('labour_company', 'Labour company'), ('insertion_company', 'Insertion company'), ('special_employment_centre', 'Special employment centre'), ('mutual', 'Mutual society'), ('association', 'Association'), ('foundation', 'Foundation'), ('sole_trader', 'Sole trader'), ('partnership', 'Partnership'), ('limited_company', 'Limited company')], max_length=32, verbose_name='legal form')),
                        ('employees', models.PositiveIntegerField(blank=True, null=True, verbose_name='employees')),
                        ('founded_on', models.DateField(blank=True, null=True, verbose_name='founding date')),
                        ('sector', models.CharField(blank=True, choices=[('retail', 'Retail'), ('hospitality', 'Hospitality'), ('tourism', 'Tourism'), ('culture', 'Culture'), ('personal_services', 'Personal services'), ('care', 'Care'), ('digital', 'Digital'), ('professional_services', 'Professional services'), ('manufacturing', 'Manufacturing'), ('construction', 'Construction'), ('other', 'Other sector')], max_length=32, verbose_name='sector')),
                        ('district', models.CharField(blank=True, choices=[('abando', 'Abando'), ('basurto-zorroza', 'Basurto-Zorroza'), ('begona', 'Begoña'), ('deusto', 'Deusto'), ('errekalde', 'Errekalde'), ('ibaiondo', 'Ibaiondo'), ('otxarkoaga-txurdinaga', 'Otxarkoaga-Txurdinaga'), ('uribarri', 'Uribarri'), ('outside', 'Outside the city')], max_length=32, verbose_name='district')),
                        ('premises_tenure', models.CharField(blank=True, choices=[('rented', 'Rented'), ('owned', 'Owned'), ('none', 'No premises')], max_length=16, verbose_name='premises')),
                        ('monthly_rent', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='monthly rent')),
                        ('women_led', models.BooleanField(blank=True, null=True, verbose_name='led by women')),
                        ('turnover_current', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='turnover in the last closed year')),
                        ('turnover_previous', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='turnover in the year before')),
                        ('street', models.CharField(blank=True, max_length=200, verbose_name='street and number')),
                        ('postcode', models.CharField(blank=True, max_length=5, verbose_name='postcode')),
                        ('city', models.CharField(blank=True, max_length=100, verbose_name='town or city')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact email')),
                        ('phone', models.CharField(blank=True, max_length=20, verbose_name='phone')),
                        ('iban', models.CharField(blank=True, max_length=34, validators=[organisations.validators.validate_spanish_iban], verbose_name='IBAN')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('anonymised_at', models.DateTimeField(blank=True, null=True, verbose_name='anonymised')),
                    ],
                    options={
                        'verbose_name': 'organisation',
                        'verbose_name_plural': 'organisations',
                        'db_table': 'applications_organisation',
                        'ordering': ['legal_name', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Invitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='email')),
                        ('token', models.CharField(default=organisations.models.organisations._new_token, editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted')),
                        ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='organisations.organisation')),
                    ],
                    options={
                        'verbose_name': 'invitation',
                        'verbose_name_plural': 'invitations',
                        'db_table': 'applications_invitation',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Representation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('representative', 'Representative')], default='representative', max_length=32, verbose_name='role')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='representations', to='organisations.organisation')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='representations', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'representation',
                        'verbose_name_plural': 'representations',
                        'db_table': 'applications_representation',
                        'constraints': [models.UniqueConstraint(fields=('user', 'organisation'), name='unique_representation')],
                    },
                ),
            ],
        ),
    ]
