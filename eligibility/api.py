"""The public screening API, /api/v1/: open data on the live programmes, and the screener as a
computation anyone may run.

No authentication, no CSRF (nothing is written: it is a read-only computation over public
rules), and no session. Documented by the OpenAPI schema at /api/v1/openapi.json, browsable at
/api/v1/docs.

Which programmes: see `eligibility.screening_service` (every live programme of record is
evaluated, closed ones included, with `open` saying whether the window is open on `as_of`;
the next question serves the open and upcoming ones).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import ConfigDict, field_validator

from .engine import FactError
from .screening_service import live_programmes_listing, screening_result

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

api = NinjaAPI(
    title="onestop screening API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Which of the city's support programmes an organisation qualifies for, how much, and "
        "why (not), computed by the same rules engine as the desk. Facts are described in the "
        "programme definition format (`onestop.programme/v1`)."
    ),
)


class ScreeningRequest(Schema):
    model_config = ConfigDict(extra="forbid")

    facts: dict[str, Any] = Field(
        ...,
        description=(
            "Facts about the organisation, by name (standard facts and programme questions), "
            "in the format's input types: true/false, whole numbers, decimals as strings or "
            "numbers, dates as YYYY-MM-DD, choices as strings. Absent or null = unknown."
        ),
        examples=[{"sector": "hospitality", "district": "abando", "employees": 5}],
    )
    as_of: str | None = Field(
        None,
        description="Reference date YYYY-MM-DD (Europe/Madrid); default: today.",
        examples=["2026-11-22"],
    )
    lang: Literal["es", "eu", "en"] = Field(
        "es", description="Language of the reasons and of the next question."
    )

    @field_validator("as_of")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _DATE.fullmatch(value):
            raise ValueError("must be a date written YYYY-MM-DD")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a valid calendar date") from None
        return value


class Reason(Schema):
    id: str
    met: bool | None
    text: str


class Outcome(Schema):
    programme: str
    outcome: Literal["eligible", "ineligible", "needs_info"]
    amount: str | None = Field(description="Decimal string when eligible, else null.")
    unit: Literal["EUR", "percent", "hours", "vouchers"]
    open: bool = Field(description="Whether the window is open on as_of.")
    missing_facts: list[str]
    reasons: list[Reason]


class QuestionChoice(Schema):
    value: str | bool
    label: str


class NextQuestion(Schema):
    fact: str
    type: Literal["bool", "int", "decimal", "date", "choice"]
    label: str = Field(description="The question, in the requested language.")
    help: str
    choices: list[QuestionChoice] | None = Field(
        None, description="Present for choice and bool facts."
    )
    min: int | str | None = Field(None, description="Present for numbers with a lower bound.")
    max: int | str | None = Field(None, description="Present for numbers with an upper bound.")


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
    definition: dict[str, Any] = Field(description="The rules, format onestop.programme/v1.")


class ProgrammeList(Schema):
    programmes: list[LiveProgramme]


def _error(status: int, **detail: str) -> JsonResponse:
    return JsonResponse({"error": detail}, status=status)


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "payload")]
    message = str(first.get("msg", "invalid request"))
    message = message.removeprefix("Value error, ")
    if location:
        return _error(400, field=".".join(location), message=f"{'.'.join(location)}: {message}")
    if first.get("type") == "missing":
        return _error(400, message='the body is empty: send a JSON object with "facts"')
    return _error(400, message=f"the body must be a JSON object: {message}")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 400:
        message = "the body is not valid JSON"
    return _error(exc.status_code, message=message)


@api.post(
    "/screening",
    response={200: ScreeningResponse, 400: ErrorResponse},
    summary="Screen an organisation against the live programmes",
    tags=["screening"],
)
def screening(request: HttpRequest, payload: ScreeningRequest) -> HttpResponse:
    """Evaluate the facts given against every live programme and say what to ask next.

    An invalid fact (an unknown name, a derived fact, a value of the wrong type or out of
    range) answers 400 with `{"error": {"fact": NAME, "message": TEXT}}`; an invalid body
    (not JSON, an unknown key, a wrong `lang`, a bad date) with `{"error": {"field": ...,
    "message": TEXT}}`.
    """
    as_of = dt.date.fromisoformat(payload.as_of) if payload.as_of else None
    try:
        body = screening_result(facts=payload.facts, as_of=as_of, lang=payload.lang)
    except FactError as error:
        return _error(400, fact=error.fact, message=error.message)
    return JsonResponse(body)


@api.get(
    "/programmes",
    response=ProgrammeList,
    summary="Every live programme with its rules (open data)",
    tags=["programmes"],
)
def programmes(request: HttpRequest) -> HttpResponse:
    """Every live programme of record, by slug, with its window state today and its full
    definition in the programme format."""
    return JsonResponse({"programmes": live_programmes_listing()})
