"""A tagged PDF (in the manner of PDF/UA) from reportlab, whose open-source canvas writes none:
while the letter is drawn, each piece of content is enclosed in a marked-content sequence
(`/P <</MCID n>> BDC … EMC`) and noted with its role; page furniture is marked `/Artifact`.
Afterwards `structure_add` writes the structure tree that points at those sequences, so that
a screen reader reads the letter in order, with headings, and the QR code has its text.
"""

import io
from dataclasses import dataclass, field

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.platypus import Flowable


@dataclass
class Element:
    role: str
    alt: str = ""
    # (page index, MCID) of every marked-content sequence of the element, in order.
    parts: list[tuple[int, int]] = field(default_factory=list)


class Structure:
    """The elements drawn so far, in reading order, and the next MCID of each page."""

    def __init__(self):
        self.elements: list[Element] = []
        self._next_mcid: dict[int, int] = {}

    def begin(self, canvas, role: str, element: Element | None = None, alt: str = "") -> Element:
        """Open a marked-content sequence on the canvas's page, for `element` (a new one of
        `role` if None): the caller draws and then calls `end`."""
        if element is None:
            element = Element(role, alt)
        if not element.parts:
            self.elements.append(element)
        page = canvas.getPageNumber() - 1
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        element.parts.append((page, mcid))
        canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")
        return element

    @staticmethod
    def end(canvas) -> None:
        canvas.addLiteral("EMC")

    @staticmethod
    def artifact_begin(canvas) -> None:
        canvas.addLiteral("/Artifact BMC")

    @staticmethod
    def artifact_end(canvas) -> None:
        canvas.addLiteral("EMC")


def structure_of(canvas) -> Structure | None:
    return getattr(canvas, "structure", None)


class Tagged(Flowable):
    """A flowable drawn as one structure element of `role`; split across pages, its parts
    stay one element."""

    def __init__(self, inner: Flowable, role: str, alt: str = "", element: Element | None = None):
        super().__init__()
        self.inner = inner
        self.role = role
        self.alt = alt
        self.element = element if element is not None else Element(role, alt)

    def __getattr__(self, name):
        # Attributes a frame or table reads from a flowable (keepWithNext, style…).
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    def wrap(self, available_width, available_height):
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        return [
            Tagged(part, self.role, self.alt, self.element)
            for part in self.inner.split(available_width, available_height)
        ]

    def getSpaceBefore(self):  # noqa: N802 (reportlab's name)
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802 (reportlab's name)
        return self.inner.getSpaceAfter()

    def minWidth(self):  # noqa: N802 (reportlab's name)
        return self.inner.minWidth()

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (reportlab's name)
        structure = structure_of(canvas)
        if structure is None:
            self.inner.drawOn(canvas, x, y, _sW)
            return
        structure.begin(canvas, self.role, self.element)
        self.inner.drawOn(canvas, x, y, _sW)
        structure.end(canvas)


def table_furniture(table, event, *args) -> None:
    """A Table's renderCB: its backgrounds and rules are artifacts, its cells content."""
    structure = structure_of(table.canv)
    if structure is None:
        return
    if event in ("startBG", "startLines"):
        structure.artifact_begin(table.canv)
    elif event in ("endBG", "endLines"):
        structure.artifact_end(table.canv)


def structure_add(data: bytes, structure: Structure, *, language: str) -> bytes:
    """`data` with the structure tree of `structure`, marked as tagged, in `language`, and
    showing its title rather than its file name."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    pages = [page.indirect_reference for page in writer.pages]

    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): root_ref,
        }
    )
    document_ref = writer._add_object(document)
    parents: dict[int, dict[int, object]] = {index: {} for index in range(len(pages))}
    kids = ArrayObject()
    for element in structure.elements:
        if not element.parts:
            continue
        first_page = element.parts[0][0]
        node = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject(f"/{element.role}"),
                NameObject("/P"): document_ref,
                NameObject("/Pg"): pages[first_page],
            }
        )
        if element.alt:
            node[NameObject("/Alt")] = TextStringObject(element.alt)
        node_ref = writer._add_object(node)
        marked = ArrayObject()
        for page, mcid in element.parts:
            if page == first_page:
                marked.append(NumberObject(mcid))
            else:
                marked.append(
                    DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/MCR"),
                            NameObject("/Pg"): pages[page],
                            NameObject("/MCID"): NumberObject(mcid),
                        }
                    )
                )
            parents[page][mcid] = node_ref
        node[NameObject("/K")] = marked[0] if len(marked) == 1 else marked
        kids.append(node_ref)
    document[NameObject("/K")] = kids

    numbers = ArrayObject()
    for index, page_ref in enumerate(pages):
        page = page_ref.get_object()
        page[NameObject("/StructParents")] = NumberObject(index)
        by_mcid = parents[index]
        numbers.append(NumberObject(index))
        numbers.append(ArrayObject(by_mcid[mcid] for mcid in sorted(by_mcid)))
    root[NameObject("/K")] = document_ref
    root[NameObject("/ParentTree")] = writer._add_object(
        DictionaryObject({NameObject("/Nums"): numbers})
    )
    root[NameObject("/ParentTreeNextKey")] = NumberObject(len(pages))

    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    catalog[NameObject("/Lang")] = TextStringObject(language)
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
