from tests.domain_fixtures import *  # noqa: F403 (the fixtures, autouse ones included)
