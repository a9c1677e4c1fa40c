import pytest

from tests.cms.test_programme_editor import (
    block_states,
    browser_post_data,
    edit_url,
    login,
    programme_page,
)


@pytest.mark.parametrize(
    ("field", "typed", "expected_error"),
    [
        ("fact", "number_of_bicycles", "eligibility.all[2].fact"),
        ("value", "several", "eligibility.all[2].value"),
    ],
)
def test_an_approver_cannot_publish_an_invalid_rule(
    client, demo_site, field, typed, expected_error
):
    login(client, "approver")
    page = programme_page("hospitality-direct-aid")
    live_before = page.definition
    data = browser_post_data(client.get(edit_url(page)).content.decode())
    data[f"rules_eligibility-0-value-children-2-value-{field}"] = [typed]
    data["action-publish"] = ["action-publish"]

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert expected_error in html
    _state, errors = block_states(html)["rules_eligibility"]
    leaf_errors = errors["blockErrors"]["0"]["blockErrors"]["children"]["blockErrors"]["2"]
    assert leaf_errors["blockErrors"][field]["messages"]
    page = programme_page("hospitality-direct-aid")
    assert page.definition == live_before
    assert page.get_latest_revision_as_object().definition == live_before
