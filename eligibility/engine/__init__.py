"""The eligibility engine: programme definitions (format v1) validated, compiled, evaluated.

Pure Python: nothing here imports Django. The format is specified in
`shared/programme-format.md`; this package is the only code that interprets it.
"""

from .cache import ProgrammeCache, compiled_for
from .catalogue import CATALOGUE, DEFAULT_LANGUAGE, LANGUAGES, FactSpec
from .errors import DefinitionError, InvalidDefinition
from .explain import STAFF as STAFF_VOICE
from .explain import language
from .facts import FactError
from .formatting import date_text
from .json_input import JSONInputError, parse_json, read_json_file
from .programme import (
    DEFAULT_DE_MINIMIS_CEILING,
    EARLIEST_AS_OF,
    ELIGIBLE,
    INELIGIBLE,
    LATEST_AS_OF,
    NEEDS_INFO,
    CompiledProgramme,
    city_today,
    compile_programme,
    parse_as_of,
)
from .result import DeMinimisCheck, Evaluation
from .schema import AWARD_MODES, BENEFITS, UNITS
from .validation import validate_definition

__all__ = [
    "AWARD_MODES",
    "BENEFITS",
    "CATALOGUE",
    "DEFAULT_DE_MINIMIS_CEILING",
    "DEFAULT_LANGUAGE",
    "EARLIEST_AS_OF",
    "ELIGIBLE",
    "INELIGIBLE",
    "LANGUAGES",
    "LATEST_AS_OF",
    "NEEDS_INFO",
    "UNITS",
    "STAFF_VOICE",
    "CompiledProgramme",
    "DeMinimisCheck",
    "DefinitionError",
    "Evaluation",
    "FactError",
    "FactSpec",
    "InvalidDefinition",
    "JSONInputError",
    "ProgrammeCache",
    "city_today",
    "compile_programme",
    "compiled_for",
    "date_text",
    "language",
    "parse_as_of",
    "parse_json",
    "read_json_file",
    "validate_definition",
]
