"""How the screener asks for each fact: a question a person would ask, with a hint.

The engine's catalogue labels name facts ("Número de personas empleadas"), which is right for
an explanation or a summary, not for a question. The standard facts get their question and
hint here, in the three languages (like the catalogue, as data rather than message ids, since
they describe the catalogue). Programme questions are already worded as questions by the
policy editor: their own `label` and `help` are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from eligibility.engine import DEFAULT_LANGUAGE, FactSpec

Text = Mapping[str, str]


def _t(es: str, eu: str, en: str) -> dict[str, str]:
    return {"es": es, "eu": eu, "en": en}


_MONEY_HINT = _t(
    "En euros, sin IVA. Por ejemplo: 85.000,50",
    "Eurotan, BEZik gabe. Adibidez: 85.000,50",
    "In euros, without VAT. For example: 85,000.50",
)

# fact -> (question, hint)
QUESTIONS: dict[str, tuple[Text, Text]] = {
    "legal_form": (
        _t(
            "¿Qué forma jurídica tiene su organización?",
            "Zein da zure erakundearen forma juridikoa?",
            "What is your organisation's legal form?",
        ),
        _t(
            "La que consta en el registro: por ejemplo, cooperativa, asociación o persona autónoma.",
            "Erregistroan jasota dagoena: adibidez, kooperatiba, elkartea edo langile autonomoa.",
            "As registered: for example a cooperative, an association or a sole trader.",
        ),
    ),
    "employees": (
        _t(
            "¿Cuántas personas emplea su organización?",
            "Zenbat langile ditu zure erakundeak?",
            "How many people does your organisation employ?",
        ),
        _t(
            "Cuente a todas las personas en plantilla, a jornada completa o parcial, incluidas "
            "las personas socias trabajadoras. Escriba 0 si no hay ninguna.",
            "Zenbatu plantillako pertsona guztiak, lanaldi osoan zein partzialean, bazkide "
            "langileak barne. Idatzi 0 inor ez badago.",
            "Count everyone on the payroll, full or part time, including worker-members. "
            "Enter 0 if there is nobody.",
        ),
    ),
    "founded_on": (
        _t(
            "¿Cuándo se constituyó su organización?",
            "Noiz sortu zen zure erakundea?",
            "When was your organisation set up?",
        ),
        _t(
            "La fecha de la escritura de constitución o la de su alta como persona autónoma.",
            "Eratze-eskrituraren data, edo langile autonomo gisa alta eman zenuen data.",
            "The date of the deed of incorporation, or the date you registered as self-employed.",
        ),
    ),
    "turnover_current": (
        _t(
            "¿Cuánto facturó su organización en el último ejercicio cerrado?",
            "Zenbat fakturatu zuen zure erakundeak itxitako azken ekitaldian?",
            "What was your organisation's turnover in its last closed financial year?",
        ),
        _MONEY_HINT,
    ),
    "turnover_previous": (
        _t(
            "¿Cuánto facturó su organización en el ejercicio anterior a ese?",
            "Zenbat fakturatu zuen zure erakundeak horren aurreko ekitaldian?",
            "What was your organisation's turnover in the financial year before that?",
        ),
        _t(
            "En euros, sin IVA. Escriba 0 si aún no tenía actividad.",
            "Eurotan, BEZik gabe. Idatzi 0 oraindik jarduerarik ez bazenuen.",
            "In euros, without VAT. Enter 0 if you were not trading yet.",
        ),
    ),
    "district": (
        _t(
            "¿En qué distrito está su local?",
            "Zein barrutitan dago zure lokala?",
            "Which district are your premises in?",
        ),
        _t(
            "Si no tiene local, elija el distrito de su domicilio social. Elija «fuera de la "
            "ciudad» si está en otro municipio.",
            "Lokalik ez baduzu, aukeratu zure egoitza sozialaren barrutia. Aukeratu «hiritik "
            "kanpo» beste udalerri batean badago.",
            "If you have no premises, choose the district of your registered address. Choose "
            "“outside the city” if it is in another town.",
        ),
    ),
    "sector": (
        _t(
            "¿Cuál es la actividad principal de su organización?",
            "Zein da zure erakundearen jarduera nagusia?",
            "What is your organisation's main activity?",
        ),
        _t(
            "Elija el sector del que obtiene la mayor parte de sus ingresos.",
            "Aukeratu diru-sarrera gehienak ematen dizkizun sektorea.",
            "Choose the sector that brings in most of your income.",
        ),
    ),
    "premises_tenure": (
        _t(
            "¿Su local es de alquiler o en propiedad?",
            "Zure lokala alokairuan ala jabetzan duzu?",
            "Do you rent or own your business premises?",
        ),
        _t(
            "El lugar donde desarrolla su actividad.",
            "Zure jarduera egiten duzun lekua.",
            "The place where you carry out your activity.",
        ),
    ),
    "monthly_rent": (
        _t(
            "¿Cuánto paga al mes de alquiler por su local?",
            "Zenbat ordaintzen duzu hilean lokalaren alokairua?",
            "How much rent do you pay each month for your premises?",
        ),
        _t(
            "En euros, sin IVA. Por ejemplo: 1.200,00",
            "Eurotan, BEZik gabe. Adibidez: 1.200,00",
            "In euros, without VAT. For example: 1,200.00",
        ),
    ),
    "women_led": (
        _t(
            "¿Está su organización liderada por mujeres?",
            "Emakumeek zuzentzen al dute zure erakundea?",
            "Is your organisation led by women?",
        ),
        _t(
            "Las mujeres ocupan la mayoría de los puestos de dirección o tienen la mayoría de "
            "la propiedad.",
            "Zuzendaritza-postu gehienak edo jabetzaren gehiengoa emakumeen esku daude.",
            "Women hold most of the management positions, or own most of the organisation.",
        ),
    ),
    "activity_suspended": (
        _t(
            "¿Tuvo que suspender su actividad por orden de la autoridad?",
            "Agintaritzaren aginduz eten behar izan al zenuen zure jarduera?",
            "Did a public authority order you to suspend your activity?",
        ),
        _t(
            "Por ejemplo, un cierre ordenado por las autoridades sanitarias durante el periodo "
            "de la ayuda.",
            "Adibidez, osasun-agintariek agindutako itxiera bat, laguntzaren aldian.",
            "For example, a closure ordered by the health authorities during the period of the "
            "aid.",
        ),
    ),
    "tax_obligations_current": (
        _t(
            "¿Está su organización al corriente de sus obligaciones tributarias?",
            "Zure erakundeak egunean al ditu zerga-betebeharrak?",
            "Is your organisation up to date with its tax obligations?",
        ),
        _t(
            "Ha presentado sus declaraciones y ha pagado a Hacienda lo que le corresponde.",
            "Zerga-aitorpenak aurkeztu eta Ogasunari dagokiona ordaindu diozu.",
            "You have filed your tax returns and paid the tax office (Hacienda) what is due.",
        ),
    ),
    "social_security_current": (
        _t(
            "¿Está su organización al corriente de sus pagos a la Seguridad Social?",
            "Zure erakundeak egunean al ditu Gizarte Segurantzarekiko ordainketak?",
            "Is your organisation up to date with its Social Security payments?",
        ),
        _t(
            "Están pagadas las cotizaciones de su plantilla y, si es autónomo, las suyas.",
            "Langileen kotizazioak ordainduta daude, baita zureak ere, autonomoa bazara.",
            "The contributions for your staff, and your own if you are self-employed, are paid.",
        ),
    ),
    "debts_with_city": (
        _t(
            "¿Tiene su organización deudas pendientes con el Ayuntamiento?",
            "Zure erakundeak ba al du zorrik Udalarekin?",
            "Does your organisation owe the City Council any money?",
        ),
        _t(
            "Por ejemplo, impuestos, tasas o multas municipales sin pagar después de su fecha "
            "de vencimiento.",
            "Adibidez, epemuga igaro ondoren ordaindu gabe dauden udal-zerga, -tasa edo -isunak.",
            "For example, local taxes, fees or fines still unpaid after their due date.",
        ),
    ),
    "activity_code": (
        _t(
            "¿Cuál es el código CNAE de su actividad principal?",
            "Zein da zure jarduera nagusiaren EJSN kodea?",
            "What is the CNAE code of your main activity?",
        ),
        _t(
            "El código CNAE-2009 que consta en su alta de actividad, de 2 a 4 cifras sin "
            "puntos: por ejemplo, 5610 para restaurantes.",
            "Jarduera-altan jasota dagoen EJSN-2009 kodea, 2 eta 4 zifra artean, punturik "
            "gabe: adibidez, 5610 jatetxeentzat.",
            "The CNAE-2009 code of your registered activity, 2 to 4 digits without dots: for "
            "example 5610 for restaurants.",
        ),
    ),
    "de_minimis_declared": (
        _t(
            "¿Cuánto ha recibido su organización en ayudas de minimis este ejercicio y los dos "
            "anteriores?",
            "Zenbat minimis laguntza jaso ditu zure erakundeak aurtengo ekitaldian eta aurreko "
            "bietan?",
            "How much de minimis aid has your organisation received this financial year and "
            "the two before?",
        ),
        _t(
            "Ayudas públicas concedidas con el régimen de minimis de la UE, de cualquier "
            "administración: lo indica la resolución de concesión. En euros. Escriba 0 si no ha "
            "recibido ninguna.",
            "EBko minimis araubidearen arabera edozein administraziok emandako laguntza "
            "publikoak: emate-ebazpenean adierazten da. Eurotan. Idatzi 0 bat ere jaso ez "
            "baduzu.",
            "Public aid granted under the EU de minimis rules by any administration: the award "
            "letter says so. In euros. Enter 0 if you have received none.",
        ),
    ),
}


def translated(text: Mapping[str, str], lang: str) -> str:
    """A translated text in `lang`, else in Spanish, the city's default."""
    return text.get(lang) or text.get(DEFAULT_LANGUAGE) or ""


def question_text(spec: FactSpec, lang: str) -> str:
    """The question asking for a fact, in `lang`."""
    wording = QUESTIONS.get(spec.name) if spec.standard else None
    return translated(wording[0] if wording else spec.label, lang)


def question_help(spec: FactSpec, lang: str) -> str:
    wording = QUESTIONS.get(spec.name) if spec.standard else None
    if wording:
        return translated(wording[1], lang)
    return translated(spec.help, lang) if spec.help else ""


def short_label(spec: FactSpec, lang: str) -> str:
    """The fact's name for a summary of answers: the catalogue label, or the question."""
    return translated(spec.label, lang)


def choice_label(spec: FactSpec, value: Any, lang: str) -> str:
    """A choice as the person reads it, with a capital first letter ("Cooperativa").

    A programme question's choice given as a bare string (format v1) has no labels: its
    value is shown, with spaces for underscores and hyphens ("online_shop": "Online shop").
    """
    labels = spec.choice_labels.get(value)
    text = translated(labels, lang) if labels else str(value).replace("_", " ").replace("-", " ")
    return text[:1].upper() + text[1:]


def question_payload(spec: FactSpec, lang: str) -> dict[str, Any]:
    """The API's `next_question`: the fact, its type, the question, the hint and the choices.

    Call with `lang` active (bool choices are labelled through gettext).
    """
    payload: dict[str, Any] = {
        "fact": spec.name,
        "type": spec.type,
        "label": question_text(spec, lang),
        "help": question_help(spec, lang),
    }
    if spec.type == "choice":
        payload["choices"] = [
            {"value": value, "label": choice_label(spec, value, lang)} for value in spec.choices
        ]
    elif spec.type == "code":
        payload["code_list"] = spec.code_list
    elif spec.type == "bool":
        payload["choices"] = [
            {"value": True, "label": gettext("Yes")},
            {"value": False, "label": gettext("No")},
        ]
    if spec.type in ("int", "decimal"):
        for bound in ("min", "max"):
            limit = getattr(spec, bound)
            if limit is not None:
                payload[bound] = limit if isinstance(limit, int) else format(limit, "f")
    return payload
