from .pages import HomePage, ProgrammeIndexPage, ProgrammePage, StandardPage
from .site_settings import CitySettings

__all__ = ["CitySettings", "HomePage", "ProgrammeIndexPage", "ProgrammePage", "StandardPage"]
