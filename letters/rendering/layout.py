"""A letter's content laid out on A4 with reportlab: letterhead, recipient, decision, the
template's paragraphs, signature, the verification box with its QR code, the verification
code and address in every page's footer, and "Page 1 of 2" on every page of a letter that
runs over one.
"""

import io
from functools import lru_cache, partial

from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from letters.rendering.content import LetterContent
from letters.rendering.fonts import BOLD, REGULAR, fonts_register, printable
from letters.rendering.tagging import (
    Structure,
    Tagged,
    structure_add,
    structure_of,
    table_furniture,
)

# Binary streams rather than ASCII85: a quarter smaller, and encoding them in pure Python
# cost more than a tenth of a letter's time. Letters are this process's only PDFs.
rl_config.useA85 = 0

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 25 * mm
MARGIN_RIGHT = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# The letterhead and the address block take the top of the first page; later pages carry a
# one-line header only.
FIRST_TOP = 74 * mm
RECIPIENT_INDENT = 85 * mm
LATER_TOP = 28 * mm
BOTTOM = 24 * mm

INK = colors.HexColor("#1b1b1b")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#8a1538")  # the city's corporate red
PANEL = colors.HexColor("#f3f1ef")
RULE = colors.HexColor("#c9c4bf")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=9.3, leading=12.8, textColor=INK, spaceAfter=4
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=MUTED),
        "small_right": ParagraphStyle(
            "small_right", base, fontSize=8.5, leading=11.5, alignment=TA_RIGHT, textColor=MUTED
        ),
        "recipient": ParagraphStyle("recipient", base, spaceAfter=0, leading=13.5),
        "title": ParagraphStyle(
            "title",
            base,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            textColor=ACCENT,
            spaceBefore=2,
            spaceAfter=4,
        ),
        "subject": ParagraphStyle("subject", base, fontName=BOLD, spaceAfter=10),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=BOLD,
            fontSize=10.5,
            leading=14,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "cell_label": ParagraphStyle("cell_label", base, textColor=MUTED, spaceAfter=0),
        "cell_value": ParagraphStyle("cell_value", base, fontName=BOLD, spaceAfter=0),
        "signature": ParagraphStyle("signature", base, alignment=TA_LEFT, spaceAfter=0),
        "verify_heading": ParagraphStyle(
            "verify_heading", base, fontName=BOLD, fontSize=9.5, spaceAfter=2
        ),
        "verify": ParagraphStyle("verify", base, fontSize=8.5, leading=11.5, spaceAfter=2),
        "verify_url": ParagraphStyle("verify_url", base, fontSize=8, leading=10, spaceAfter=0),
        "code": ParagraphStyle(
            "code", base, fontName=BOLD, fontSize=11, leading=14, spaceAfter=2, textColor=INK
        ),
    }


STYLES: dict[str, ParagraphStyle] = {}


def _text(text: str) -> str:
    """Plain text for a Paragraph: escaped for its mark-up, with every glyph printable."""
    return (
        printable(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", "<br/>")
    )


# The structure role of each style's paragraphs: the title and the section headings are
# headings for a screen reader, everything else a paragraph.
ROLES = {"title": "H1", "heading": "H2", "verify_heading": "H2"}


def _para(text: str, style: str) -> Tagged:
    return Tagged(Paragraph(_text(text), STYLES[style]), ROLES.get(style, "P"))


@lru_cache(maxsize=8)
def _logo(path: str) -> ImageReader | None:
    # One read per process: the logo is the same on every letter.
    try:
        with open(path, "rb") as handle:
            return ImageReader(io.BytesIO(handle.read()))
    except OSError:
        return None


class QrCode(Flowable):
    """A QR code drawn straight onto the page, one path for all its dark modules.

    reportlab's QR widget tries all eight mask patterns and draws every module as a shape,
    which took half of a letter's rendering time; any mask pattern is valid for a reader, so
    one fixed pattern is used, chosen once.
    """

    MASK_PATTERN = 2

    def __init__(self, value: str, size: float):
        super().__init__()
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(value)
        code.version = code.calculate_version()
        code.makeImpl(False, self.MASK_PATTERN)
        self.modules = code.modules
        self.size = size
        self.width = self.height = size

    def draw(self):
        count = len(self.modules)
        runs = []
        for row_index, row in enumerate(self.modules):
            y = count - row_index - 1
            col = 0
            while col < count:
                if not row[col]:
                    col += 1
                    continue
                start = col
                while col < count and row[col]:
                    col += 1
                runs.append(f"{start} {y} {col - start} 1 re")
        canvas = self.canv
        canvas.saveState()
        # In module units every rectangle is four small integers, written out as they are.
        canvas.scale(self.size / count, self.size / count)
        canvas.setFillColor(colors.black)
        canvas.addLiteral("\n".join(runs) + "\nf")
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Holds every page until the end, so that each can say how many there are."""

    def __init__(
        self, *args, page_label: str, footer: str, footer_check: str = "", structure=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self._page_label = page_label
        self._footer = footer
        self._footer_check = footer_check
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        if self.structure is not None:
            self.structure.artifact_begin(self)
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_LEFT, 16 * mm, PAGE_WIDTH - MARGIN_RIGHT, 16 * mm)
        self.setFont(REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawString(MARGIN_LEFT, 11.5 * mm, self._footer)
        if self._footer_check:
            self.drawString(MARGIN_LEFT, 7.5 * mm, self._footer_check)
        if total > 1:
            label = self._page_label % {"page": self._pageNumber, "pages": total}
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, 11.5 * mm, printable(label))
        self.restoreState()
        if self.structure is not None:
            self.structure.artifact_end(self)


def _first_page(canvas: Canvas, doc, content: LetterContent) -> None:
    head = content.letterhead
    structure = structure_of(canvas) or Structure()
    top = PAGE_HEIGHT - 16 * mm
    x = MARGIN_LEFT
    # The logo is decoration: the authority's name follows it as text.
    structure.artifact_begin(canvas)
    logo = _logo(head.logo_path) if head.logo_path else None
    if logo is not None:
        width, height = logo.getSize()
        draw_height = 18 * mm
        draw_width = min(draw_height * width / height, 55 * mm)
        draw_height = draw_width * height / width
        canvas.drawImage(
            logo,
            x,
            top - draw_height,
            draw_width,
            draw_height,
            mask="auto",
            preserveAspectRatio=True,
        )
        x += draw_width + 5 * mm
    else:
        # Without a logo the letterhead keeps its shape: the corporate bar stands in for it.
        canvas.setFillColor(ACCENT)
        canvas.rect(x, top - 18 * mm, 2.2 * mm, 18 * mm, stroke=0, fill=1)
        x += 6 * mm
    structure.artifact_end(canvas)
    structure.begin(canvas, "P")
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 13)
    canvas.drawString(x, top - 6 * mm, printable(head.authority))
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(MUTED)
    y = top - 11 * mm
    for line in head.address_lines[:3]:
        canvas.drawString(x, y, printable(line))
        y -= 3.8 * mm

    # Reference and date, top right, where a clerk looks for them.
    right = PAGE_WIDTH - MARGIN_RIGHT
    canvas.setFont(REGULAR, 8)
    canvas.drawRightString(right, top - 3 * mm, printable(content.labels["reference"]))
    canvas.setFont(BOLD, 10)
    canvas.setFillColor(INK)
    canvas.drawRightString(right, top - 7.5 * mm, printable(content.reference))
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(right, top - 12.5 * mm, printable(content.labels["date"]))
    canvas.setFont(REGULAR, 9.5)
    canvas.setFillColor(INK)
    canvas.drawRightString(right, top - 16.5 * mm, printable(content.date))
    if content.labels.get("version"):
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(right, top - 21 * mm, printable(content.labels["version"]))
    structure.end(canvas)

    structure.artifact_begin(canvas)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN_LEFT, top - 24 * mm, right, top - 24 * mm)
    structure.artifact_end(canvas)

    # The address block sits where a window envelope shows it.
    x = MARGIN_LEFT + RECIPIENT_INDENT
    width = PAGE_WIDTH - MARGIN_RIGHT - x
    y = PAGE_HEIGHT - 47 * mm
    canvas.setFillColor(INK)
    structure.begin(canvas, "P")
    for index, line in enumerate(content.recipient):
        font, size = (BOLD, 10) if index == 0 else (REGULAR, 9.5)
        canvas.setFont(font, size)
        for part in simpleSplit(printable(line), font, size, width):
            canvas.drawString(x, y, part)
            y -= 4.6 * mm
    structure.end(canvas)


def _later_page(canvas: Canvas, doc, content: LetterContent) -> None:
    # A running header: page furniture, not content.
    structure = structure_of(canvas) or Structure()
    structure.artifact_begin(canvas)
    _later_page_header(canvas, content)
    structure.artifact_end(canvas)


def _later_page_header(canvas: Canvas, content: LetterContent) -> None:
    top = PAGE_HEIGHT - 14 * mm
    canvas.setFont(BOLD, 9)
    canvas.setFillColor(INK)
    canvas.drawString(MARGIN_LEFT, top, printable(content.letterhead.authority))
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(
        PAGE_WIDTH - MARGIN_RIGHT, top, printable(f"{content.title} · {content.reference}")
    )
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_LEFT, top - 3 * mm, PAGE_WIDTH - MARGIN_RIGHT, top - 3 * mm)


def _summary_table(rows: tuple[tuple[str, str], ...]) -> Table:
    table = Table(
        [[_para(label, "cell_label"), _para(value, "cell_value")] for label, value in rows],
        colWidths=[45 * mm, TEXT_WIDTH - 45 * mm],
        hAlign="LEFT",
        renderCB=table_furniture,
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                ("LINEBEFORE", (0, 0), (0, -1), 2.2, ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    return table


def _verification_box(content: LetterContent, width: float) -> Table:
    size = 26 * mm
    text = [
        _para(content.labels["verify_heading"], "verify_heading"),
        _para(content.labels["verify_text"], "verify"),
        _para(f"{content.labels['verify_code']}:", "verify"),
        _para(content.verification_code, "code"),
    ]
    # The address runs the box's full width, so that it is printed whole on one line.
    table = Table(
        [
            [
                Tagged(QrCode(content.verification_url, size), "Figure", content.labels["qr_alt"]),
                text,
            ],
            [_para(content.verification_url, "verify_url"), ""],
        ],
        colWidths=[size + 6 * mm, width - size - 6 * mm],
        hAlign="LEFT",
        renderCB=table_furniture,
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("SPAN", (0, 1), (1, 1)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
            ]
        )
    )
    return table


def _signature(content: LetterContent) -> list:
    head = content.letterhead
    lines = [_para(content.place_and_date, "signature"), Spacer(0, 10 * mm)]
    if head.signatory_name:
        lines.append(
            Tagged(Paragraph(f"<b>{_text(head.signatory_name)}</b>", STYLES["signature"]), "P")
        )
    if head.signatory_position:
        lines.append(_para(head.signatory_position, "signature"))
    lines.append(_para(head.authority, "signature"))
    lines.append(Spacer(0, 2 * mm))
    lines.append(_para(content.labels["signature_note"], "small"))
    return lines


def _closing_block(content: LetterContent) -> list:
    """The closing sentence, the signature and how to verify the letter, kept together: a
    signature never stands alone on a page. The signature and the verification box sit side
    by side, so that a short letter ends on its first page."""
    signature_width = TEXT_WIDTH * 0.4
    ending = Table(
        [[_signature(content), _verification_box(content, TEXT_WIDTH - signature_width)]],
        colWidths=[signature_width, TEXT_WIDTH - signature_width],
        hAlign="LEFT",
        renderCB=table_furniture,
    )
    ending.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 4 * mm),
            ]
        )
    )
    return [Spacer(0, 2 * mm), _para(content.closing, "body"), Spacer(0, 3 * mm), ending]


def _story(content: LetterContent) -> list:
    story: list = [
        NextPageTemplate("later"),
        _para(content.title, "title"),
        _para(content.subject, "subject"),
        _para(content.opening, "body"),
        Spacer(0, 2 * mm),
        _summary_table(content.summary),
        Spacer(0, 3 * mm),
    ]
    blocks: list[list] = []
    for section in content.sections:
        block = [_para(section.heading, "heading")]
        block += [_para(text, "body") for text in section.paragraphs]
        if section.bullets:
            block.append(
                ListFlowable(
                    [ListItem(_para(text, "body"), leftIndent=12) for text in section.bullets],
                    bulletType="bullet",
                    start="•",
                    bulletFontName=REGULAR,
                    leftIndent=12,
                )
            )
        blocks.append(block)
    # A heading never ends a page alone; the last section goes with the closing, so that a
    # letter running to a second page carries more than its signature there.
    last = blocks.pop() if blocks else []
    for block in blocks:
        story.append(CondPageBreak(30 * mm))
        story.extend(block)
    story.append(KeepTogether([*last, *_closing_block(content)]))
    return story


def letter_pdf(content: LetterContent) -> bytes:
    """The letter as PDF bytes."""
    fonts_register()
    if not STYLES:
        STYLES.update(_styles())
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=LATER_TOP,
        bottomMargin=BOTTOM,
        title=printable(f"{content.title} {content.reference}"),
        author=printable(content.letterhead.authority),
        subject=printable(content.subject),
        lang=content.language,
    )
    first = Frame(
        MARGIN_LEFT,
        BOTTOM,
        TEXT_WIDTH,
        PAGE_HEIGHT - FIRST_TOP - BOTTOM,
        id="first",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        MARGIN_LEFT,
        BOTTOM,
        TEXT_WIDTH,
        PAGE_HEIGHT - LATER_TOP - BOTTOM,
        id="later",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates(
        [
            PageTemplate("first", [first], onPage=partial(_first_page_cb, content=content)),
            PageTemplate("later", [later], onPage=partial(_later_page_cb, content=content)),
        ]
    )
    footer = " · ".join(
        part
        for part in (
            content.letterhead.authority,
            f"{content.labels['footer_code']}: {content.verification_code}",
        )
        if part
    )
    # As on the sede's documents, every page carries the code and where to check it: a page
    # printed or forwarded alone can still be verified.
    footer_check = content.labels["verify_footer"]
    structure = Structure()
    doc.build(
        _story(content),
        canvasmaker=partial(
            _NumberedCanvas,
            page_label=content.labels["page"],
            footer=printable(footer),
            footer_check=printable(footer_check),
            structure=structure,
        ),
    )
    # Tagged before anything is computed over the bytes: the letter's fingerprint is of this.
    return structure_add(buffer.getvalue(), structure, language=content.language)


def _first_page_cb(canvas, doc, *, content):
    _first_page(canvas, doc, content)


def _later_page_cb(canvas, doc, *, content):
    _later_page(canvas, doc, content)
