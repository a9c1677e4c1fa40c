"""Choices with labels in the programme editor: one line per choice with its three labels,
while a list of bare values (format v1) stays a comma-separated line."""

from cms.programme_editor.conversion import definition_to_editor, editor_to_definition
from eligibility.engine import validate_definition
from tests.helpers import demo_definition


def choice_question(values: dict) -> dict:
    return next(item["value"] for item in values["questions"] if item["value"]["type"] == "choice")


def test_labelled_choices_are_shown_one_per_line_with_their_three_labels():
    values = definition_to_editor(demo_definition("digital-consultancy"))

    assert choice_question(values)["choices"].splitlines() == [
        "website | Página web | Webgunea | Website",
        "online_shop | Tienda online | Lineako denda | Online shop",
        "payments | Pagos digitales | Ordainketa digitalak | Digital payments",
        "social_media | Redes sociales | Sare sozialak | Social media",
    ]


def test_typed_labels_become_labelled_choices():
    values = definition_to_editor(demo_definition("digital-consultancy"))
    values["loaded"] = {}
    choice_question(values)["choices"] = (
        "website | Página web | Webgunea | Website\nonline_shop | Tienda online\n"
    )

    definition = editor_to_definition(values)

    question = next(q for q in definition["questions"] if q["type"] == "choice")
    assert question["choices"] == [
        {"value": "website", "label": {"es": "Página web", "eu": "Webgunea", "en": "Website"}},
        {"value": "online_shop", "label": {"es": "Tienda online"}},
    ]


def test_v1_string_choices_still_load_and_save_as_strings():
    definition = demo_definition("digital-consultancy")
    question = next(q for q in definition["questions"] if q["type"] == "choice")
    question["choices"] = ["website", "online_shop", "payments", "social_media"]
    values = definition_to_editor(definition)

    assert choice_question(values)["choices"] == "website, online_shop, payments, social_media"

    values["loaded"] = {}
    rebuilt = editor_to_definition(values)
    rebuilt_question = next(q for q in rebuilt["questions"] if q["type"] == "choice")
    assert rebuilt_question["choices"] == ["website", "online_shop", "payments", "social_media"]
    assert validate_definition(rebuilt) == []
