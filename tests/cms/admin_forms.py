"""Reading an admin form as a browser would submit it."""

from bs4 import BeautifulSoup


def edit_form_data(client, page) -> dict[str, list[str]]:
    """The page editor's form as it is when the edit screen opens."""
    from django.urls import reverse

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    return form_data(html, "form[data-edit-form]")


def form_data(html: str, form_selector: str) -> dict[str, list[str]]:
    """Every successful control of the form with its current value(s)."""
    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    data: dict[str, list[str]] = {}
    for control in form.select("input[name], textarea[name], select[name]"):
        name = control["name"]
        if control.name == "input":
            kind = control.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio") and not control.has_attr("checked"):
                continue
            default = "on" if kind in ("checkbox", "radio") else ""
            data.setdefault(name, []).append(control.get("value", default))
        elif control.name == "textarea":
            data.setdefault(name, []).append(control.text)
        else:
            selected = control.select("option[selected]") or (
                [] if control.has_attr("multiple") else control.select("option")[:1]
            )
            for option in selected:
                data.setdefault(name, []).append(option.get("value", option.text))
    return data
