import datetime as dt

import pytest

DEMO_TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo_today(monkeypatch):
    """The screener's today is the demo's, whatever the clock says, so that the demo's
    windows stay open or closed as the tests expect."""
    from eligibility import screening_service

    monkeypatch.setattr(screening_service, "city_today", lambda: DEMO_TODAY)
    return DEMO_TODAY
