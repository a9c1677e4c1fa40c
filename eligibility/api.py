"""The public screening API, /api/v1/: open data on the live programmes, and the screener as a
computation anyone may run.

No authentication, no CSRF (nothing is written: it is a read-only computation over public
rules), and no session. Documented by the OpenAPI schema at /api/v1/openapi.json, browsable at
/api/v1/docs. The schema says what the API accepts, and the API accepts what the schema says
or answers one of the 4xx it documents (400 with the field or fact at fault, 413, 429); it is
checked against the running API by schemathesis (tests/eligibility/test_api_schemathesis.py).

Which programmes: see `eligibility.screening_service` (every live programme of record is
evaluated, closed ones included, with `open` saying whether the window is open on `as_of`;
the next question serves the open and upcoming ones).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.parser import Parser
from pydantic import (
    ConfigDict,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from pydantic import Field as PydanticField

from eligibility.engine import (
    CATALOGUE,
    EARLIEST_AS_OF,
    LATEST_AS_OF,
    FactError,
    FactSpec,
    JSONInputError,
    parse_as_of,
    parse_json,
)
from eligibility.engine.json_input import MAX_DEPTH, MAX_NUMBER_LENGTH, size_text
from eligibility.screening_service import live_programmes_listing, screening_result
from eligibility.throttling import ClientRateThrottle

# What one request may hold. Far above what the catalogue and the programmes ask (some
# twenty standard facts and a few questions per programme), far below what would cost.
MAX_BODY_BYTES = 256 * 1024
MAX_FACTS = 500
MAX_FACT_NAME_LENGTH = 64
MAX_TEXT_LENGTH = 256

FACT_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
_DECIMAL_TEXT_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
_DATE_TEXT_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# The days EARLIEST_AS_OF (1900-01-01) to LATEST_AS_OF (2999-12-31), written YYYY-MM-DD; a
# day the calendar does not have (30 February) is a 400.
_AS_OF_PATTERN = r"^(19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


class _BodyTooLarge(Exception):
    pass


class _StrictJSONParser(Parser):
    """Request bodies through the engine's strict reader: bounded in size and nesting, no
    NaN or Infinity, no number out of range, no key given twice, UTF-8."""

    def parse_body(self, request: HttpRequest) -> Any:
        body = request.body
        if len(body) > MAX_BODY_BYTES:
            raise _BodyTooLarge
        return parse_json(body)


_throttle = ClientRateThrottle()

api = NinjaAPI(
    title="onestop screening API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Which of the city's support programmes an organisation qualifies for, how much, and "
        "why (not), computed by the same rules engine as the desk. Facts are described in the "
        "programme definition format (`onestop.programme/v1` and `/v2`, documented in docs/programme-format.md).\n\n"
        "Each client address may make a limited number of requests per period (the "
        "`SCREENING_API_RATE` of the installation, 120 a minute by default); beyond it the "
        "answer is 429 with a `Retry-After` header in seconds."
    ),
    parser=_StrictJSONParser(),
    throttle=_throttle,
)


# --- the request ---------------------------------------------------------------------------


def _number(value: Decimal | int) -> int | float:
    return int(value) if value == int(value) else float(value)


def _bounds(spec: FactSpec) -> dict[str, int | float]:
    bounds: dict[str, int | float] = {}
    if spec.min is not None:
        bounds["minimum"] = _number(spec.min)
    if spec.max is not None:
        bounds["maximum"] = _number(spec.max)
    return bounds


def _fact_schema(spec: FactSpec) -> dict[str, Any]:
    """A standard fact's values as the engine accepts them (`engine.facts.check_value`)."""
    if spec.type == "bool":
        value: dict[str, Any] = {"type": "boolean"}
    elif spec.type == "int":
        value = {"type": "integer", **_bounds(spec)}
    elif spec.type == "decimal":
        text = {"type": "string", "pattern": _DECIMAL_TEXT_PATTERN, "maxLength": MAX_TEXT_LENGTH}
        value = {"anyOf": [{"type": "number", **_bounds(spec)}, text]}
    elif spec.type == "date":
        value = {"type": "string", "pattern": _DATE_TEXT_PATTERN}
    elif spec.type == "code":
        value = {"type": "string", "pattern": "^[0-9]{2,4}$"}
    else:
        value = {"type": "string", "enum": list(spec.choices)}
    return {"anyOf": [value, {"type": "null"}], "description": spec.label["en"]}


_ANY_FACT_VALUE: dict[str, Any] = {
    "anyOf": [
        {"type": "boolean"},
        {"type": "integer"},
        {"type": "number"},
        {"type": "string", "maxLength": MAX_TEXT_LENGTH},
        {"type": "null"},
    ]
}

FACTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "maxProperties": MAX_FACTS,
    "propertyNames": {
        "type": "string",
        "pattern": FACT_NAME_PATTERN,
        "maxLength": MAX_FACT_NAME_LENGTH,
        # Derived facts are computed, never supplied.
        "not": {"enum": [spec.name for spec in CATALOGUE.values() if spec.derived]},
    },
    "properties": {
        spec.name: _fact_schema(spec) for spec in CATALOGUE.values() if not spec.derived
    },
    # Programme questions: their names and types are in each definition (GET /programmes).
    "additionalProperties": _ANY_FACT_VALUE,
    "description": (
        "Facts about the organisation, by name: the standard facts listed here and the "
        "questions of the live programmes (each definition's `questions`, from GET "
        "/programmes), in the format's input types: true/false, whole numbers, decimals as "
        'numbers or strings such as "1250.00", dates as YYYY-MM-DD, choices as strings. '
        "Absent or null = unknown. A name that no live programme reads, a derived fact, or a "
        "value of the wrong type or out of range is a 400 naming the fact."
    ),
    "examples": [{"sector": "hospitality", "district": "abando", "employees": 5}],
}

FactName = Annotated[
    str, StringConstraints(pattern=FACT_NAME_PATTERN, max_length=MAX_FACT_NAME_LENGTH)
]
FactValue = (
    StrictBool
    | StrictInt
    | Annotated[float, PydanticField(strict=True, allow_inf_nan=False)]
    | Annotated[str, StringConstraints(strict=True, max_length=MAX_TEXT_LENGTH)]
    | None
)
Facts = Annotated[
    dict[FactName, FactValue],
    PydanticField(max_length=MAX_FACTS),
    WithJsonSchema(FACTS_SCHEMA),
]
AsOf = Annotated[
    str | None,
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": _AS_OF_PATTERN}, {"type": "null"}]}),
]


class ScreeningRequest(Schema):
    model_config = ConfigDict(extra="forbid")

    facts: Facts
    as_of: AsOf = Field(
        None,
        description=(
            f"Reference date YYYY-MM-DD (Europe/Madrid), from {EARLIEST_AS_OF} to "
            f"{LATEST_AS_OF}; default: today."
        ),
        examples=["2026-11-22"],
    )
    lang: Literal["es", "eu", "en"] = Field(
        "es", description="Language of the reasons and of the next question."
    )
    reasons: StrictBool = Field(
        True,
        description=(
            "Whether each outcome carries its `reasons` (one sentence per requirement). With "
            "false, only the decision is computed (outcome, amount, missing facts, open) and "
            "`reasons` is left out: cheaper, for clients that show no explanation. May also "
            "be given as the query parameter `?reasons=false`."
        ),
    )

    @field_validator("as_of")
    @classmethod
    def _reference_date(cls, value: str | None) -> str | None:
        if value is not None:
            parse_as_of(value)
        return value


# --- the responses -------------------------------------------------------------------------


class Reason(Schema):
    id: str
    met: bool | None
    text: str
    source: str | None = Field(
        None,
        description="Format v2: the requirement's legal source in the requested language, "
        "or null; absent for v1 programmes.",
    )


class Outcome(Schema):
    programme: str
    outcome: Literal["eligible", "ineligible", "needs_info"]
    amount: str | None = Field(description="Decimal string when eligible, else null.")
    unit: Literal["EUR", "percent", "hours", "vouchers"]
    open: bool = Field(description="Whether the window is open on as_of.")
    missing_facts: list[str]
    reasons: list[Reason] | None = Field(
        None, description="One per requirement; absent when the request says reasons=false."
    )


class QuestionChoice(Schema):
    value: str | bool
    label: str


class NextQuestion(Schema):
    fact: str
    type: Literal["bool", "int", "decimal", "date", "choice", "code"]
    label: str = Field(description="The question, in the requested language.")
    help: str
    choices: list[QuestionChoice] | None = Field(
        None, description="Present for choice and bool facts."
    )
    min: int | str | None = Field(None, description="Present for numbers with a lower bound.")
    max: int | str | None = Field(None, description="Present for numbers with an upper bound.")
    code_list: str | None = Field(
        None, description="Present for code facts: the code list, e.g. cnae-2009."
    )


class ScreeningResponse(Schema):
    results: list[Outcome] = Field(description="One per live programme, by programme slug.")
    next_question: NextQuestion | None = Field(
        description="The fact that decides the most open or upcoming programmes still "
        "undecided; null when no answer could change any outcome."
    )


class ErrorDetail(Schema):
    fact: str | None = Field(None, description="The fact at fault, for an invalid fact.")
    field: str | None = Field(None, description="The request field at fault.")
    message: str


class ErrorResponse(Schema):
    error: ErrorDetail


class LiveProgramme(Schema):
    slug: str
    status: Literal["open", "upcoming", "closed"]
    open: bool
    definition: dict[str, Any] = Field(description="The rules, format onestop.programme/v1 or /v2.")


class ProgrammeList(Schema):
    programmes: list[LiveProgramme]


_TOO_MANY_REQUESTS = {
    "description": (
        "Too many requests from this client address; `Retry-After` says in how many seconds "
        "to try again."
    ),
    "headers": {
        "Retry-After": {
            "description": "Seconds until requests are accepted again.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}


# --- errors --------------------------------------------------------------------------------


def _error(status: int, **detail: str) -> JsonResponse:
    return JsonResponse({"error": detail}, status=status)


def _too_large() -> JsonResponse:
    return _error(413, message=f"the body is larger than {size_text(MAX_BODY_BYTES)}")


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [
        str(part) for part in first.get("loc", ()) if part not in ("body", "payload", "query")
    ]
    message = str(first.get("msg", "invalid request"))
    message = message.removeprefix("Value error, ")
    if len(location) >= 2 and location[0] == "facts":
        fact = location[1]
        if location[-1] == "[key]":
            return _error(
                400,
                fact=fact,
                message="is not a fact name: lower-case letters, digits and _, starting "
                f"with a letter, at most {MAX_FACT_NAME_LENGTH} characters",
            )
        return _error(
            400,
            fact=fact,
            message="must be true, false, a number, a string of at most "
            f"{MAX_TEXT_LENGTH} characters, or null",
        )
    if location == ["facts"] and first.get("type") == "too_long":
        return _error(400, field="facts", message=f"facts: at most {MAX_FACTS} facts")
    if location:
        return _error(400, field=".".join(location), message=f"{'.'.join(location)}: {message}")
    if first.get("type") == "missing":
        return _error(400, message='the body is empty: send a JSON object with "facts"')
    return _error(400, message=f"the body must be a JSON object: {message}")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja turns any failure of the parser into a 400 "Cannot parse request body", with
    # the parser's own exception as the cause.
    cause = exc.__cause__
    if isinstance(cause, _BodyTooLarge):
        return _too_large()
    if isinstance(cause, JSONInputError):
        return _error(400, message=f"the body is not valid JSON: {cause}")
    if exc.status_code == 400:
        return _error(400, message="the body is not valid JSON")
    return _error(exc.status_code, message=str(exc))


@api.exception_handler(RequestDataTooBig)
def _request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Larger than Django reads at all (DATA_UPLOAD_MAX_MEMORY_SIZE), so far larger than ours.
    return _too_large()


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    allowed, period = _throttle.limits()
    return _error(
        429,
        message=f"too many requests: at most {allowed} every {period} seconds from one "
        f"address; try again in {int(exc.wait or 1)} seconds",
    )


# --- the operations ------------------------------------------------------------------------


@api.post(
    "/screening",
    response={200: ScreeningResponse, 400: ErrorResponse, 413: ErrorResponse, 429: ErrorResponse},
    summary="Screen an organisation against the live programmes",
    tags=["screening"],
    openapi_extra={
        "responses": {
            400: {
                "description": (
                    "An invalid fact (a name no live programme reads, a derived fact, a value "
                    'of the wrong type or out of range): `{"error": {"fact": NAME, "message": '
                    "TEXT}}`. An invalid body (not JSON, not UTF-8, NaN or Infinity, a number "
                    f"written with more than {MAX_NUMBER_LENGTH} characters, a key given "
                    f"twice, nested more than {MAX_DEPTH} levels deep, an unknown key, a wrong "
                    "`lang`, a `reasons` that is not true or false, a bad or out-of-range "
                    '`as_of`): `{"error": {"field": NAME '
                    '(when one is at fault), "message": TEXT}}`.'
                )
            },
            413: {"description": f"The body is larger than {size_text(MAX_BODY_BYTES)}."},
            429: _TOO_MANY_REQUESTS,
        }
    },
)
def screening(
    request: HttpRequest,
    payload: ScreeningRequest,
    reasons: Annotated[
        Literal["true", "false"] | None,
        Query(description="As the body's `reasons`: false leaves the reasons out."),
    ] = None,
) -> HttpResponse:
    """Evaluate the facts given against every live programme and say what to ask next."""
    as_of = dt.date.fromisoformat(payload.as_of) if payload.as_of else None
    with_reasons = payload.reasons
    if reasons is not None:
        wanted = reasons == "true"
        if "reasons" in payload.model_fields_set and wanted != payload.reasons:
            return _error(
                400,
                field="reasons",
                message="reasons: the query parameter and the body say different things",
            )
        with_reasons = wanted
    try:
        body = screening_result(
            facts=payload.facts, as_of=as_of, lang=payload.lang, reasons=with_reasons
        )
    except FactError as error:
        return _error(400, fact=error.fact, message=error.message)
    return JsonResponse(body)


@api.get(
    "/programmes",
    response={200: ProgrammeList, 429: ErrorResponse},
    summary="Every live programme with its rules (open data)",
    tags=["programmes"],
    openapi_extra={"responses": {429: _TOO_MANY_REQUESTS}},
)
def programmes(request: HttpRequest) -> HttpResponse:
    """Every live programme of record, by slug, with its window state today and its full
    definition in the programme format."""
    return JsonResponse({"programmes": live_programmes_listing()})
