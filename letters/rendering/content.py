"""What a letter says, in the applicant's language: built from the application as decided, the
city's settings and the programme's letter template. The layout (`layout.py`) only places it.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop, ngettext

from applications.constants import InformationRequestKind, RejectionReason
from applications.models import Appeal, Application, InformationRequest, RegistryEntry
from cms.constants import Benefit
from cms.site_address import site_url
from eligibility import service as eligibility_service
from letters.models import LetterKind
from onestop.i18n import format_date, format_money, site_language, text_in_language


@dataclass(frozen=True)
class Letterhead:
    authority: str
    city: str
    address_lines: tuple[str, ...] = ()
    # The logo's image file, read once per process by the layout.
    logo_path: str = ""
    signatory_name: str = ""
    signatory_position: str = ""
    # "in the city" in the letter's language: Basque declines it ("Bilbon"); empty, the city.
    city_inessive: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class LetterContent:
    language: str
    letterhead: Letterhead
    title: str
    reference: str
    date: str
    place_and_date: str
    recipient: tuple[str, ...]
    subject: str
    opening: str
    summary: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    closing: str
    verification_code: str
    verification_url: str
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LetterFacts:
    """The identity of the letter being written: known before its PDF exists."""

    kind: str
    code: str
    issued_on: dt.date
    version: int = 1
    information_request: InformationRequest | None = None
    registry_entry: RegistryEntry | None = None
    appeal: Appeal | None = None


def letter_language(application: Application) -> str:
    return site_language(application.language)


def verification_url(code: str) -> str:
    return site_url(reverse("verify_short", args=[code]))


def programme_title(application: Application, language: str) -> str:
    definition = application.programme_definition or {}
    return text_in_language(definition.get("title"), language) or application.programme_slug


def awarded_amount(application: Application) -> Decimal | None:
    amount = application.awarded_amount
    if amount is None:
        amount = application.computed_amount
    return None if amount is None else Decimal(amount)


def awarded_text(application: Application, language: str) -> str:
    """What is granted, with its unit: "1.250,00 €", "50 %", "20 hours", "100 vouchers"."""
    amount = awarded_amount(application)
    if amount is None:
        return ""
    unit = (application.programme_definition or {}).get("unit", "EUR")
    return format_money(amount, unit, language)


def benefit_label(benefit: str) -> str:
    labels = dict(Benefit.choices)
    return str(labels[benefit]) if benefit in labels else gettext("Support")


def unmet_requirements(application: Application, language: str) -> list[str]:
    """The frozen evaluation's requirements that were not met, in the applicant's words."""
    reasons = (application.evaluation or {}).get("reasons") or []
    if isinstance(reasons, dict):
        reasons = reasons.get(language) or reasons.get("es") or []
    # A requirement still waiting for an answer was not failed: a letter must not say it was.
    # Format v2 reasons carry the article of the bases they apply: the letter cites it.
    return [
        f"{reason['text']} ({reason['source']})" if reason.get("source") else str(reason["text"])
        for reason in reasons
        if reason.get("met") is False and not reason.get("unknown")
    ]


def amount_basis(application: Application, language: str) -> tuple[str, ...]:
    """For an award under a v2 programme: the articles the amount was set under (frozen with
    the evaluation) and the programme's key figures with their sources."""
    paragraphs: list[str] = []
    sources = (application.evaluation or {}).get("amount_sources") or {}
    if isinstance(sources, dict):
        sources = sources.get(language) or sources.get("es") or []
    if sources:
        paragraphs.append(
            gettext("The amount is set under %(sources)s.") % {"sources": "; ".join(sources)}
        )
    definition = application.programme_definition or {}
    if definition.get("parameters"):
        for parameter in eligibility_service.programme_parameters(definition, language):
            line = f"{parameter['label']}: {parameter['value']}"
            if parameter["source"]:
                line += f" ({parameter['source']})"
            paragraphs.append(line + ".")
    return tuple(paragraphs)


def publication_paragraphs(application: Application, language: str) -> tuple[str, ...]:
    """Where the programme's call was published, when its definition says so: the optional
    "publication", a text per language ({"es": "BOB n.º 123, de 1 de julio de 2026", ...})
    or one text for all."""
    publication = (application.programme_definition or {}).get("publication")
    if isinstance(publication, dict):
        text = text_in_language(publication, language)
    else:
        text = publication if isinstance(publication, str) else ""
    text = text.strip().rstrip(".")
    if not text:
        return ()
    return (
        gettext("The call for this programme was published in %(publication)s.")
        % {"publication": text},
    )


def de_minimis_notice(application: Application, amount: str, language: str) -> tuple[str, ...]:
    """On a de minimis programme the award states so, as the regulation requires: the
    regulation, the gross amount of the aid as de minimis aid and the three-year ceiling."""
    if not (application.programme_definition or {}).get("de_minimis") or not amount:
        return ()
    ceiling = Decimal(str(getattr(settings, "ONESTOP_DE_MINIMIS_CEILING", "300000")))
    return (
        gettext(
            "This support is granted as de minimis aid under Commission Regulation (EU) "
            "2023/2831 of 13 December 2023 on the application of Articles 107 and 108 of the "
            "Treaty on the Functioning of the European Union to de minimis aid (OJ L, "
            "2023/2831, 15.12.2023). Its gross amount as de minimis aid is %(amount)s."
        )
        % {"amount": amount},
        gettext(
            "The de minimis aid granted to a single undertaking may not exceed %(ceiling)s over "
            "any period of three years. Keep this letter and declare this aid when you apply "
            "for other de minimis aid during that period."
        )
        % {"ceiling": format_money(ceiling, "EUR", language)},
    )


def obligation_paragraphs(application: Application) -> tuple[str, ...]:
    if not application.pk or not application.obligations.exists():
        return ()
    return (
        gettext(
            "By accepting this aid the beneficiary undertakes to meet the following "
            "obligations. Not meeting them may lead to the revocation of the aid and the "
            "repayment of what was paid, with interest."
        ),
    )


def obligation_bullets(application: Application, language: str) -> tuple[str, ...]:
    """Each obligation stored with the award: what, by when, with which documents, and the
    article of the bases it comes from."""
    if not application.pk:
        return ()
    bullets = []
    for obligation in application.obligations.all():
        text = gettext("%(obligation)s, by %(date)s") % {
            "obligation": text_in_language(obligation.label, language),
            "date": format_date(obligation.due_on, language),
        }
        documents = [text_in_language(item.get("label"), language) for item in obligation.documents]
        if documents:
            text += ". " + gettext("Proven with: %(documents)s") % {
                "documents": "; ".join(documents)
            }
        if obligation.source:
            text += f" ({text_in_language(obligation.source, language)})"
        bullets.append(text)
    return tuple(bullets)


def rejection_reason_texts(application: Application) -> list[str]:
    labels = dict(RejectionReason.choices)
    return [str(labels.get(code, code)) for code in application.rejection_reasons or []]


def organisation_lines(application: Application) -> tuple[str, ...]:
    organisation = application.organisation
    lines = [
        organisation.legal_name,
        gettext("Tax id: %(tax_id)s") % {"tax_id": organisation.tax_id},
    ]
    if organisation.street:
        lines.append(organisation.street)
    place = " ".join(part for part in (organisation.postcode, organisation.city) if part)
    if place:
        lines.append(place)
    return tuple(lines)


# Spanish names a body with its article in running text: "aprobadas por el Ayuntamiento".
_FEMININE_ENDINGS = ("a", "ción", "sión", "dad", "tud")
_ARTICLES = ("el ", "la ", "los ", "las ")


def authority_in_text(authority: str, language: str) -> str:
    """The authority as a sentence names it: in Spanish with its article ("el Ayuntamiento
    de Bilbao", "la Diputación Foral"); Basque and English take the name as it is."""
    if language != "es" or not authority or authority.lower().startswith(_ARTICLES):
        return authority
    first = authority.split()[0].lower()
    article = "la" if first.endswith(_FEMININE_ENDINGS) else "el"
    return f"{article} {authority}"


class _Placeholders(dict):
    # Templates are validated on save; an older template with a stray name prints it as is.
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def template_text(template, name: str, language: str, values: dict[str, str]) -> str:
    if template is None:
        return ""
    return template.text(name, language).format_map(_Placeholders(values))


def letter_content_build(
    *,
    application: Application,
    facts: LetterFacts,
    letterhead: Letterhead,
    template,
) -> LetterContent:
    """The letter for `application` in its applicant's language."""
    language = letter_language(application)
    with translation.override(language):
        return _content(application, facts, letterhead, template, language)


def _content(application, facts, letterhead, template, language) -> LetterContent:
    organisation = application.organisation
    programme = programme_title(application, language)
    date = format_date(facts.issued_on, language)
    amount = awarded_text(application, language)
    values = {
        "reference": application.reference or "",
        "amount": amount,
        "organisation": organisation.legal_name,
        "tax_id": organisation.tax_id,
        "programme": programme,
        "date": date,
        "city": letterhead.city,
        "city_in": letterhead.city_inessive or letterhead.city,
        "authority": authority_in_text(letterhead.authority, language),
    }
    conditions = template_text(template, "conditions", language, values)
    legal_basis = template_text(template, "legal_basis", language, values)
    appeal = template_text(template, "appeal", language, values)
    publication = publication_paragraphs(application, language)
    submitted = (
        format_date(application.submitted_at.date(), language) if application.submitted_at else ""
    )

    if facts.kind == LetterKind.AWARD:
        title = gettext("Award decision")
        opening = gettext(
            "Having examined application %(reference)s, submitted by %(organisation)s on "
            "%(submitted)s under the programme “%(programme)s”, and in view of the eligibility "
            "assessment and the report of the case officer, %(authority)s resolves to award "
            "the following support:"
        )
        benefit = (application.programme_definition or {}).get("benefit", "")
        summary = (
            (gettext("Programme"), programme),
            (gettext("Beneficiary"), f"{organisation.legal_name} ({organisation.tax_id})"),
            (gettext("Type of support"), benefit_label(benefit)),
            (gettext("Amount awarded"), amount),
        )
        sections = [
            Section(gettext("Conditions"), _paragraphs(conditions)),
            Section(
                gettext("Obligations of the beneficiary"),
                obligation_paragraphs(application),
                obligation_bullets(application, language),
            ),
            Section(gettext("De minimis aid"), de_minimis_notice(application, amount, language)),
            Section(
                gettext("Legal basis"),
                _paragraphs(legal_basis) + publication + amount_basis(application, language),
            ),
            Section(gettext("How to appeal"), _paragraphs(appeal)),
        ]
        closing = gettext(
            "The award will be paid or applied as the programme's rules provide. Keep this "
            "letter: it is the record of the decision."
        )
    elif facts.kind == LetterKind.REJECTION:
        title = gettext("Rejection decision")
        opening = gettext(
            "Having examined application %(reference)s, submitted by %(organisation)s on "
            "%(submitted)s under the programme “%(programme)s”, %(authority)s resolves to "
            "reject it for the reasons set out below."
        )
        reasons = rejection_reason_texts(application) + unmet_requirements(application, language)
        note = application.decision_note.strip()
        summary = (
            (gettext("Programme"), programme),
            (gettext("Applicant"), f"{organisation.legal_name} ({organisation.tax_id})"),
            (gettext("Decision"), gettext("Rejected")),
        )
        sections = [
            Section(
                gettext("Reasons for the decision"),
                _paragraphs(note),
                tuple(reasons) if reasons else (),
            ),
            Section(gettext("Conditions"), _paragraphs(conditions)),
            Section(gettext("Legal basis"), _paragraphs(legal_basis) + publication),
            Section(gettext("How to appeal"), _paragraphs(appeal)),
        ]
        closing = gettext(
            "You may apply again to this or other programmes of the desk when you meet their "
            "requirements."
        )
    elif facts.kind == LetterKind.REVOCATION:
        title, opening, summary, sections, closing = _revocation_parts(
            application, programme=programme, amount=amount, values=values, language=language
        )
    elif facts.kind == LetterKind.RECEIPT:
        title, opening, summary, sections, closing = _receipt_parts(
            application, facts.registry_entry, programme=programme, language=language
        )
    elif facts.kind == LetterKind.WITHDRAWAL:
        title, opening, summary, sections, closing = _withdrawal_parts(
            application, programme=programme, values=values, language=language
        )
    elif facts.kind == LetterKind.APPEAL_RESOLUTION:
        title, opening, summary, sections, closing = _appeal_resolution_parts(
            application, facts.appeal, programme=programme, amount=amount, language=language
        )
    else:
        request = facts.information_request
        title = gettext("Request for information")
        opening = gettext(
            "To continue processing application %(reference)s, submitted by %(organisation)s "
            "on %(submitted)s under the programme “%(programme)s”, %(authority)s needs the "
            "information described below."
        )
        due = format_date(request.due_on, language) if request else ""
        summary = (
            (gettext("Programme"), programme),
            (gettext("Applicant"), f"{organisation.legal_name} ({organisation.tax_id})"),
            (gettext("Answer by"), due),
        )
        correction = request is not None and request.kind == InformationRequestKind.CORRECTION
        sections = [
            Section(gettext("What we need"), _paragraphs(request.message if request else "")),
            Section(
                gettext("If the application is not corrected in time"),
                (
                    gettext(
                        "If you do not correct your application by %(due)s, you will be "
                        "considered to have withdrawn it, and it will be closed by a decision "
                        "stating so (Ley 39/2015, art. 68.1)."
                    )
                    % {"due": due},
                )
                if correction
                else (),
            ),
            Section(
                gettext("How to answer"),
                (
                    gettext(
                        "Sign in at %(site)s, open the application under “My applications” "
                        "and send your answer and any documents by %(due)s."
                    )
                    % {"site": site_url(), "due": due},
                ),
            ),
            Section(gettext("Conditions"), _paragraphs(conditions)),
            Section(gettext("Legal basis"), _paragraphs(legal_basis)),
        ]
        closing = gettext("The time allowed for a decision is paused until you answer.")

    opening = opening % {
        "reference": application.reference or "",
        "organisation": organisation.legal_name,
        "submitted": submitted,
        "programme": programme,
        "authority": values["authority"],
    }
    # The authority may open the sentence ("el Ayuntamiento… resuelve revocar").
    opening = opening[:1].upper() + opening[1:]
    return LetterContent(
        language=language,
        letterhead=letterhead,
        title=title,
        reference=application.reference or "",
        date=date,
        place_and_date=f"{letterhead.city}, {date}" if letterhead.city else date,
        recipient=organisation_lines(application),
        subject=gettext("Subject: %(programme)s — application %(reference)s")
        % {"programme": programme, "reference": application.reference or ""},
        opening=opening,
        summary=tuple(row for row in summary if row[1]),
        sections=tuple(s for s in sections if s.paragraphs or s.bullets),
        closing=closing,
        verification_code=facts.code,
        verification_url=verification_url(facts.code),
        labels={
            "reference": gettext("Reference"),
            "date": gettext("Date"),
            "version": gettext("Version %(version)s") % {"version": facts.version}
            if facts.version > 1
            else "",
            "page": gettext("Page %(page)s of %(pages)s"),
            "verify_heading": gettext("Check this letter"),
            "verify_text": gettext(
                "Anyone can check that this letter is authentic: scan the code or go to the "
                "address below and compare the PDF with the one the city issued."
            ),
            "verify_code": gettext("Verification code"),
            # The footer names it as the administrations' electronic offices do.
            "footer_code": gettext("Secure verification code (CSV)"),
            "verify_footer": gettext("Check this letter with its code at %(url)s")
            % {"url": verification_url(facts.code)},
            "qr_alt": gettext("QR code to check this letter at %(url)s")
            % {"url": verification_url(facts.code)},
            "signature_note": gettext("Issued by the city's one-stop support desk."),
            "recipient": gettext("To"),
        },
    )


def _revocation_parts(application: Application, *, programme, amount, values, language):
    """Title, opening, summary, sections and closing of a revocation letter. Its appeal
    notice is the rejection letter's: both take back or refuse support."""
    from applications.constants import RevocationReason
    from letters.selectors import letter_template_for

    organisation = application.organisation
    rejection_template = letter_template_for(application.programme_slug, LetterKind.REJECTION)
    appeal = template_text(rejection_template, "appeal", language, values)
    reason = str(
        dict(RevocationReason.choices).get(
            application.revocation_reason, application.revocation_reason
        )
    )
    title = gettext("Revocation decision")
    opening = gettext(
        "%(authority)s resolves to revoke the support awarded on application %(reference)s, "
        "submitted by %(organisation)s on %(submitted)s under the programme “%(programme)s”, "
        "for the reason set out below."
    )
    summary = (
        (gettext("Programme"), programme),
        (gettext("Beneficiary"), f"{organisation.legal_name} ({organisation.tax_id})"),
        (gettext("Amount revoked"), amount),
        (gettext("Decision"), gettext("Revoked")),
    )
    sections = [
        Section(
            gettext("Reason for the revocation"),
            (reason,) + _paragraphs(application.decision_note.strip()),
        ),
        Section(gettext("How to appeal"), _paragraphs(appeal)),
    ]
    closing = gettext(
        "The award letter issued before is no longer valid. Keep this letter: it is the record "
        "of the decision."
    )
    return title, opening, summary, sections, closing


def _moment_text(moment, language: str) -> str:
    """A date and time to the second in the city's time: "3 de diciembre de 2026, 14:05:07"."""
    local = timezone.localtime(moment)
    return f"{format_date(local.date(), language)}, {local:%H:%M:%S}"


def _receipt_parts(application: Application, entry, *, programme, language):
    """The justificante of a registry entry (Ley 39/2015, art. 16.3): its number, the date
    and time of the filing to the second, when it counts from, what was filed and a SHA-256
    of each document."""
    organisation = application.organisation
    title = gettext("Registry receipt")
    opening = gettext(
        "%(authority)s certifies that the filing described below has been entered in its "
        "electronic registry."
    )
    filed_by = entry.filed_by
    summary = [
        (gettext("Registry number"), entry.number),
        (gettext("Filed on"), _moment_text(entry.filed_at, language)),
    ]
    if entry.counts_from != entry.filed_at:
        summary.append(
            (gettext("Counts for deadlines from"), _moment_text(entry.counts_from, language))
        )
    summary += [
        (gettext("What was filed"), entry.get_kind_display()),
        (gettext("Application"), application.reference or ""),
        (gettext("Programme"), programme),
        (gettext("Applicant"), f"{organisation.legal_name} ({organisation.tax_id})"),
        (gettext("Filed by"), filed_by.email if filed_by is not None else ""),
    ]
    content = entry.content or {}
    filed: tuple[str, ...] = ()
    if "answers" in content:
        filed = (
            ngettext(
                "The application's answer, kept as it was filed.",
                "The application's %(count)s answers, kept as they were filed.",
                len(content["answers"]),
            )
            % {"count": len(content["answers"])},
        )
    elif content.get("answer"):
        filed = _paragraphs(content["answer"])
    elif content.get("text"):
        filed = _paragraphs(content["text"])
    elif content.get("reason"):
        filed = _paragraphs(content["reason"])
    documents = tuple(
        gettext("%(name)s (%(size)s bytes), SHA-256 %(sha256)s")
        % {"name": row["name"], "size": row["size"], "sha256": row["sha256"]}
        for row in entry.documents or ()
    )
    sections = [
        Section(gettext("Content"), filed),
        Section(
            gettext("Documents"),
            () if documents else (gettext("No document was attached."),),
            documents,
        ),
    ]
    if entry.counts_from != entry.filed_at:
        sections.append(
            Section(
                gettext("Filing on a non-working day"),
                (
                    gettext(
                        "Filed on a non-working day, it counts for deadlines from the first "
                        "hour of the next working day (Ley 39/2015, art. 31.2)."
                    ),
                ),
            )
        )
    closing = gettext(
        "Keep this receipt: it proves the date and time of your filing (Ley 39/2015, art. 16.3)."
    )
    return title, opening, tuple(summary), sections, closing


def _withdrawal_parts(application: Application, *, programme, values, language):
    """Title, opening, summary, sections and closing of the decision that closes an
    application whose request to correct lapsed (*desistimiento*, Ley 39/2015 art. 68.1).
    Its appeal notice is the rejection letter's: both end the application without support."""
    from letters.selectors import letter_template_for

    organisation = application.organisation
    rejection_template = letter_template_for(application.programme_slug, LetterKind.REJECTION)
    appeal = template_text(rejection_template, "appeal", language, values)
    request = (
        application.information_requests.filter(lapsed_at__isnull=False)
        .order_by("-requested_at", "-pk")
        .first()
    )
    requested = format_date(timezone.localdate(request.requested_at), language) if request else ""
    due = format_date(request.due_on, language) if request else ""
    title = gettext("Decision: application closed as withdrawn")
    # The dates go in now; the placeholders every opening shares are filled in by the caller.
    shared = {
        key: f"%({key})s"
        for key in ("reference", "organisation", "submitted", "programme", "authority")
    }
    opening = gettext(
        "On %(requested)s the applicant was asked to correct application %(reference)s, "
        "submitted by %(organisation)s on %(submitted)s under the programme “%(programme)s”, "
        "by %(due)s. No correction having been received in that time, %(authority)s declares "
        "that the applicant has withdrawn the application and closes it."
    ) % {**shared, "requested": requested, "due": due}
    summary = (
        (gettext("Programme"), programme),
        (gettext("Applicant"), f"{organisation.legal_name} ({organisation.tax_id})"),
        (gettext("Correction asked by"), due),
        (gettext("Decision"), gettext("Closed as withdrawn")),
    )
    sections = [
        Section(gettext("What was asked"), _paragraphs(request.message if request else "")),
        Section(
            gettext("Legal basis"),
            (
                gettext(
                    "Ley 39/2015, of 1 October, on the common administrative procedure, "
                    "articles 21.1 and 68.1."
                ),
            ),
        ),
        Section(gettext("How to appeal"), _paragraphs(appeal)),
    ]
    closing = gettext(
        "You may apply again to this or other programmes of the desk while their application "
        "windows are open."
    )
    return title, opening, summary, sections, closing


_DECISION_NAMES = {
    "award": gettext_noop("the award decision"),
    "rejection": gettext_noop("the rejection decision"),
    "revocation": gettext_noop("the revocation decision"),
    "withdrawal": gettext_noop("the decision closing the application as withdrawn"),
}


def _appeal_resolution_parts(application: Application, appeal, *, programme, amount, language):
    """The resolution of a recurso de reposición (Ley 39/2015, arts. 123-124): upheld (the
    decision is set aside or corrected, and a new decision letter states it) or dismissed
    (the decision stands); the reasons; and the road left, the courts."""
    from applications.models import AppealStatus

    organisation = application.organisation
    upheld = appeal.status == AppealStatus.UPHELD
    entry = appeal.registry_entry
    title = gettext("Resolution of the appeal for reconsideration")
    decision = gettext(_DECISION_NAMES.get(appeal.decision_kind, "the decision"))
    shared = {
        key: f"%({key})s"
        for key in ("reference", "organisation", "submitted", "programme", "authority")
    }
    facts = {
        **shared,
        "lodged": format_date(timezone.localdate(appeal.lodged_at), language),
        "number": entry.number if entry is not None else "",
        "decision": decision,
    }
    if upheld:
        opening = (
            gettext(
                "Having examined the appeal for reconsideration lodged on %(lodged)s (registry "
                "entry %(number)s) against %(decision)s on application %(reference)s, submitted "
                "by %(organisation)s on %(submitted)s under the programme “%(programme)s”, "
                "%(authority)s resolves to uphold it."
            )
            % facts
        )
    else:
        opening = (
            gettext(
                "Having examined the appeal for reconsideration lodged on %(lodged)s (registry "
                "entry %(number)s) against %(decision)s on application %(reference)s, submitted "
                "by %(organisation)s on %(submitted)s under the programme “%(programme)s”, "
                "%(authority)s resolves to dismiss it."
            )
            % facts
        )
    summary = [
        (gettext("Programme"), programme),
        (gettext("Appellant"), f"{organisation.legal_name} ({organisation.tax_id})"),
        (gettext("Registry number"), entry.number if entry is not None else ""),
        (gettext("Resolution"), gettext("Upheld") if upheld else gettext("Dismissed")),
    ]
    if upheld and appeal.corrected_amount is not None:
        summary.append((gettext("Amount awarded"), amount))
    if upheld:
        effect = (
            gettext(
                "The decision appealed against is set aside and the application is examined "
                "again; you will be notified of the new decision."
            )
            if appeal.corrected_amount is None
            else gettext(
                "The decision appealed against is corrected: the new decision letter, issued "
                "with this resolution, replaces the earlier one."
            )
        )
    else:
        effect = gettext("The decision appealed against stands.")
    sections = [
        Section(gettext("What the appeal asked"), _paragraphs(appeal.text)),
        Section(gettext("Reasons for the resolution"), _paragraphs(appeal.resolution)),
        Section(gettext("Effect"), (effect,)),
        Section(
            gettext("Legal basis"),
            (
                gettext(
                    "Ley 39/2015, of 1 October, on the common administrative procedure, "
                    "articles 112, 119, 123 and 124."
                ),
            ),
        ),
        Section(
            gettext("How to appeal"),
            (
                gettext(
                    "This resolution ends the administrative procedure and cannot be appealed "
                    "for reconsideration again. You may bring an action before the "
                    "contentious-administrative courts within two months from the day after "
                    "its notification (Ley 29/1998, article 46)."
                ),
            ),
        ),
    ]
    closing = gettext("Keep this letter: it is the record of the resolution of your appeal.")
    return title, opening, tuple(summary), sections, closing


def _paragraphs(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs in templates and notes."""
    return tuple(part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip())
