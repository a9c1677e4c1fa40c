"""Import and export of programme definitions (the onestop.programme v1 and v2 JSON documents).

A programme is one ProgrammePage per language, all holding the same definition; the page in
the default language is the programme of record. Each import that changes a definition saves
a new revision of every translation, so the page history is the history of the rules.
"""

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.models import ProgrammeIndexPage, ProgrammePage
from cms.selectors import programme_page_by_slug, programme_pages_default_locale
from cms.services.programme_translations import programme_translations_sync
from cms.services.site_structure import site_structure_ensure
from eligibility import service as eligibility_service
from eligibility.engine import JSONInputError, parse_json
from onestop.i18n import text_in_language


class DefinitionFileError(Exception):
    """A file that cannot be imported, with every reason, each naming the place in the file."""

    def __init__(self, path: Path, errors: list[str]):
        self.path = path
        self.errors = errors
        super().__init__("\n".join(f"{path}: {error}" for error in errors))


class ImportRefused(Exception):
    """Some files were invalid, so nothing was imported."""

    def __init__(self, file_errors: list[DefinitionFileError]):
        self.file_errors = file_errors
        super().__init__("\n".join(str(error) for error in file_errors))


@dataclass(frozen=True)
class ImportOutcome:
    slug: str
    action: str  # "created", "updated" or "unchanged"
    published: bool


def definition_files(paths: list[str | Path]) -> list[Path]:
    """The JSON files named, and those inside the folders named, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.glob("*.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise DefinitionFileError(path, ["no such file or folder"])
    return files


def definition_read(path: Path) -> dict:
    """Parse and validate one file; raise DefinitionFileError naming every problem."""
    try:
        with path.open("rb") as file:
            content = file.read(MAX_UPLOAD_BYTES + 1)  # enough to tell that it is too large
    except OSError as error:
        raise DefinitionFileError(path, [f"cannot be read ({error.strerror or error})"]) from error
    return definition_parse(content, source=path)


def definitions_import(paths: list[str | Path], *, publish: bool = True) -> list[ImportOutcome]:
    """Import every file, or nothing at all when any of them is invalid."""
    definitions = []
    errors: list[DefinitionFileError] = []
    try:
        files = definition_files(paths)
    except DefinitionFileError as error:
        raise ImportRefused([error]) from error
    for path in files:
        try:
            definitions.append(definition_read(path))
        except DefinitionFileError as error:
            errors.append(error)
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        return [programme_import(definition=d, publish=publish) for d in definitions]


@transaction.atomic
def programme_import(*, definition: dict, publish: bool = True, user=None) -> ImportOutcome:
    """Create or update the programme with the definition's slug.

    Only the page in the default language is written; publishing it brings the other
    languages' pages along (see programme_translations). Importing the same definition again
    changes nothing; importing it published after a draft import publishes the draft.
    """
    home = site_structure_ensure()
    slug = definition["slug"]
    source = programme_page_by_slug(slug, home.locale)
    if source is None:
        source = ProgrammePage(
            title=text_in_language(definition["title"], home.locale.language_code),
            slug=slug,
            definition=definition,
            locale=home.locale,
            live=False,
        )
        ProgrammeIndexPage.objects.child_of(home).get().add_child(instance=source)
        revision = source.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        return ImportOutcome(slug=slug, action="created", published=publish)

    latest = source.get_latest_revision_as_object()
    if latest.definition == definition:
        if publish and (source.has_unpublished_changes or not source.live):
            source.get_latest_revision().publish(user=user)
        elif source.live:
            programme_translations_sync(source, user=user)
        return ImportOutcome(slug=slug, action="unchanged", published=source.live or publish)

    latest.definition = definition
    latest.title = text_in_language(definition["title"], home.locale.language_code)
    revision = latest.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return ImportOutcome(slug=slug, action="updated", published=publish)


def definitions_export(slug: str | None = None) -> list[dict]:
    """The current definition (latest revision, published or not) of each programme."""
    pages = programme_pages_default_locale()
    if slug:
        pages = pages.filter(programme_slug=slug)
    return [page.get_latest_revision_as_object().definition for page in pages]


def definition_write(definition: dict, path: Path) -> None:
    path.write_text(definition_json(definition), encoding="utf-8")


# Import and export through the Wagtail admin.
#
# The admin works on uploads and downloads instead of paths, and on behalf of a user whose
# page permissions decide what the import may do; otherwise it is the same import as the
# command line, with the same validation and the same all-or-nothing rule.

MAX_UPLOAD_BYTES = 1024 * 1024


class ImportMode(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Save as draft")
    SUBMIT = "submit", gettext_lazy("Save and submit for moderation")
    PUBLISH = "publish", gettext_lazy("Publish")


class ProgrammeState(models.TextChoices):
    LIVE = "live", gettext_lazy("live")
    IN_MODERATION = "in_moderation", gettext_lazy("awaiting moderation")
    DRAFT = "draft", gettext_lazy("draft, not published")


@dataclass(frozen=True)
class TransferRights:
    """What a user may do with programme definitions in the admin."""

    can_export: bool
    can_import: bool
    can_publish: bool

    @property
    def import_modes(self) -> list[ImportMode]:
        modes = [ImportMode.DRAFT, ImportMode.SUBMIT]
        return [*modes, ImportMode.PUBLISH] if self.can_publish else modes


@dataclass(frozen=True)
class UploadOutcome:
    file_name: str
    slug: str
    title: str
    action: str  # "created", "updated" or "unchanged"
    state: ProgrammeState  # where the programme's latest version stands after the import


def programme_transfer_rights(user) -> TransferRights:
    """Rights on the programme index of the default language, which its programme pages inherit.

    Page permissions propagate down the tree. Only the pages of record, in the default
    language, are written by an import or by staff; the other languages follow on publishing.
    """
    if not user.is_authenticated or not user.is_active:
        return TransferRights(can_export=False, can_import=False, can_publish=False)
    policy = PagePermissionPolicy()
    # Before the first import there is no index yet; the import creates it under the root.
    place = (
        ProgrammeIndexPage.objects.filter(locale=Locale.get_default()).first()
        or Page.get_first_root_node()
    )
    can_change = policy.user_has_permission_for_instance(user, "change", place)
    return TransferRights(
        can_export=can_change,
        can_import=can_change and policy.user_has_permission_for_instance(user, "add", place),
        can_publish=can_change and policy.user_has_permission_for_instance(user, "publish", place),
    )


def definition_parse(content: bytes, *, source: str | Path) -> dict:
    """Parse and validate one document given as bytes; as `definition_read`, for uploads."""
    path = Path(source)
    try:
        # Strict and bounded: no NaN, no key given twice, no nesting deep enough to exhaust
        # the parser's recursion (see eligibility.engine.json_input).
        definition = parse_json(content, max_bytes=MAX_UPLOAD_BYTES)
    except JSONInputError as error:
        raise DefinitionFileError(path, [str(error)]) from error
    if not isinstance(definition, dict):
        raise DefinitionFileError(path, ["(document): a programme definition is a JSON object"])
    errors = eligibility_service.definition_errors(definition)
    if errors:
        raise DefinitionFileError(path, errors)
    return definition


def definitions_import_uploaded(
    *, files: Sequence[UploadedFile], user, mode: ImportMode = ImportMode.DRAFT
) -> list[UploadOutcome]:
    """Import uploaded definition files for a user, or nothing when any file is refused.

    A file is refused when it is invalid, repeats a programme of an earlier file, or asks for
    something the user's page permissions do not allow (publishing without the right to,
    changing a page that is locked or awaiting moderation by someone else).
    """
    rights = programme_transfer_rights(user)
    if not rights.can_import or (mode == ImportMode.PUBLISH and not rights.can_publish):
        raise PermissionDenied
    definitions: list[tuple[str, dict]] = []
    errors: list[DefinitionFileError] = []
    first_file_of_slug: dict[str, str] = {}
    for upload in files:
        name = Path(upload.name or "").name
        try:
            definition = _upload_read(upload, name)
            slug = definition["slug"]
            if slug in first_file_of_slug:
                raise DefinitionFileError(
                    Path(name),
                    [
                        _("slug: programme “%(slug)s” is also in %(file)s; upload it once.")
                        % {"slug": slug, "file": first_file_of_slug[slug]}
                    ],
                )
            first_file_of_slug[slug] = name
            permission_errors = _programme_permission_errors(slug, user=user, mode=mode)
            if permission_errors:
                raise DefinitionFileError(Path(name), permission_errors)
            definitions.append((name, definition))
        except DefinitionFileError as error:
            errors.append(error)
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        return [_upload_import(name, d, user=user, mode=mode) for name, d in definitions]


def definition_json(definition: dict) -> str:
    """A definition as `export_programmes` writes it: UTF-8 JSON indented by two spaces."""
    return json.dumps(definition, ensure_ascii=False, indent=2) + "\n"


def definitions_export_zip(slug: str | None = None) -> bytes:
    """A zip of `<slug>.json` files, one per programme, as `export_programmes` writes them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for definition in definitions_export(slug):
            archive.writestr(f"{definition['slug']}.json", definition_json(definition))
    return buffer.getvalue()


def _upload_read(upload: UploadedFile, name: str) -> dict:
    if not name.lower().endswith(".json"):
        raise DefinitionFileError(Path(name), [_("(file): only .json files can be imported")])
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise DefinitionFileError(
            Path(name),
            [_("(file): larger than 1 MB; a programme definition is far smaller")],
        )
    upload.seek(0)
    return definition_parse(upload.read(), source=name)


def _programme_permission_errors(slug: str, *, user, mode: ImportMode) -> list[str]:
    page = programme_page_by_slug(slug)
    if page is None:
        return []  # a new programme: the right to add one was checked for the whole import
    tester = page.permissions_for_user(user)
    where = {"title": page.title}
    errors = []
    if not tester.can_edit():
        errors.append(_("(programme): you may not change the page “%(title)s”") % where)
    elif tester.page_locked():
        errors.append(
            _(
                "(programme): the page “%(title)s” is locked or awaiting moderation; "
                "it cannot be changed until that ends"
            )
            % where
        )
    if mode == ImportMode.PUBLISH and not tester.can_publish():
        errors.append(_("(programme): you may not publish the page “%(title)s”") % where)
    return errors


def _upload_import(name: str, definition: dict, *, user, mode: ImportMode) -> UploadOutcome:
    outcome = programme_import(definition=definition, publish=mode == ImportMode.PUBLISH, user=user)
    page = programme_page_by_slug(outcome.slug)
    pending = page.has_unpublished_changes or not page.live
    if pending and mode == ImportMode.SUBMIT:
        _moderation_submit(page, user=user)
    if not pending:
        state = ProgrammeState.LIVE
    elif page.workflow_in_progress:
        state = ProgrammeState.IN_MODERATION
    else:
        state = ProgrammeState.DRAFT
    return UploadOutcome(
        file_name=name,
        slug=outcome.slug,
        title=text_in_language(definition["title"]),
        action=outcome.action,
        state=state,
    )


def _moderation_submit(page: ProgrammePage, *, user) -> None:
    """Start the page's moderation workflow, as the editor's "Submit for moderation" does."""
    workflow = page.get_workflow()
    if workflow is None or page.workflow_in_progress:
        return
    state = page.current_workflow_state
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        workflow.start(page, user)
