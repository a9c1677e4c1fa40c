"""A programme's pages in the other languages follow its page in the default language.

The definition carries its own texts in es, eu and en, so the page of record is the one in
the default language: when it is published, the other languages' pages get the same
definition (and the title in their language) and are published too; when it is unpublished,
so are they. Policy staff edit a programme once.

Each language's page has its own address, made from its title in that language (ASCII, so
that no percent-encoded letters show in the address bar). Once given, that address stays: a
later change of title leaves the slug alone, because the address is already in bookmarks,
search results and letters. Pages created before addresses were translated carried the
Spanish slug; the next publication moves them to their own and redirects the old address.
"""

from django.db import transaction
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, Site

from cms.models import ProgrammeIndexPage, ProgrammePage
from cms.services.site_structure import site_structure_ensure
from onestop.i18n import text_in_language


@transaction.atomic
def programme_translations_sync(source: ProgrammePage, *, user=None) -> list[ProgrammePage]:
    """Create or update, and publish, the other languages' pages of a published programme."""
    if source.locale_id != Locale.get_default().pk or not source.live:
        return []
    changed = []
    for locale in Locale.objects.exclude(pk=source.locale_id):
        title = text_in_language(source.definition.get("title"), locale.language_code)
        page = source.get_translation_or_none(locale)
        if page is None:
            index = _translated_index(source, locale)
            page = ProgrammePage(
                title=title,
                slug=_free_slug(index, title, fallback=source.programme_slug or source.slug),
                definition=source.definition,
                locale=locale,
                translation_key=source.translation_key,
                live=False,
            )
            index.add_child(instance=page)
        else:
            page = page.specific
            inherited_slug = _inherited_slug(page, source, title)
            if (
                page.live
                and page.definition == source.definition
                and page.title == title
                and not inherited_slug
            ):
                continue
            page.definition = source.definition
            page.title = title
            if inherited_slug:
                _slug_translate(page, title, fallback=source.programme_slug or source.slug)
        # Publishing the page of record was authorised (an approver approved it, or the
        # scheduler published it); its translations follow as part of that same act, even
        # when `user`, the revision's author, may not publish on their own.
        page.save_revision(user=user, log_action=True).publish(
            user=user, skip_permission_checks=True
        )
        changed.append(page)
    return changed


@transaction.atomic
def programme_translations_unpublish(source: ProgrammePage, *, user=None) -> None:
    if source.locale_id != Locale.get_default().pk:
        return
    for page in source.get_translations().live():
        page.specific.unpublish(user=user, log_action=True)


def _translated_index(source: ProgrammePage, locale: Locale) -> ProgrammeIndexPage:
    index = source.get_parent().get_translation_or_none(locale)
    if index is None:
        site_structure_ensure()
        index = source.get_parent().get_translation(locale)
    return index


def _free_slug(parent: Page, title: str, *, fallback: str, page: Page | None = None) -> str:
    """An ASCII slug from `title` that no other child of `parent` uses: `-2`, `-3`… is
    added when two programmes have the same title in a language."""
    base = slugify(title)[:200].strip("-") or slugify(fallback)[:200].strip("-") or "programme"
    taken = set(parent.get_children().values_list("slug", flat=True))
    if page is not None and page.pk:
        taken.discard(page.slug)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _inherited_slug(page: ProgrammePage, source: ProgrammePage, title: str) -> bool:
    """Whether the page still carries the default language's slug instead of its own."""
    own = slugify(title)
    return bool(own) and page.slug == source.slug and page.slug != own


def _slug_translate(page: ProgrammePage, title: str, *, fallback: str) -> None:
    """Give the page its own slug, saved now, and redirect its old address to it."""
    old_parts = page.get_url_parts()
    new_slug = _free_slug(page.get_parent(), title, fallback=fallback, page=page)
    if new_slug == page.slug:
        return
    page.slug = new_slug
    page.save(update_fields=["slug", "url_path"])
    if old_parts is None:
        return
    site_id, _root_url, old_path = old_parts
    # Marked as created automatically, like the redirects Wagtail adds when an editor
    # changes a slug, so that either may replace the other without a clash.
    Redirect.objects.update_or_create(
        old_path=Redirect.normalise_path(old_path),
        site=Site.objects.filter(pk=site_id).first(),
        defaults={"redirect_page": page, "is_permanent": True, "automatically_created": True},
    )


def programme_translation_slugs_repair() -> list[ProgrammePage]:
    """Move every translated page that still carries the default language's slug to its
    own, with a redirect from the old address; return the pages moved."""
    moved = []
    for source in ProgrammePage.objects.filter(locale=Locale.get_default()).live():
        inherited = [
            page.pk
            for page in source.get_translations().specific()
            if _inherited_slug(page, source, page.title)
        ]
        if not inherited:
            continue
        for page in programme_translations_sync(source):
            if page.pk in inherited:
                moved.append(page)
    return moved
