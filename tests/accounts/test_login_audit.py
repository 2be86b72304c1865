"""A failed login names the account only when it exists: the audit log is append-only and never wiped."""

from django.contrib.auth.signals import user_login_failed
from django.test import Client

from accounts.audit import AuditEntry
from tests.accounts.test_login import password_step


def _laatste():
    return AuditEntry.objects.filter(actie="inloggen_mislukt").latest("id")


def test_an_unknown_account_name_is_not_stored(cast):
    # A password typed in the name field: the login form wants an address, but any authenticate() call signals.
    user_login_failed.send(sender=__name__, credentials={"username": "Zomer2026!Geheim", "password": "x"})
    entry = _laatste()
    assert entry.details == {"account": ""}
    assert "Zomer2026" not in entry.payload()

    password_step(Client(), "buurman@example.test", "iets")  # a third person's address
    assert "buurman" not in _laatste().payload()


def test_a_known_account_is_named_as_stored_whatever_its_case(cast):
    password_step(Client(), cast.vp.email.upper(), "verkeerd-wachtwoord")
    assert _laatste().details == {"account": cast.vp.email}
