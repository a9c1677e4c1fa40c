from cms.models.activity_codes import ActivityCode, CodeScheme
from cms.models.pages import HomePage, ProgrammeIndexPage, ProgrammePage, StandardPage
from cms.models.site_settings import CitySettings

__all__ = [
    "ActivityCode",
    "CitySettings",
    "CodeScheme",
    "HomePage",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "StandardPage",
]
