"""The letterhead and signature come from the city's settings."""

import io

import pytest
from pypdf import PdfReader
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from cms.models.site_settings import CitySettings
from letters.services import letters
from tests.letters.letter_helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_the_letter_carries_the_citys_logo_authority_and_signatory(make_decided):
    city = CitySettings.for_site(Site.objects.get(is_default_site=True))
    city.authority_name = "Bilboko Udala · Ayuntamiento de Bilbao"
    city.signatory_name = "Miren Ibáñez Goñi"
    city.signatory_position_eu = "Ekonomia Garapeneko zinegotzia"
    city.signatory_position_es = "Concejala de Desarrollo Económico"
    city.letterhead_logo = Image.objects.create(
        title="Escudo", file=get_test_image_file(size=(240, 120))
    )
    city.save()
    application = make_decided(language="eu")

    letter = letters.letter_issue(
        application_id=application.pk, kind="award", source_key=letters.decision_key(application)
    )

    data = letter.pdf.read()
    text = pdf_text(data)
    assert "Bilboko Udala · Ayuntamiento de Bilbao" in text
    assert "Miren Ibáñez Goñi" in text
    assert "Ekonomia Garapeneko zinegotzia" in text  # the title in the letter's language
    assert "Concejala de Desarrollo Económico" not in text
    first_page = PdfReader(io.BytesIO(data)).pages[0]
    assert len(first_page.images) == 1
