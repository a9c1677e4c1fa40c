"""Decision letters: what they say (`content`), how they look (`layout`), in which typeface
(`fonts`). `letter_render` turns an application and a letter's identity into PDF bytes."""

from letters.rendering.content import LetterContent, LetterFacts, Letterhead, letter_content_build
from letters.rendering.layout import letter_pdf

__all__ = [
    "LetterContent",
    "LetterFacts",
    "Letterhead",
    "letter_content_build",
    "letter_pdf",
]
