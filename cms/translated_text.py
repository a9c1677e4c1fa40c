"""Texts of a programme definition: `{"es": ..., "eu": ..., "en": ...}` with `es` required."""

from django.utils import translation

FALLBACK_LANGUAGE = "es"


def in_language(text: dict | None, language: str | None = None) -> str:
    """The text in the language asked (the active one by default), else in Spanish."""
    if not text:
        return ""
    language = language or translation.get_language() or FALLBACK_LANGUAGE
    return text.get(language[:2]) or text.get(FALLBACK_LANGUAGE, "")
