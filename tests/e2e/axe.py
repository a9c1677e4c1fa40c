"""Accessibility checks with axe-core, the engine the public-sector auditors use."""

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    # Evaluated by the browser's debugging protocol, which the page's Content-Security-Policy
    # does not govern: an injected <script> tag would be (rightly) blocked as inline script.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return results["violations"]


def assert_no_serious_violations(page) -> None:
    violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe-core found on {page.url}:\n{report}"


def page_checked(page, screenshot: Path) -> None:
    """axe-core on the page as it is now, and a screenshot of it to look at."""
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    assert_no_serious_violations(page)
