from cms.models.pages import HomePage, ProgrammeIndexPage, ProgrammePage, StandardPage
from cms.models.site_settings import CitySettings

__all__ = ["CitySettings", "HomePage", "ProgrammeIndexPage", "ProgrammePage", "StandardPage"]
