from .applications import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    InformationRequest,
    ReferenceSequence,
)
from .organisations import Invitation, Organisation, Representation

__all__ = [
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "InformationRequest",
    "Invitation",
    "Organisation",
    "ReferenceSequence",
    "Representation",
]
