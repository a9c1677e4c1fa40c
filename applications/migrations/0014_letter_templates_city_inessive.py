"""Basque letter texts said "{city}n" for "in the city": right for no city name but by luck.
They now say {city_in}, the inessive the city's settings give ("Bilbon")."""

from django.db import migrations

FIELDS = ("conditions_eu", "legal_basis_eu", "appeal_eu")


def forwards(apps, schema_editor):
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for template in LetterTemplate.objects.all():
        changed = []
        for field in FIELDS:
            text = getattr(template, field)
            if "{city}n " in text:
                setattr(template, field, text.replace("{city}n ", "{city_in} "))
                changed.append(field)
        if changed:
            template.save(update_fields=changed)


def backwards(apps, schema_editor):
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for template in LetterTemplate.objects.all():
        for field in FIELDS:
            setattr(template, field, getattr(template, field).replace("{city_in} ", "{city}n "))
        template.save(update_fields=list(FIELDS))


class Migration(migrations.Migration):
    dependencies = [("applications", "0013_application_revoked")]

    operations = [migrations.RunPython(forwards, backwards)]
