from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["es", "eu"])
def test_every_message_is_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_the_three_catalogues_hold_the_same_messages():
    ids = {
        language: {
            e.msgid for e in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        }
        for language in ("es", "eu", "en")
    }
    assert ids["es"] == ids["eu"] == ids["en"]
