"""The demo desk: realistic programmes, a few standard pages, city settings and one user
per role with a known password. Every function here is idempotent."""

import base64
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Site

from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS
from cms.models import CitySettings, CodeScheme, HomePage, StandardPage
from cms.roles import POLICY_APPROVERS, POLICY_EDITORS
from cms.services.activity_codes import activity_codes_import, code_file_read
from cms.services.programme_definitions import ImportOutcome, definitions_import
from cms.services.site_structure import site_languages, site_structure_ensure

DEMO_DIR = Path(__file__).resolve().parent / "data"
DEMO_PROGRAMMES_DIR = DEMO_DIR / "programmes"
DEMO_ACTIVITY_CODES = DEMO_DIR / "activity_codes.csv"


@dataclass(frozen=True)
class DemoUser:
    role: str
    username: str
    password: str
    groups: tuple[str, ...] = ()
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@demo.onestop.example"

    @property
    def is_staff_role(self) -> bool:
        return bool(self.groups) or self.is_superuser

    @property
    def totp_secret(self) -> str:
        """Staff must use a second factor: each demo member of staff has an authenticator app
        whose secret is published here, like their password."""
        digest = hashlib.sha256(f"onestop demo second factor {self.username}".encode()).digest()
        return base64.b32encode(digest[:20]).decode()


DEMO_USERS = (
    DemoUser("applicant", "applicant", "demo-applicant-2026"),
    DemoUser("caseworker", "caseworker", "demo-caseworker-2026", (CASEWORKERS,)),
    DemoUser("senior caseworker", "senior", "demo-senior-2026", (CASEWORKERS, SENIOR_CASEWORKERS)),
    DemoUser("policy editor", "editor", "demo-editor-2026", (POLICY_EDITORS,)),
    DemoUser("policy approver", "approver", "demo-approver-2026", (POLICY_APPROVERS,)),
    DemoUser("admin", "admin", "demo-admin-2026", is_superuser=True),
)


@transaction.atomic
def demo_load() -> list[ImportOutcome]:
    home = site_structure_ensure()
    _city_settings_ensure(home)
    _standard_pages_ensure(home)
    # Before the programmes: rules naming activity codes are checked against the list.
    demo_activity_codes_ensure()
    outcomes = definitions_import([DEMO_PROGRAMMES_DIR], publish=True)
    demo_users_ensure()
    return outcomes


def demo_activity_codes_ensure() -> None:
    """The CNAE-2009 divisions, groups and classes the demo programmes and organisations use,
    named in Spanish (the INE's titles), Basque and English."""
    parsed = code_file_read(DEMO_ACTIVITY_CODES)
    activity_codes_import(rows=parsed.rows, scheme=CodeScheme.CNAE_2009.value)


def demo_users_ensure() -> tuple[DemoUser, ...]:
    """Create the demo users, or reset them to their documented passwords and roles."""
    User = get_user_model()
    for demo_user in DEMO_USERS:
        user, _created = User.objects.get_or_create(
            username=demo_user.username,
            defaults={"email": demo_user.email},
        )
        user.set_password(demo_user.password)
        user.is_superuser = demo_user.is_superuser
        user.is_staff = demo_user.is_superuser
        user.is_active = True
        user.save()
        user.groups.set(Group.objects.filter(name__in=demo_user.groups))
        # Verified, so that demo users can also sign in on the public site, by email.
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if demo_user.is_staff_role:
            _demo_totp_ensure(user, demo_user.totp_secret)
    return DEMO_USERS


def _demo_totp_ensure(user, secret: str) -> None:
    current = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if current is not None and decrypt(current.data["secret"]) == secret:
        return
    if current is not None:
        current.delete()
    TOTP.activate(user, secret)


def _city_settings_ensure(home: HomePage) -> None:
    site = Site.objects.get(root_page=home)
    settings = CitySettings.for_site(site)
    if settings.signatory_name:
        return
    settings.city_name = "Bilbao"
    settings.authority_name = "Ayuntamiento de Bilbao / Bilboko Udala"
    settings.address = "Plaza Ernesto Erkoreka, 1\n48007 Bilbao"
    settings.signatory_name = "Ane Zubizarreta Etxebarria"
    settings.signatory_position_es = "Concejala delegada del Área de Desarrollo Económico"
    settings.signatory_position_eu = "Ekonomia Garapeneko Saileko zinegotzi ordezkaria"
    settings.signatory_position_en = "Councillor for Economic Development"
    settings.save()


def _standard_pages_ensure(home: HomePage) -> None:
    pages = json.loads((DEMO_DIR / "pages.json").read_text(encoding="utf-8"))
    for content in pages:
        source = None
        for code in site_languages():
            locale = Locale.objects.get(language_code=code)
            parent = home if locale == home.locale else home.get_translation(locale)
            if StandardPage.objects.child_of(parent).filter(slug=content["slug"][code]).exists():
                source = source or StandardPage.objects.child_of(parent).get(
                    slug=content["slug"][code]
                )
                continue
            page = StandardPage(
                title=content["title"][code],
                slug=content["slug"][code],
                intro=content["intro"][code],
                body=[{"type": kind, "value": value} for kind, value in content["body"][code]],
                locale=locale,
                show_in_menus=True,
            )
            if source:
                page.translation_key = source.translation_key
            parent.add_child(instance=page)
            page.save_revision().publish()
            source = source or page


def demo_totp_code(demo_user: DemoUser, *, at: float | None = None) -> str:
    """The code a demo member of staff's authenticator app shows now (or at `at`)."""
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    moment = time.time() if at is None else at
    return format_hotp_value(
        hotp_value(demo_user.totp_secret, int(moment) // mfa_settings.TOTP_PERIOD)
    )
