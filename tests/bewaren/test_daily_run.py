"""The daily run: destruction never waits for the mail server, and a notice counts only once somebody was told."""

import datetime
import smtplib

from django.core import mail

from bewaren import services
from meldingen.models import Melding
from tests.bewaren.test_retention import _afgehandelde_melding, _gesloten_dossier
from tests.integration.conftest import free_port
from vertrouwenspersonen.models import Dossier

D = datetime.date
VANDAAG = D(2025, 1, 1)


def _binnenkort(obj):
    """Due within the 30-day window of VANDAAG, not yet announced."""
    type(obj).objects.filter(pk=obj.pk).update(vernietigen_op=VANDAAG + datetime.timedelta(days=10),
                                               bewaarbericht_op=None)


def test_a_mail_server_that_is_down_destroys_anyway_and_announces_nothing(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    te_vernietigen = _gesloten_dossier(cast)  # due 2024-06-01
    aan_te_kondigen = _gesloten_dossier(cast)
    _binnenkort(aan_te_kondigen)

    resultaat = services.dagelijks(today=VANDAAG)

    assert resultaat["vernietigd"] == 1 and resultaat["berichten"] == 0
    assert Dossier.objects.get(pk=te_vernietigen.pk).vernietigd_op is not None
    # Nobody was told, so the next run tries again.
    assert Dossier.objects.get(pk=aan_te_kondigen.pk).bewaarbericht_op is None


def test_the_log_line_of_a_failed_notice_names_no_address(cast, monkeypatch, caplog):
    dossier = _gesloten_dossier(cast)
    _binnenkort(dossier)

    def geweigerd(subject, body, van, aan, **kwargs):
        raise smtplib.SMTPRecipientsRefused({aan[0]: (550, b"no such user " + aan[0].encode())})

    monkeypatch.setattr(services, "send_mail", geweigerd)
    assert services.bewaarberichten_versturen(today=VANDAAG) == 0
    assert cast.vp.email not in caplog.text and "SMTPRecipientsRefused" in caplog.text
    assert str(cast.vp.pk) in caplog.text


def test_only_the_records_of_people_actually_mailed_are_announced(cast, monkeypatch):
    dossier = _gesloten_dossier(cast)
    melding = _afgehandelde_melding(cast)
    _binnenkort(dossier)
    _binnenkort(melding)
    echt = services.send_mail

    def vp_weigert(subject, body, van, aan, **kwargs):
        if aan == [cast.vp.email]:
            raise smtplib.SMTPServerDisconnected("weg")
        return echt(subject, body, van, aan, **kwargs)

    monkeypatch.setattr(services, "send_mail", vp_weigert)
    mail.outbox.clear()
    assert services.bewaarberichten_versturen(today=VANDAAG) == 1
    assert Melding.objects.get(pk=melding.pk).bewaarbericht_op == VANDAAG
    assert Dossier.objects.get(pk=dossier.pk).bewaarbericht_op is None

    # The retry mails the VP only; the coordinator, already told, is not mailed again.
    monkeypatch.setattr(services, "send_mail", echt)
    mail.outbox.clear()
    assert services.bewaarberichten_versturen(today=VANDAAG) == 1
    assert [m.to for m in mail.outbox] == [[cast.vp.email]]
    assert Dossier.objects.get(pk=dossier.pk).bewaarbericht_op == VANDAAG


def test_records_of_an_inactive_owner_stay_unannounced(cast):
    dossier = _gesloten_dossier(cast)
    _binnenkort(dossier)
    type(cast.vp).objects.filter(pk=cast.vp.pk).update(is_active=False)
    mail.outbox.clear()
    assert services.bewaarberichten_versturen(today=VANDAAG) == 0
    assert mail.outbox == []
    assert Dossier.objects.get(pk=dossier.pk).bewaarbericht_op is None


class _Tussendoor:
    """Stands in for Organisatie in bewaren.services: runs `actie` in the window between the due query and the lock."""

    def __init__(self, actie):
        from accounts.models import Organisatie

        echt = Organisatie.objects

        class Manager:
            @staticmethod
            def get(**kwargs):
                actie()
                return echt.get(**kwargs)

        self.objects = Manager()


def test_a_record_reopened_after_the_due_query_is_not_destroyed(cast, monkeypatch):
    from vertrouwenspersonen import services as vpservices

    dossier = _gesloten_dossier(cast)
    monkeypatch.setattr(services, "Organisatie", _Tussendoor(
        lambda: vpservices.dossier_heropenen(dossier=Dossier.objects.get(pk=dossier.pk), door=cast.vp)))
    assert services.vernietigen(today=VANDAAG) == 0
    assert Dossier.objects.get(pk=dossier.pk).vernietigd_op is None


def test_a_record_extended_after_the_due_query_is_not_destroyed(cast, monkeypatch):
    dossier = _gesloten_dossier(cast)
    monkeypatch.setattr(services, "Organisatie", _Tussendoor(
        lambda: Dossier.objects.filter(pk=dossier.pk).update(vernietigen_op=D(2026, 1, 1))))
    assert services.vernietigen(today=VANDAAG) == 0
    assert Dossier.objects.get(pk=dossier.pk).vernietigd_op is None


def test_extending_a_record_destroyed_since_it_was_loaded_is_refused(cast):
    import pytest
    from django.core.exceptions import ValidationError

    from accounts.audit import AuditEntry

    dossier = _gesloten_dossier(cast)  # loaded before the daily run
    services.vernietigen(today=VANDAAG)
    with pytest.raises(ValidationError, match="Dit is al vernietigd"):
        services.termijn_verlengen(obj=dossier, tot=D(2026, 1, 1), reden="Procedure loopt", door=cast.vp)
    opnieuw = Dossier.objects.get(pk=dossier.pk)
    assert opnieuw.vernietigen_op == D(2024, 6, 1) and opnieuw.verlenging_reden == ""
    assert not AuditEntry.objects.filter(actie="bewaartermijn_verlengd").exists()
