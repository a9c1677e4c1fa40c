from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.selectors import pages_search

RESULTS_PER_PAGE = 10


def search(request):
    """Search the public pages in the language being shown."""
    query = request.GET.get("q", "").strip()
    results = pages_search(query, Locale.get_active()) if query else []
    page_of_results = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": page_of_results,
            "title": _("Search"),
        },
    )
