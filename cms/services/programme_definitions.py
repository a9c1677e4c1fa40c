"""Import and export of programme definitions (the onestop.programme/v1 JSON documents).

A programme is one ProgrammePage per language, all holding the same definition; the page in
the default language is the programme of record. Each import that changes a definition saves
a new revision of every translation, so the page history is the history of the rules.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale

from eligibility import service as eligibility_service

from ..models import ProgrammeIndexPage, ProgrammePage
from ..translated_text import in_language
from .programme_translations import programme_translations_sync
from .site_structure import site_structure_ensure


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
        definition = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise DefinitionFileError(path, [f"not UTF-8 text ({error.reason})"]) from error
    except json.JSONDecodeError as error:
        raise DefinitionFileError(
            path, [f"line {error.lineno}, column {error.colno}: invalid JSON: {error.msg}"]
        ) from error
    if not isinstance(definition, dict):
        raise DefinitionFileError(path, ["(document): a programme definition is a JSON object"])
    errors = eligibility_service.definition_errors(definition)
    if errors:
        raise DefinitionFileError(path, errors)
    return definition


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
    source = ProgrammePage.objects.filter(programme_slug=slug, locale=home.locale).first()
    if source is None:
        source = ProgrammePage(
            title=in_language(definition["title"], home.locale.language_code),
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
    latest.title = in_language(definition["title"], home.locale.language_code)
    revision = latest.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return ImportOutcome(slug=slug, action="updated", published=publish)


def definitions_export(slug: str | None = None) -> list[dict]:
    """The current definition (latest revision, published or not) of each programme."""
    pages = ProgrammePage.objects.filter(locale=Locale.get_default()).order_by("programme_slug")
    if slug:
        pages = pages.filter(programme_slug=slug)
    return [page.get_latest_revision_as_object().definition for page in pages]


def definition_write(definition: dict, path: Path) -> None:
    path.write_text(json.dumps(definition, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
