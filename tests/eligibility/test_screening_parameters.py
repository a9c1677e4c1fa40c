"""The screener with format v2 parameters: a threshold written {"param": NAME} is read as its
value, so a published programme using one does not break the public screener."""

import datetime as dt

from engine_builders import programme

from eligibility.engine import compile_programme
from eligibility.engine.catalogue import CATALOGUE
from eligibility.screening import representative_values


def test_a_parameter_threshold_gives_representative_values_around_its_value():
    doc = programme(
        {"fact": "employees", "op": "lte", "value": {"param": "max_staff"}},
        100,
        format="onestop.programme/v2",
        parameters=[
            {"name": "max_staff", "type": "int", "value": 9, "label": {"es": "Plantilla máxima"}}
        ],
    )
    values = representative_values(
        [compile_programme(doc)], dict(CATALOGUE), as_of=dt.date(2026, 12, 3)
    )
    assert {8, 9, 10} <= set(values["employees"])
