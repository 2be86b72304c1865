"""The bootstrap command: `manage.py gebruiker_aanmaken` creates a user or adds a role and prints a link."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.audit import AuditEntry
from accounts.models import Lidmaatschap, Rol, Roluitnodiging, User


def _run(**options) -> str:
    out = StringIO()
    call_command("gebruiker_aanmaken", stdout=out, **options)
    return out.getvalue()


def test_creates_a_user_and_prints_a_working_link(cast):
    out = _run(email="Eerste.Beheerder@Voorbeeldstad.test", organisatie="voorbeeldstad", rol="beheerder",
               naam="Eerste Beheerder")
    user = User.objects.get(email="eerste.beheerder@voorbeeldstad.test")
    assert user.naam == "Eerste Beheerder" and not user.has_usable_password()
    assert Lidmaatschap.objects.actief().filter(gebruiker=user, organisatie=cast.org, rol=Rol.BEHEERDER).exists()
    match = re.search(r"https?://[^/\s]+(/account/uitnodiging/\S+/)", out)
    assert match, out
    client = Client()
    page = client.get(match.group(1), follow=True)
    assert "Welkom bij Vertrouwd" in page.content.decode()
    done = client.post(page.redirect_chain[-1][0], {"new_password1": "een-lang-bootstrapwachtwoord-1",
                                                    "new_password2": "een-lang-bootstrapwachtwoord-1"})
    assert done["Location"] == "/account/verificatie/instellen/"
    assert AuditEntry.objects.filter(actie="gebruiker_aangemaakt", object_id=str(user.pk)).exists()


def test_extern_vertrouwenspersoon(cast):
    _run(email="extern@bureau.test", organisatie="anderstad", rol="vertrouwenspersoon", extern=True)
    lid = Lidmaatschap.objects.get(gebruiker__email="extern@bureau.test")
    assert lid.extern and lid.organisatie == cast.other_org


def test_existing_user_with_password_gets_the_role_and_no_link(cast):
    out = _run(email=cast.vp.email, organisatie="voorbeeldstad", rol="onderzoeker")
    assert "No link is needed" in out and "/account/uitnodiging/" not in out
    assert Lidmaatschap.objects.filter(gebruiker=cast.vp, organisatie=cast.org, rol=Rol.ONDERZOEKER).exists()


def test_someone_of_another_organisation_is_offered_the_role(cast):
    out = _run(email=cast.vp.email, organisatie="anderstad", rol="onderzoeker")
    assert "is offered" in out and "/account/uitnodiging/" not in out
    assert not Lidmaatschap.objects.filter(gebruiker=cast.vp, organisatie=cast.other_org).exists()
    assert Roluitnodiging.objects.filter(gebruiker=cast.vp, organisatie=cast.other_org, rol=Rol.ONDERZOEKER).exists()


def test_existing_user_without_password_gets_a_new_link(cast):
    _run(email="later@voorbeeldstad.test", organisatie="voorbeeldstad", rol="rapportagelezer")
    out = _run(email="later@voorbeeldstad.test", organisatie="voorbeeldstad", rol="onderzoeker")
    assert "/account/uitnodiging/" in out
    assert Lidmaatschap.objects.filter(gebruiker__email="later@voorbeeldstad.test").count() == 2


def test_unknown_organisation(cast):
    with pytest.raises(CommandError, match=r"Unknown organisation 'nergens'.*anderstad, voorbeeldstad"):
        _run(email="a@b.test", organisatie="nergens", rol="beheerder")
    assert not User.objects.filter(email="a@b.test").exists()


def test_unknown_role_lists_the_valid_ones(cast):
    with pytest.raises(CommandError, match="Unknown role 'admin'. Valid roles: vertrouwenspersoon, coordinator"):
        _run(email="a@b.test", organisatie="voorbeeldstad", rol="admin")
    assert not User.objects.filter(email="a@b.test").exists()


@pytest.mark.parametrize("email", ["geen-adres", "a@", "@b.nl", ""])
def test_invalid_email(cast, email):
    with pytest.raises(CommandError, match="Invalid e-mail address"):
        _run(email=email, organisatie="voorbeeldstad", rol="beheerder")


def test_extern_only_with_vertrouwenspersoon(cast):
    with pytest.raises(CommandError, match="--extern"):
        _run(email="a@b.test", organisatie="voorbeeldstad", rol="coordinator", extern=True)


def test_required_arguments(db):
    with pytest.raises(CommandError):
        call_command("gebruiker_aanmaken", "--email", "a@b.test", stdout=StringIO(), stderr=StringIO())
