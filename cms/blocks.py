from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        form_classname = "title"
        template = "cms/blocks/heading.html"
        preview_value = "Cómo solicitar una ayuda"


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        features = ["bold", "italic", "link", "ol", "ul", "document-link"]
        preview_value = "<p>Prepare los documentos antes de empezar la solicitud.</p>"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "cms/blocks/question_answer.html"
        preview_value = {
            "question": "¿Quién puede solicitar?",
            "answer": "<p>Entidades con actividad en la ciudad.</p>",
        }


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    question_answer = QuestionAnswerBlock()
