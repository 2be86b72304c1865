from django.urls import path

from accounts import passkeys, views
from accounts.sso import views as sso_views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    # Single sign-on with the organisation's identity provider (accounts/sso/).
    path("sso/<slug:slug>/", sso_views.start_view, name="sso_start"),
    path("sso-terug/", sso_views.terug_view, name="sso_terug"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("overal-uitloggen/", views.logout_everywhere_view, name="logout_everywhere"),
    path("verificatie/", views.verify_view, name="2fa_verify"),
    path("verificatie/instellen/", views.setup_view, name="2fa_setup"),
    path("verificatie/backupcodes/", views.backup_codes_view, name="2fa_backup_codes"),
    # Passkeys (accounts/passkeys.py): django-otp-webauthn's JSON ceremonies, audited.
    path("passkey/registratie/begin/", passkeys.registratie_begin_view, name="passkey_registratie_begin"),
    path("passkey/registratie/voltooien/", passkeys.registratie_voltooien_view, name="passkey_registratie_voltooien"),
    path("passkey/verificatie/begin/", passkeys.verificatie_begin_view, name="passkey_verificatie_begin"),
    path("passkey/verificatie/voltooien/", passkeys.verificatie_voltooien_view, name="passkey_verificatie_voltooien"),
    path("passkey/ingesteld/", passkeys.ingesteld_view, name="passkey_ingesteld"),
    path("passkey/<int:pk>/verwijderen/", passkeys.verwijderen_view, name="passkey_verwijderen"),
    path("uitnodiging/<uidb64>/<token>/", views.invitation_view, name="uitnodiging"),
    path("herstel/<uidb64>/<token>/", views.herstel_view, name="herstel"),
    path("wachtwoord/", views.wachtwoord_view, name="wachtwoord"),
    path("uitnodigingen/", views.roluitnodigingen_view, name="roluitnodigingen"),
    path("uitnodigingen/<int:pk>/accepteren/", views.roluitnodiging_accepteren_view, name="roluitnodiging_accepteren"),
    path("uitnodigingen/<int:pk>/weigeren/", views.roluitnodiging_weigeren_view, name="roluitnodiging_weigeren"),
    path("organisatie/wisselen/", views.switch_organisation_view, name="switch_organisation"),
    path("organisatie/kiezen/", views.organisatie_kiezen_view, name="organisatie_kiezen"),
    path("profiel/", views.profile_view, name="profiel"),
]
