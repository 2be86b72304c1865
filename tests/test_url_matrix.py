"""Walks every URL pattern for every member of the cast (and anonymous, and a user without 2FA).

A new view without a case in tests/matrix/<app>.py fails `test_every_url_pattern_has_a_case`.
"""

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.matrix


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


URL_NAMES = sorted(set(_walk(get_resolver().url_patterns)))
pytestmark = pytest.mark.matrix


def _modules():
    return [importlib.import_module(f"tests.matrix.{info.name}") for info in pkgutil.iter_modules(tests.matrix.__path__)]


def _naamruimte(url_name: str) -> str:
    return url_name.split(":", 1)[0]


def all_cases(cast) -> dict:
    cases = {}
    for module in _modules():
        for name, case in module.cases(cast).items():
            assert name not in cases, f"{name} has two matrix cases"
            assert _naamruimte(name) in module.NAAMRUIMTEN, f"{name} is in {module.__name__}, not its namespace's"
            cases[name] = case
    return cases


def case_for(url_name: str, cast):
    """The case of one URL, building only its own module's objects (building all of them per URL took minutes)."""
    [module] = [m for m in _modules() if _naamruimte(url_name) in m.NAAMRUIMTEN]
    return module.cases(cast)[url_name]


def test_every_url_pattern_has_a_case(cast):
    cases = all_cases(cast)
    missing = [name for name in URL_NAMES if name not in cases]
    assert not missing, f"URL patterns without a matrix case in tests/matrix/: {missing}"
    stale = [name for name in cases if name not in URL_NAMES]
    assert not stale, f"Matrix cases for URL names that no longer exist: {stale}"


def _request(client: Client, url: str, post: bool):
    return client.post(url) if post else client.get(url)


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_url_matrix(url_name, cast, client_for):
    case = case_for(url_name, cast)
    url = reverse(url_name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
    login_url = reverse("accounts:login")
    login_urls = (login_url, reverse("admin:login")) if case.admin else (login_url,)

    def refused(response) -> bool:
        if response.status_code in (403, 404):
            return True
        return case.admin and response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))

    anonymous = _request(Client(), url, case.post_only)
    if case.public:
        assert anonymous.status_code < 400, f"anonymous {url_name}: {anonymous.status_code}"
    else:
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(login_urls), (
            f"anonymous must be sent to the login page for {url_name}, got {anonymous.status_code}"
        )

    if not case.public and not case.before_2fa:
        half = Client()
        half.force_login(cast.vp, backend="django.contrib.auth.backends.ModelBackend")
        response = _request(half, url, case.post_only)
        assert response.status_code == 302 and "/verificatie/" in response["Location"], (
            f"{url_name} must require a completed second factor, got {response.status_code}"
        )

    for role, user in cast.roles().items():
        response = _request(client_for(user), url, case.post_only)
        # A logged-in, verified user's GET must never be bounced to the login or 2FA pages: that would hide
        # a broken login behind an "allowed" redirect. (POST actions such as logout may end there.)
        if response.status_code == 302 and not case.post_only and (role in case.allowed or not case.admin):
            assert not response["Location"].startswith((*login_urls, "/account/verificatie/")), (
                f"{role} was sent to {response['Location']} by {url_name}: not logged in?"
            )
        if role in case.allowed:
            assert response.status_code in case.ok_status, f"{role} should reach {url_name}: {response.status_code}"
        else:
            assert refused(response), f"{role} must NOT reach {url_name}: {response.status_code}"
