from desk.models.desk import AwardMode, ProgrammeDesk

__all__ = ["AwardMode", "ProgrammeDesk"]
