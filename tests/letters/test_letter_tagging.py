"""Letters are tagged PDFs: a screen reader finds their language, title, headings and
paragraphs in reading order, and the QR code's text; page furniture is marked as such."""

import datetime as dt
import io
import re
import time

import pytest
from pypdf import PdfReader

from letters.models.letters import LetterKind
from letters.services import letters
from tests.letters.letter_helpers import pdf_text

pytestmark = pytest.mark.django_db


def _render(application) -> bytes:
    return letters.letter_render(
        application=application,
        kind=LetterKind.AWARD,
        code="7KQ2M9PXW4ABCDEFGHJK",
        version=1,
        issued_on=dt.date(2026, 12, 3),
    )


def _elements(reader: PdfReader) -> list:
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    document = root["/K"].get_object()
    assert document["/S"] == "/Document"
    return [kid.get_object() for kid in document["/K"]]


def _marked(element) -> list[tuple[int, int]]:
    """(page object id, MCID) of each marked-content sequence an element points at."""
    kids = element["/K"]
    kids = kids if isinstance(kids, list) else [kids]
    page = element.raw_get("/Pg").idnum
    found = []
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            found.append((kid.raw_get("/Pg").idnum, int(kid["/MCID"])))
        else:
            found.append((page, int(kid)))
    return found


def test_the_letter_is_a_tagged_pdf_in_its_language(make_decided):
    application = make_decided(language="eu")
    data = _render(application)
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]

    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == "eu"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert "Emakida-ebazpena" in reader.metadata.title

    elements = _elements(reader)
    roles = [str(element["/S"]) for element in elements]
    # Letterhead and recipient first, then the title, then the body in reading order.
    assert roles[:3] == ["/P", "/P", "/H1"]
    assert roles.count("/H2") >= 3
    assert roles.count("/P") > 10
    assert roles.index("/H1") < roles.index("/H2")
    figures = [element for element in elements if element["/S"] == "/Figure"]
    assert len(figures) == 1
    assert "/verify/" in str(figures[0]["/Alt"])
    assert str(figures[0]["/Alt"]).startswith("Gutun hau")

    # Every sequence the tree points at is in its page's content, and each page says where
    # its parents are.
    contents = {
        page.indirect_reference.idnum: page.get_contents().get_data().decode("latin-1")
        for page in reader.pages
    }
    for element in elements:
        for page, mcid in _marked(element):
            assert re.search(rf"/{str(element['/S'])[1:]} <</MCID {mcid}>> BDC", contents[page])
    for index, page in enumerate(reader.pages):
        assert page["/StructParents"] == index
        assert "/Artifact BMC" in contents[page.indirect_reference.idnum]  # footer

    # The tree changes nothing of what the letter says.
    text = pdf_text(data)
    assert application.reference in text
    assert "1.250,00 €" in text


def test_the_parent_tree_maps_each_mcid_to_its_element(make_decided):
    reader = PdfReader(io.BytesIO(_render(make_decided())))
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    numbers = root["/ParentTree"]["/Nums"]
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    by_page = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}

    for element in _elements(reader):
        for page, mcid in _marked(element):
            parent = by_page[pages[page]][mcid].get_object()
            assert parent["/S"] == element["/S"]
    assert int(root["/ParentTreeNextKey"]) == len(reader.pages)


def test_the_issued_letters_fingerprint_is_of_the_tagged_pdf(make_decided):
    import hashlib

    application = make_decided()
    letter = letters.letter_issue(
        application_id=application.pk, kind="award", source_key=letters.decision_key(application)
    )

    data = letter.pdf.read()
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(data)).trailer["/Root"]


def test_rendering_stays_fast(make_decided):
    application = make_decided()
    _render(application)  # fonts and styles, once per process
    started = time.perf_counter()
    for _ in range(5):
        _render(application)
    assert (time.perf_counter() - started) / 5 < 0.5
