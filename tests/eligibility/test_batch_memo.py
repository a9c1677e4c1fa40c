"""A batch's memoised reasons (`explain.LeafReasonsMemo`, used by `evaluate_lines`) give the
very text that explaining each applicant afresh gives, for every demo programme."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest

from demo.content import DEMO_PROGRAMMES_DIR
from eligibility.engine import compile_programme
from eligibility.engine.batch import evaluate_lines
from eligibility.engine.catalogue import FactSpec

# Activity code names are read from the CMS's list when a sentence names a code.
pytestmark = pytest.mark.django_db

PROGRAMMES = sorted(path.stem for path in DEMO_PROGRAMMES_DIR.glob("*.json"))


def answer(rng: random.Random, spec: FactSpec) -> Any:
    if spec.type == "bool":
        return rng.random() < 0.5
    if spec.type == "choice":
        return rng.choice(spec.choices)
    if spec.type == "date":
        return (dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, 13_000))).isoformat()
    if spec.type == "code":
        return rng.choice(["5610", "5630", "4711", "561"])
    low = int(spec.min) if spec.min is not None else 0
    high = low + rng.choice([3, 12, 400, 300_000])
    if spec.type == "int":
        return rng.randint(low, high)
    # Decimals written alike but not equal in text: "1.0" and "1" must read differently.
    return rng.choice([f"{rng.randint(low, high)}", f"{rng.uniform(low, high):.2f}", "1.0", "1"])


def profiles(programme, count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    given = [spec for spec in programme.fact_specs.values() if not spec.derived]
    return [
        {spec.name: answer(rng, spec) for spec in given if rng.random() >= 0.15}
        for _ in range(count)
    ]


@pytest.mark.parametrize("slug", PROGRAMMES)
@pytest.mark.parametrize("lang", ["es", "eu", "en"])
def test_memoised_reasons_read_as_explaining_each_applicant_afresh(slug, lang):
    definition = json.loads((DEMO_PROGRAMMES_DIR / f"{slug}.json").read_text(encoding="utf-8"))
    programme = compile_programme(definition)
    facts = profiles(programme, 400, seed=len(slug))
    as_of = dt.date(2026, 12, 1)
    lines = [json.dumps(one) for one in facts]

    batch = [text for text, _ in evaluate_lines(programme, lines, as_of=as_of, lang=lang)]

    fresh = []
    for one in facts:
        try:
            result = programme.evaluate(one, as_of=as_of).to_dict(lang)
        except Exception as error:  # an invalid profile: the batch gives an error object
            result = {"error": {"fact": getattr(error, "fact", None), "message": str(error)}}
        fresh.append(result)
    for text, expected in zip(batch, fresh, strict=True):
        got = json.loads(text)
        if "error" in expected:
            assert "error" in got
        else:
            assert got == expected
