from .applications import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    InformationRequest,
    ReferenceSequence,
)
from .letters import Letter, LetterKind, LetterTemplate
from .organisations import Invitation, Organisation, Representation

__all__ = [
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "InformationRequest",
    "Invitation",
    "Letter",
    "LetterKind",
    "LetterTemplate",
    "Organisation",
    "ReferenceSequence",
    "Representation",
]
