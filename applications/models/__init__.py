from applications.models.appeals import Appeal, AppealStatus
from applications.models.applications import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    InformationRequest,
    ReferenceSequence,
)
from applications.models.calendar import LocalHoliday
from applications.models.lifecycle import DataProtectionEvent
from applications.models.notifications import ElectronicNotification
from applications.models.outbox import OutboxEntry
from applications.models.registry import (
    RegistryEntry,
    RegistryKind,
    RegistrySequence,
)

__all__ = [
    "Appeal",
    "AppealStatus",
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "DataProtectionEvent",
    "ElectronicNotification",
    "InformationRequest",
    "LocalHoliday",
    "OutboxEntry",
    "ReferenceSequence",
    "RegistryEntry",
    "RegistryKind",
    "RegistrySequence",
]
