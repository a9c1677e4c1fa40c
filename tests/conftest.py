import pytest


@pytest.fixture
def demo_site(db):
    """The demo desk as `load_demo` builds it."""
    from cms.services.demo_content import demo_load

    demo_load()
