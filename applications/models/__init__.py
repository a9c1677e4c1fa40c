from .applications import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    InformationRequest,
    ReferenceSequence,
)
from .desk import AwardMode, ProgrammeDesk
from .letters import Letter, LetterBatch, LetterKind, LetterTemplate
from .lifecycle import DataProtectionEvent
from .organisations import Invitation, Organisation, Representation
from .outbox import OutboxEntry

__all__ = [
    "Application",
    "AwardMode",
    "ApplicationDocument",
    "ApplicationEvent",
    "DataProtectionEvent",
    "InformationRequest",
    "Invitation",
    "Letter",
    "LetterBatch",
    "LetterKind",
    "LetterTemplate",
    "Organisation",
    "OutboxEntry",
    "ProgrammeDesk",
    "ReferenceSequence",
    "Representation",
]
