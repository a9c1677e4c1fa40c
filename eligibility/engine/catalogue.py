"""The standard facts every programme may read, with their labels in es, eu and en.

Besides the form label, each fact carries the words the explanations need: a `subject` to
start a sentence with ("El número de personas empleadas", "Langileak") and whether that
subject is grammatically plural in Spanish and Basque, so that the verb agrees ("deben",
"dira"). Bool facts carry whole sentences instead, because "X must be yes" is not how a
person says it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from eligibility.engine.codes import CNAE_2009, names_for

LANGUAGES: tuple[str, ...] = ("es", "eu", "en")
DEFAULT_LANGUAGE = "es"

FACT_TYPES: tuple[str, ...] = ("bool", "int", "decimal", "date", "choice", "code")

Text = Mapping[str, str]


@dataclass(frozen=True)
class FactSpec:
    """What the engine knows about one fact, standard or programme-specific."""

    name: str
    type: str
    label: Text
    subject: Text = field(default_factory=dict)
    plural: Mapping[str, bool] = field(default_factory=dict)
    choices: tuple[str, ...] = ()
    choice_labels: Mapping[str, Text] = field(default_factory=dict)
    min: Decimal | int | None = None
    max: Decimal | int | None = None
    derived: bool = False
    inputs: tuple[str, ...] = ()
    # Bool facts: (sentence when true is required, sentence when false is required).
    statements: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # How an answer is shown: "given" (you answered X), "have" (you have N) or
    # "derived" (in your case: X).
    answer: str = "given"
    # How a decimal is shown: "number", "money" (EUR) or "percent".
    display: str = "number"
    help: Text = field(default_factory=dict)
    standard: bool = True
    # Code facts: the list their codes come from, and a live view of the codes' names
    # (see codes.py; empty until the app that keeps the list hands them over).
    code_list: str | None = None
    code_names: Mapping[str, Text] = field(default_factory=dict)


def _t(es: str, eu: str, en: str) -> dict[str, str]:
    return {"es": es, "eu": eu, "en": en}


_SSE_FORMS = (
    "cooperative",
    "labour_company",
    "insertion_company",
    "special_employment_centre",
    "mutual",
    "association",
    "foundation",
)

_LEGAL_FORMS = {
    "cooperative": _t("cooperativa", "kooperatiba", "cooperative"),
    "labour_company": _t("sociedad laboral", "lan-sozietatea", "labour company"),
    "insertion_company": _t("empresa de inserción", "gizarteratze-enpresa", "insertion company"),
    "special_employment_centre": _t(
        "centro especial de empleo", "enplegu-zentro berezia", "special employment centre"
    ),
    "mutual": _t("mutualidad", "mutualitatea", "mutual society"),
    "association": _t("asociación", "elkartea", "association"),
    "foundation": _t("fundación", "fundazioa", "foundation"),
    "sole_trader": _t("persona autónoma", "langile autonomoa", "sole trader"),
    "partnership": _t("sociedad civil", "sozietate zibila", "partnership"),
    "limited_company": _t("sociedad mercantil", "merkataritza-sozietatea", "limited company"),
}

_DISTRICTS = {
    "abando": _t("Abando", "Abando", "Abando"),
    "basurto-zorroza": _t("Basurto-Zorroza", "Basurto-Zorroza", "Basurto-Zorroza"),
    "begona": _t("Begoña", "Begoña", "Begoña"),
    "deusto": _t("Deusto", "Deusto", "Deusto"),
    "errekalde": _t("Errekalde", "Errekalde", "Errekalde"),
    "ibaiondo": _t("Ibaiondo", "Ibaiondo", "Ibaiondo"),
    "otxarkoaga-txurdinaga": _t(
        "Otxarkoaga-Txurdinaga", "Otxarkoaga-Txurdinaga", "Otxarkoaga-Txurdinaga"
    ),
    "uribarri": _t("Uribarri", "Uribarri", "Uribarri"),
    "outside": _t("fuera de la ciudad", "hiritik kanpo", "outside the city"),
}

_SECTORS = {
    "retail": _t("comercio", "merkataritza", "retail"),
    "hospitality": _t("hostelería", "ostalaritza", "hospitality"),
    "tourism": _t("turismo", "turismoa", "tourism"),
    "culture": _t("cultura", "kultura", "culture"),
    "personal_services": _t(
        "servicios personales", "pertsonentzako zerbitzuak", "personal services"
    ),
    "care": _t("cuidados", "zaintza", "care"),
    "digital": _t("economía digital", "ekonomia digitala", "digital"),
    "professional_services": _t(
        "servicios profesionales", "zerbitzu profesionalak", "professional services"
    ),
    "manufacturing": _t("industria manufacturera", "manufaktura-industria", "manufacturing"),
    "construction": _t("construcción", "eraikuntza", "construction"),
    "other": _t("otro sector", "beste sektore bat", "other"),
}

_TENURES = {
    "rented": _t("alquiler", "alokairua", "rented"),
    "owned": _t("propiedad", "jabetza", "owned"),
    "none": _t("sin local", "lokalik gabe", "no premises"),
}

_ZERO = Decimal(0)


def _fact(
    name: str,
    type_: str,
    label: dict[str, str],
    subject: dict[str, str] | None = None,
    plural: tuple[bool, bool] = (False, False),
    **kwargs: object,
) -> FactSpec:
    return FactSpec(
        name=name,
        type=type_,
        label=label,
        subject=subject or label,
        plural={"es": plural[0], "eu": plural[1], "en": False},
        **kwargs,  # type: ignore[arg-type]
    )


def _bool(
    name: str, label: dict[str, str], true: dict[str, str], false: dict[str, str], **kwargs: object
) -> FactSpec:
    statements = {lang: (true[lang], false[lang]) for lang in LANGUAGES}
    return _fact(name, "bool", label, statements=statements, **kwargs)


_FACTS: tuple[FactSpec, ...] = (
    _fact(
        "legal_form",
        "choice",
        _t("Forma jurídica", "Forma juridikoa", "Legal form"),
        _t("La forma jurídica", "Forma juridikoa", "Legal form"),
        choices=tuple(_LEGAL_FORMS),
        choice_labels=_LEGAL_FORMS,
    ),
    _bool(
        "is_sse",
        _t(
            "Entidad de economía social",
            "Gizarte-ekonomiako erakundea",
            "Social economy entity",
        ),
        true=_t(
            "Debe ser una entidad de economía social (Ley 5/2011)",
            "Gizarte-ekonomiako erakundea izan behar duzu (5/2011 Legea)",
            "You must be a social economy entity (Law 5/2011)",
        ),
        false=_t(
            "No debe ser una entidad de economía social (Ley 5/2011)",
            "Ez duzu gizarte-ekonomiako erakundea izan behar (5/2011 Legea)",
            "You must not be a social economy entity (Law 5/2011)",
        ),
        derived=True,
        inputs=("legal_form",),
        answer="derived",
    ),
    _fact(
        "employees",
        "int",
        _t("Número de personas empleadas", "Langile kopurua", "Employees"),
        _t("El número de personas empleadas", "Langileak", "Employees"),
        plural=(False, True),
        min=0,
        answer="have",
    ),
    _fact(
        "founded_on",
        "date",
        _t("Fecha de constitución", "Sortze-data", "Founding date"),
        _t("La fecha de constitución", "Sortze-data", "Founding date"),
    ),
    _fact(
        "years_active",
        "int",
        _t("Años de actividad", "Jardueran emandako urteak", "Years active"),
        _t("Los años de actividad", "Jardueran emandako urteak", "Years active"),
        plural=(True, True),
        derived=True,
        inputs=("founded_on",),
        answer="derived",
    ),
    _fact(
        "turnover_current",
        "decimal",
        _t(
            "Facturación del último ejercicio cerrado",
            "Azken ekitaldi itxiko fakturazioa",
            "Turnover in the last closed year",
        ),
        _t(
            "La facturación del último ejercicio cerrado",
            "Azken ekitaldi itxiko fakturazioa",
            "Turnover in the last closed year",
        ),
        min=_ZERO,
        display="money",
    ),
    _fact(
        "turnover_previous",
        "decimal",
        _t(
            "Facturación del ejercicio anterior",
            "Aurreko ekitaldiko fakturazioa",
            "Turnover in the year before",
        ),
        _t(
            "La facturación del ejercicio anterior",
            "Aurreko ekitaldiko fakturazioa",
            "Turnover in the year before",
        ),
        min=_ZERO,
        display="money",
    ),
    _fact(
        "turnover_drop_pct",
        "decimal",
        _t("Caída de la facturación", "Fakturazioaren jaitsiera", "Drop in turnover"),
        _t("La caída de la facturación", "Fakturazioaren jaitsiera", "Drop in turnover"),
        derived=True,
        inputs=("turnover_current", "turnover_previous"),
        answer="derived",
        display="percent",
    ),
    _fact(
        "district",
        "choice",
        _t("Distrito", "Barrutia", "District"),
        _t("El distrito", "Barrutia", "District"),
        choices=tuple(_DISTRICTS),
        choice_labels=_DISTRICTS,
    ),
    _fact(
        "sector",
        "choice",
        _t("Sector de actividad", "Jarduera-sektorea", "Sector"),
        _t("El sector", "Sektorea", "Sector"),
        choices=tuple(_SECTORS),
        choice_labels=_SECTORS,
    ),
    _fact(
        "premises_tenure",
        "choice",
        _t("Régimen del local", "Lokalaren erregimena", "Premises"),
        _t("El régimen del local", "Lokalaren erregimena", "Premises"),
        choices=tuple(_TENURES),
        choice_labels=_TENURES,
    ),
    _fact(
        "activity_code",
        "code",
        _t(
            "Actividad económica (código CNAE)",
            "Jarduera ekonomikoa (EJSN kodea)",
            "Economic activity (CNAE code)",
        ),
        _t("La actividad (CNAE)", "Jarduera (EJSN)", "The activity (CNAE)"),
        code_list=CNAE_2009,
        code_names=names_for(CNAE_2009),
        answer="code",
    ),
    _fact(
        "monthly_rent",
        "decimal",
        _t("Alquiler mensual", "Hileko alokairua", "Monthly rent"),
        _t("El alquiler mensual", "Hileko alokairua", "Monthly rent"),
        min=_ZERO,
        display="money",
    ),
    _fact(
        "surface_m2",
        "decimal",
        _t(
            "Superficie del local (m²)", "Lokalaren azalera (m²)", "Floor area of the premises (m²)"
        ),
        _t("La superficie del local", "Lokalaren azalera", "The floor area of the premises"),
        min=_ZERO,
    ),
    _bool(
        "women_led",
        _t("Liderada por mujeres", "Emakumeek zuzendua", "Led by women"),
        true=_t(
            "La entidad debe estar liderada por mujeres",
            "Erakundea emakumeek zuzendua izan behar da",
            "The organisation must be led by women",
        ),
        false=_t(
            "La entidad no debe estar liderada por mujeres",
            "Erakundea ez da emakumeek zuzendua izan behar",
            "The organisation must not be led by women",
        ),
    ),
    _bool(
        "activity_suspended",
        _t(
            "Actividad suspendida por orden de la autoridad",
            "Agintaritzaren aginduz etendako jarduera",
            "Activity suspended by a public order",
        ),
        true=_t(
            "La actividad debe haber estado suspendida por orden de la autoridad",
            "Jarduera agintaritzaren aginduz etenda egon behar da",
            "Your activity must have been suspended by a public order",
        ),
        false=_t(
            "La actividad no debe haber estado suspendida por orden de la autoridad",
            "Jarduera ez da agintaritzaren aginduz etenda egon behar",
            "Your activity must not have been suspended by a public order",
        ),
    ),
    _bool(
        "tax_obligations_current",
        _t(
            "Al corriente de las obligaciones tributarias",
            "Zerga-betebeharrak egunean",
            "Up to date with tax obligations",
        ),
        true=_t(
            "Debe estar al corriente de sus obligaciones tributarias",
            "Zerga-betebeharrak egunean izan behar dituzu",
            "You must be up to date with your tax obligations",
        ),
        false=_t(
            "No debe estar al corriente de sus obligaciones tributarias",
            "Ez dituzu zerga-betebeharrak egunean izan behar",
            "You must not be up to date with your tax obligations",
        ),
    ),
    _bool(
        "social_security_current",
        _t(
            "Al corriente con la Seguridad Social",
            "Gizarte Segurantzarekiko betebeharrak egunean",
            "Up to date with Social Security",
        ),
        true=_t(
            "Debe estar al corriente de sus obligaciones con la Seguridad Social",
            "Gizarte Segurantzarekiko betebeharrak egunean izan behar dituzu",
            "You must be up to date with Social Security",
        ),
        false=_t(
            "No debe estar al corriente de sus obligaciones con la Seguridad Social",
            "Ez dituzu Gizarte Segurantzarekiko betebeharrak egunean izan behar",
            "You must not be up to date with Social Security",
        ),
    ),
    _bool(
        "debts_with_city",
        _t("Deudas con el Ayuntamiento", "Udalarekiko zorrak", "Debts with the City Council"),
        true=_t(
            "Debe tener deudas con el Ayuntamiento",
            "Udalarekin zorrak izan behar dituzu",
            "You must have debts with the City Council",
        ),
        false=_t(
            "No debe tener deudas con el Ayuntamiento",
            "Ez duzu Udalarekin zorrik izan behar",
            "You must not have debts with the City Council",
        ),
    ),
    _fact(
        "de_minimis_declared",
        "decimal",
        _t(
            "Ayudas de minimis declaradas (ejercicio actual y dos anteriores)",
            "Adierazitako minimis laguntzak (aurtengo ekitaldia eta aurreko biak)",
            "De minimis aid declared (this and the two previous fiscal years)",
        ),
        _t(
            "Las ayudas de minimis declaradas",
            "Adierazitako minimis laguntzak",
            "De minimis aid declared",
        ),
        plural=(True, True),
        min=_ZERO,
        display="money",
    ),
    _fact(
        "de_minimis_total",
        "decimal",
        _t(
            "Total de ayudas de minimis (ejercicio actual y dos anteriores)",
            "Minimis laguntzak guztira (aurtengo ekitaldia eta aurreko biak)",
            "Total de minimis aid (this and the two previous fiscal years)",
        ),
        _t(
            "El total de ayudas de minimis",
            "Minimis laguntzen guztizkoa",
            "Total de minimis aid",
        ),
        derived=True,
        inputs=("de_minimis_declared",),
        answer="derived",
        display="money",
    ),
)

CATALOGUE: Mapping[str, FactSpec] = MappingProxyType({spec.name: spec for spec in _FACTS})

SSE_LEGAL_FORMS: frozenset[str] = frozenset(_SSE_FORMS)

DERIVED_FACTS: frozenset[str] = frozenset(name for name, s in CATALOGUE.items() if s.derived)
