"""Every state-changing request without a CSRF token fails, for every URL pattern of the project.

The URL names and their kwargs come from the role x URL matrix, so a new view is covered here automatically.
Each URL is POSTed by a user the matrix allows (so the refusal is CSRF's, not the access check's), and by an
anonymous client for the public pages (login, invitation, language switch).
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.matrix import ALL_ROLES
from tests.test_url_matrix import URL_NAMES, case_for

pytestmark = pytest.mark.matrix


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_post_without_csrf_token_is_refused(url_name, cast):
    case = case_for(url_name, cast)
    url = reverse(url_name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
    roles = cast.roles()

    clients = []
    if case.public:
        clients.append(("anonymous", Client(enforce_csrf_checks=True)))
    allowed = [role for role in ALL_ROLES if role in case.allowed]
    if not allowed and case.admin:
        allowed = ["operator"]  # admin pages nobody may use (add, delete) still check CSRF first
    if allowed:
        clients.append((allowed[0], login(Client(enforce_csrf_checks=True), roles[allowed[0]])))
    assert clients, f"{url_name}: nobody to test with"

    for who, client in clients:
        response = client.post(url, {"anything": "x"})
        assert response.status_code == 403, f"{who} POST {url_name} without a CSRF token: {response.status_code}"


def test_a_post_with_the_token_is_accepted(cast):
    """The control: the same client does get through once it sends the token (so 403 above means CSRF)."""
    client = login(Client(enforce_csrf_checks=True), cast.vp)
    client.get(reverse("accounts:profiel"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("accounts:switch_organisation"), {"csrfmiddlewaretoken": token})
    assert response.status_code != 403
