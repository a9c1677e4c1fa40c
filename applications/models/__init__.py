from .applications import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    InformationRequest,
    ReferenceSequence,
)
from .desk import AwardMode, ProgrammeDesk
from .letters import Letter, LetterBatch, LetterKind, LetterTemplate
from .organisations import Invitation, Organisation, Representation

__all__ = [
    "Application",
    "AwardMode",
    "ApplicationDocument",
    "ApplicationEvent",
    "InformationRequest",
    "Invitation",
    "Letter",
    "LetterBatch",
    "LetterKind",
    "LetterTemplate",
    "Organisation",
    "ProgrammeDesk",
    "ReferenceSequence",
    "Representation",
]
