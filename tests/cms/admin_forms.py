"""Reading an admin form as a browser would submit it."""

from bs4 import BeautifulSoup
from django.urls import reverse

SKIPPED_INPUT_TYPES = ("submit", "button", "file", "image", "reset")


def edit_form_data(client, page) -> dict[str, list[str]]:
    """The page editor's form as it is when the edit screen opens."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return form_data(response.content.decode(), "form#page-edit-form")


def form_data(html: str, form_selector: str) -> dict[str, list[str]]:
    """Every successful control of the form with its current value(s)."""
    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    assert form is not None, form_selector
    data: dict[str, list[str]] = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "textarea":
            # A browser drops the newline that Django writes after <textarea>.
            data.setdefault(name, []).append(element.get_text().removeprefix("\n"))
        elif element.name == "select":
            chosen = element.find_all("option", selected=True)
            if not chosen and not element.has_attr("multiple"):
                chosen = element.find_all("option")[:1]
            data.setdefault(name, []).extend(option.get("value", "") for option in chosen)
        else:
            kind = element.get("type", "text")
            if kind in SKIPPED_INPUT_TYPES:
                continue
            if kind in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            default = "on" if kind in ("checkbox", "radio") else ""
            data.setdefault(name, []).append(element.get("value", default))
    return data
