from desk.models.desk import AwardMode, LineBudget, ProgrammeDesk, ProrataRound

__all__ = ["AwardMode", "LineBudget", "ProgrammeDesk", "ProrataRound"]
