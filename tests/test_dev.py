"""dev.py demo ADDRESS: the desk's links point at the address it is served at, and its host
is allowed."""

import dev


def test_the_demo_desk_links_to_the_address_it_is_served_at():
    env = dev.demo_env({"PATH": "/usr/bin"}, "192.168.1.20:8080")
    assert env["SITE_URL"] == "http://192.168.1.20:8080"
    assert env["ALLOWED_HOSTS"].split(",") == ["127.0.0.1", "localhost", "[::1]", "192.168.1.20"]
    assert env["DJANGO_SETTINGS_MODULE"] == "onestop.settings.dev"
    assert env["PATH"] == "/usr/bin"


def test_the_default_address_and_a_port_alone():
    assert dev.demo_env({}, "127.0.0.1:8000")["SITE_URL"] == "http://127.0.0.1:8000"
    env = dev.demo_env({}, "8001")
    assert env["SITE_URL"] == "http://127.0.0.1:8001"
    assert env["ALLOWED_HOSTS"] == "127.0.0.1,localhost,[::1]"


def test_hosts_already_allowed_are_kept():
    env = dev.demo_env({"ALLOWED_HOSTS": "desk.test"}, "[::1]:8000")
    assert env["SITE_URL"] == "http://[::1]:8000"
    assert env["ALLOWED_HOSTS"] == "desk.test,[::1]"
