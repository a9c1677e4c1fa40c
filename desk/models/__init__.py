from desk.models.desk import AwardMode, LineBudget, ProgrammeDesk, ProrataRound
from desk.models.obligations import AwardObligation, ObligationKind, ObligationStatus

__all__ = [
    "AwardMode",
    "AwardObligation",
    "LineBudget",
    "ObligationKind",
    "ObligationStatus",
    "ProgrammeDesk",
    "ProrataRound",
]
