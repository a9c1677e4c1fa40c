"""The letters' typeface: Bitstream Vera, shipped inside reportlab itself, so that a fresh
machine renders the same letter as a developer's. It covers every character of Spanish and
Basque (ñ, ü, á…), the euro sign and the guillemets; a character it lacks would print as an
empty box, so text is passed through `printable` first."""

import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "LetterSans"
BOLD = "LetterSans-Bold"
ITALIC = "LetterSans-Italic"
BOLD_ITALIC = "LetterSans-BoldItalic"

_FILES = {
    REGULAR: "Vera.ttf",
    BOLD: "VeraBd.ttf",
    ITALIC: "VeraIt.ttf",
    BOLD_ITALIC: "VeraBI.ttf",
}


@cache
def fonts_register() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD_ITALIC)


@cache
def _covered() -> frozenset[int]:
    fonts_register()
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


@lru_cache(maxsize=4096)  # labels and template paragraphs recur from letter to letter
def printable(text: str) -> str:
    """`text` with every character the font lacks replaced by its unaccented base letter (the
    decomposition's first part), or by "?" when it has none."""
    covered = _covered()
    if all(ord(ch) in covered or ch in "\n\t" for ch in text):
        return text
    out = []
    for ch in text:
        if ord(ch) in covered or ch in "\n\t":
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)[:1]
        out.append(base if base and ord(base) in covered else "?")
    return "".join(out)
