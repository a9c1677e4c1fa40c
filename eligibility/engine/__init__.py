"""The eligibility engine: programme definitions (formats v1 and v2) validated, compiled,
evaluated.

Pure Python: nothing here imports Django. The format is specified in
`docs/programme-format.md`; this package is the only code that interprets it.
"""

from eligibility.engine.cache import ProgrammeCache, compiled_for
from eligibility.engine.catalogue import CATALOGUE, DEFAULT_LANGUAGE, LANGUAGES, FactSpec
from eligibility.engine.errors import DefinitionError, InvalidDefinition
from eligibility.engine.explain import STAFF as STAFF_VOICE
from eligibility.engine.explain import language
from eligibility.engine.facts import FactError
from eligibility.engine.formatting import date_text
from eligibility.engine.json_input import JSONInputError, parse_json, read_json_file
from eligibility.engine.obligations import Obligation, months_after, parse_obligations
from eligibility.engine.programme import (
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
from eligibility.engine.result import DeMinimisCheck, Evaluation
from eligibility.engine.schema import AWARD_MODES, BENEFITS, UNITS
from eligibility.engine.validation import validate_definition

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
    "Obligation",
    "ProgrammeCache",
    "city_today",
    "compile_programme",
    "compiled_for",
    "date_text",
    "language",
    "months_after",
    "parse_obligations",
    "parse_as_of",
    "parse_json",
    "read_json_file",
    "validate_definition",
]
