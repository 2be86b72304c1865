"""A failed account e-mail is logged by user id and exception type: an SMTP error can carry the address."""

from django.urls import reverse


def test_a_refused_account_mail_is_logged_without_the_address(cast, client_for, monkeypatch, caplog):
    import logging
    import smtplib

    def geweigerd(subject, body, van, aan, **kwargs):
        raise smtplib.SMTPRecipientsRefused({aan[0]: (550, b"unknown user " + aan[0].encode())})

    monkeypatch.setattr("django.core.mail.send_mail", geweigerd)
    with caplog.at_level(logging.DEBUG, logger="accounts.beheer_views"):
        response = client_for(cast.beheerder).post(reverse("beheer:herstellink", args=[cast.vp.pk]),
                                                   follow=True)
    assert "kon niet worden verstuurd" in response.content.decode()
    regels = [r for r in caplog.records if r.name == "accounts.beheer_views"]
    assert regels and all(r.exc_info is None for r in regels)
    tekst = "\n".join(r.getMessage() for r in regels)
    assert str(cast.vp.pk) in tekst and "SMTPRecipientsRefused" in tekst
    assert cast.vp.email not in caplog.text
