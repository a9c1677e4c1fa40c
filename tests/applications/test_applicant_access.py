"""Nobody sees another organisation's applications or documents: every URL, every method.

The URLs are not listed by hand: every pattern of the `applications` URLconf whose route
takes an object's id (now or added later) is tried with organisation B's objects, as a
representative of organisation A and as an anonymous visitor. A route's other parameters
(a wizard step, say) take values found in the links of A's own pages, so that B's URL is
one that exists for A's mirror object.
"""

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, resolve, reverse

from applications import urls as applications_urls
from tests.applications.my_applications_helpers import (
    information_requested,
    stored_document,
)
from tests.factories.applications import ApplicationFactory
from tests.factories.letters import LetterFactory
from tests.factories.organisations import RepresentationFactory

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
# What an id in a route stands for, by the route's first segment (for `pk`) or by the
# parameter's own name (`request_pk`, `document_pk`). A route whose id is none of these
# fails the test below: add its kind here, with an object of each organisation.
KIND_BY_SEGMENT = {
    "applications": "application",
    "documents": "document",
    "organisations": "organisation",
    "letters": "letter",
}
KIND_BY_PARAMETER = {
    "request_pk": "information_request",
    "document_pk": "document",
    "application_pk": "application",
    "organisation_pk": "organisation",
    "letter_pk": "letter",
}

# Parameters of routes reached only through a redirect, derived from the owner's objects.
DERIVED = {"programme_slug": lambda owner: owner.draft.programme_slug}


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def object_routes():
    """(route, name, int parameters, other parameters) of each route that takes an id."""
    routes = []
    for route, pattern in _patterns(applications_urls.urlpatterns):
        parameters = [
            (match["name"], match["converter"] or "str") for match in PARAMETER.finditer(route)
        ]
        ids = [name for name, converter in parameters if converter == "int"]
        if ids:
            others = [name for name, converter in parameters if converter != "int"]
            routes.append((route, pattern.name, ids, others))
    return routes


def _id_kind(route: str, parameter: str) -> str:
    if parameter in KIND_BY_PARAMETER:
        return KIND_BY_PARAMETER[parameter]
    kind = KIND_BY_SEGMENT.get(route.split("/", 1)[0])
    if kind is None:
        pytest.fail(f"{route}: what does <{parameter}> identify? Teach KIND_BY_* in this test.")
    return kind


def _letter(application):
    """A letter as the letters service leaves it, if the desk has letters."""
    return LetterFactory(application=application, source_key=f"test-{application.pk}")


class Organisation:
    """One organisation's objects of every kind: a draft with a document, and a submitted
    application waiting for an answer, with a document."""

    def __init__(self):
        representation = RepresentationFactory()
        self.user = representation.user
        self.organisation = representation.organisation
        self.draft = ApplicationFactory(organisation=self.organisation, answers={"employees": 3})
        self.submitted, self.request = information_requested(self.organisation)
        self.documents = [stored_document(self.draft), stored_document(self.submitted)]
        self._letters = None

    def objects(self, kind):
        """Every object of a kind, with the application it belongs to (for `pk` beside it)."""
        if kind == "application":
            return [(self.draft, self.draft), (self.submitted, self.submitted)]
        if kind == "document":
            return [(document, document.application) for document in self.documents]
        if kind == "information_request":
            return [(self.request, self.submitted)]
        if kind == "organisation":
            return [(self.organisation, None)]
        if kind == "letter":
            if self._letters is None:
                self._letters = [_letter(self.submitted)]
            return [(letter, letter.application) for letter in self._letters]
        raise AssertionError(kind)

    def clean_up(self):
        for document in self.documents:
            document.file.delete(save=False)
        for letter in self._letters or ():
            letter.pdf.delete(save=False)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "action") and value:
                self.hrefs.append(value)


def observed_parameters(client, start_urls, limit=60):
    """Parameters of the applications URLs linked from a user's own pages, by URL name,
    found by following the links from `start_urls` (GET only)."""
    seen, queue, found = set(), list(start_urls), defaultdict(list)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            path = urlsplit(href).path
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.namespace != "applications":
                continue
            found[match.url_name].append(match.kwargs)
            queue.append(path)
    return found


def _urls_for(route, name, ids, others, owner, observed):
    """Each URL of the route for the owner's objects, with its other parameters derived."""
    kinds = {parameter: _id_kind(route, parameter) for parameter in ids}
    # The route's main object is its `pk`, or its first id; the others belong to it.
    main = "pk" if "pk" in ids else ids[0]
    urls = []
    for obj, application in owner.objects(kinds[main]):
        kwargs = {main: obj.pk}
        for parameter in ids:
            if parameter == main:
                continue
            related = [
                other
                for other, belongs_to in owner.objects(kinds[parameter])
                if application is not None and belongs_to.pk == application.pk
            ] or [other for other, _ in owner.objects(kinds[parameter])]
            kwargs[parameter] = related[0].pk
        for parameter in others:
            values = [kw[parameter] for kw in observed.get(name, []) if parameter in kw]
            if not values and parameter in DERIVED:
                # Reached by a redirect after a form, not by a link: derived from the owner.
                values = [DERIVED[parameter](owner)]
            if not values:
                pytest.fail(
                    f"{route}: no link on the applicant's own pages gives a value for "
                    f"<{parameter}>; link it from those pages or derive it in this test."
                )
            kwargs[parameter] = values[0]
        urls.append(reverse(f"applications:{name}", kwargs=kwargs))
    return urls


@pytest.fixture
def two_organisations(demo_site):
    """Two organisations alike, their drafts for a live programme of the demo desk (the
    wizard's pages need its definition)."""
    a, b = Organisation(), Organisation()
    yield a, b
    a.clean_up()
    b.clean_up()


def test_there_are_application_and_document_routes_to_check():
    names = {name for _route, name, _ids, _others in object_routes()}
    assert {"application_detail", "information_answer", "document_download"} <= names


def test_organisation_a_gets_404_for_every_url_of_organisation_b(client, two_organisations):
    a, b = two_organisations
    client.force_login(a.user)
    observed = observed_parameters(
        client,
        [reverse("applications:application_list"), reverse("organisations:organisation_list")]
        + [reverse("applications:application_detail", args=[a.draft.pk])]
        + [reverse("applications:application_detail", args=[a.submitted.pk])],
    )
    failures, checked = [], 0
    for route, name, ids, others in object_routes():
        for url in _urls_for(route, name, ids, others, b, observed):
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                checked += 1
                if status == 404:
                    continue
                # A view refused to every applicant alike (desk only, POST only) discloses
                # nothing: the same refusal for A's own mirror object is acceptable.
                own = _urls_for(route, name, ids, others, a, observed)[0]
                if status in (403, 405) and getattr(client, method)(own).status_code == status:
                    continue
                failures.append(f"{method.upper()} {url} ({name}) -> {status}")
    assert not failures, "\n".join(failures)
    assert checked >= 2 * len(object_routes())


def test_an_anonymous_visitor_never_gets_a_page(client, two_organisations):
    _a, b = two_organisations
    failures = []
    for route, name, ids, others in object_routes():
        observed = {}
        if others:
            client.force_login(b.user)
            observed = observed_parameters(
                client,
                [
                    reverse("applications:application_list"),
                    reverse("applications:application_detail", args=[b.draft.pk]),
                ],
            )
            client.logout()
        for url in _urls_for(route, name, ids, others, b, observed):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                to_login = response.status_code == 302 and "/accounts/login/" in response.url
                # 405: a POST-only view refuses a GET before anything else; nothing shown.
                if not (to_login or response.status_code in (404, 405)):
                    failures.append(f"{method.upper()} {url} ({name}) -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_list_of_a_does_not_show_bs_applications(client, two_organisations):
    a, b = two_organisations
    client.force_login(a.user)
    html = client.get(reverse("applications:application_list")).content.decode()
    assert a.submitted.reference in html
    assert b.submitted.reference not in html
    assert reverse("applications:application_detail", args=[b.submitted.pk]) not in html
    assert b.organisation.legal_name not in html
