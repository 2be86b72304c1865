"""How the audit log reads for people: Dutch action labels, the object as its kenmerk, the actor's name and role.

The one mapping from action codes to labels lives here (the beheerder's audit log, its CSV export and the VP's
"who opened this dossier" all use it); tests/accounts/test_audit_labels.py fails when the code base writes an
action code that has no label here. Nothing in this module reads case content: an object is shown by its kenmerk
(a melding, a VP-dossier, and what belongs to one of them), or by its kind and number.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.kenmerken import zoek_kenmerk

ACTIE_LABELS = {
    # Signing in and the second factor
    "ingelogd": gettext_lazy("Ingelogd"),
    "inloggen_mislukt": gettext_lazy("Inloggen mislukt"),
    "uitgelogd": gettext_lazy("Uitgelogd"),
    "overal_uitgelogd": gettext_lazy("Overal uitgelogd"),
    "sso_ingelogd": gettext_lazy("Ingelogd via de identiteitsprovider"),
    "sso_geweigerd": gettext_lazy("Inloggen via de identiteitsprovider geweigerd"),
    "sso_koppeling_gewijzigd": gettext_lazy("Koppeling met de identiteitsprovider gewijzigd"),
    "2fa_geslaagd": gettext_lazy("Tweestapsverificatie geslaagd"),
    "2fa_mislukt": gettext_lazy("Tweestapsverificatie mislukt"),
    "2fa_ingesteld": gettext_lazy("Tweestapsverificatie ingesteld"),
    "2fa_instellen_mislukt": gettext_lazy("Instellen van tweestapsverificatie mislukt"),
    "2fa_gereset": gettext_lazy("Tweestapsverificatie gereset"),
    "2fa_backupcodes_vernieuwd": gettext_lazy("Herstelcodes vernieuwd"),
    "2fa_passkey_toegevoegd": gettext_lazy("Passkey toegevoegd"),
    "2fa_passkey_verwijderd": gettext_lazy("Passkey verwijderd"),
    "wachtwoord_gewijzigd": gettext_lazy("Wachtwoord gewijzigd"),
    "profiel_gewijzigd": gettext_lazy("Profiel gewijzigd"),
    "account_hersteld": gettext_lazy("Account hersteld"),
    "herstellink_verstuurd": gettext_lazy("Herstel-link verstuurd"),
    # Users, roles and the organisation
    "gebruiker_aangemaakt": gettext_lazy("Gebruiker aangemaakt"),
    "gebruiker_geactiveerd": gettext_lazy("Gebruiker geactiveerd"),
    "gebruiker_gedeactiveerd": gettext_lazy("Gebruiker gedeactiveerd"),
    "uitnodiging_verstuurd": gettext_lazy("Uitnodiging verstuurd"),
    "uitnodiging_geaccepteerd": gettext_lazy("Uitnodiging geaccepteerd"),
    "rol_toegekend": gettext_lazy("Rol toegekend"),
    "rol_ingetrokken": gettext_lazy("Rol ingetrokken"),
    "rol_aangeboden": gettext_lazy("Rol aangeboden"),
    "rol_aanbod_geaccepteerd": gettext_lazy("Aangeboden rol geaccepteerd"),
    "rol_aanbod_geweigerd": gettext_lazy("Aangeboden rol geweigerd"),
    "rol_aanbod_ingetrokken": gettext_lazy("Aangeboden rol ingetrokken"),
    "organisatie_aangemaakt": gettext_lazy("Organisatie aangemaakt"),
    "onderdeel_aangemaakt": gettext_lazy("Organisatieonderdeel aangemaakt"),
    "onderdeel_gewijzigd": gettext_lazy("Organisatieonderdeel gewijzigd"),
    "onderdeel_hernoemd": gettext_lazy("Organisatieonderdeel hernoemd"),
    "auditlog_bekeken": gettext_lazy("Auditlog bekeken"),
    "auditlog_geexporteerd": gettext_lazy("Auditlog geëxporteerd"),
    "platformbeheer_aangemaakt": gettext_lazy("Aangemaakt door platformbeheer"),
    "platformbeheer_gewijzigd": gettext_lazy("Gewijzigd door platformbeheer"),
    "platformbeheer_verwijderd": gettext_lazy("Verwijderd door platformbeheer"),
    "sleutels_geroteerd": gettext_lazy("Versleutelingssleutels vernieuwd"),
    # The VP register
    "dossier_aangemaakt": gettext_lazy("Dossier aangemaakt"),
    "dossier_gelezen": gettext_lazy("Dossier geopend"),
    "dossier_gewijzigd": gettext_lazy("Dossier gewijzigd"),
    "dossier_afgesloten": gettext_lazy("Dossier afgesloten"),
    "dossier_heropend": gettext_lazy("Dossier heropend"),
    "dossier_gedeeld": gettext_lazy("Dossier gedeeld"),
    "dossier_delen_ingetrokken": gettext_lazy("Delen van dossier ingetrokken"),
    "dossier_delen_verlopen": gettext_lazy("Delen van dossier verlopen"),
    "gesprek_toegevoegd": gettext_lazy("Gesprek toegevoegd"),
    "gesprek_gewijzigd": gettext_lazy("Gesprek gewijzigd"),
    "activiteit_aangemaakt": gettext_lazy("Activiteit vastgelegd"),
    "activiteit_gewijzigd": gettext_lazy("Activiteit gewijzigd"),
    "signaal_aangemaakt": gettext_lazy("Signaal vastgelegd"),
    "signaal_gewijzigd": gettext_lazy("Signaal gewijzigd"),
    "demo_vp_gevuld": gettext_lazy("Demogegevens vertrouwenspersonen aangemaakt"),
    # The meldingen register
    "melding_aangemaakt": gettext_lazy("Melding geregistreerd"),
    "melding_gelezen": gettext_lazy("Melding geopend"),
    "melding_gewijzigd": gettext_lazy("Melding gewijzigd"),
    "melding_status_gewijzigd": gettext_lazy("Status van melding gewijzigd"),
    "melder_identiteit_getoond": gettext_lazy("Identiteit van de melder getoond"),
    "betrokkene_toegevoegd": gettext_lazy("Betrokkene toegevoegd"),
    "betrokkene_gewijzigd": gettext_lazy("Betrokkene gewijzigd"),
    "maatregel_toegevoegd": gettext_lazy("Maatregel toegevoegd"),
    "logboek_toegevoegd": gettext_lazy("Logboekregel toegevoegd"),
    "bijlage_toegevoegd": gettext_lazy("Bijlage toegevoegd"),
    "bijlage_gedownload": gettext_lazy("Bijlage gedownload"),
    "termijn_gestart": gettext_lazy("Wettelijke termijn gestart"),
    "termijn_voldaan": gettext_lazy("Wettelijke termijn voldaan"),
    "termijnherinnering_verstuurd": gettext_lazy("Herinnering aan termijnen verstuurd"),
    "spoorinstelling_gewijzigd": gettext_lazy("Instelling Wbk-termijnen gewijzigd"),
    "categorie_aard_gewijzigd": gettext_lazy("Aard van een VP-onderwerp gewijzigd"),
    "registerinstelling_gewijzigd": gettext_lazy("Leestoegang van onderzoekers na afronding gewijzigd"),
    "feitenonderzoek_wijzigen_geweigerd": gettext_lazy("Wijzigen van afgerond feitenonderzoek geweigerd"),
    "feitenonderzoek_aangemaakt": gettext_lazy("Feitenonderzoek gestart"),
    "feitenonderzoek_gelezen": gettext_lazy("Feitenonderzoek geopend"),
    "feitenonderzoek_gewijzigd": gettext_lazy("Feitenonderzoek gewijzigd"),
    "onderzoeker_toegewezen": gettext_lazy("Onderzoeker toegewezen"),
    "onderzoeker_ingetrokken": gettext_lazy("Onderzoeker ingetrokken"),
    "intern_traject_gestart": gettext_lazy("Intern traject gestart"),
    "intern_traject_gewijzigd": gettext_lazy("Intern traject gewijzigd"),
    # Retention
    "bewaartermijn_ingesteld": gettext_lazy("Bewaartermijn ingesteld"),
    "bewaartermijn_verlengd": gettext_lazy("Bewaartermijn verlengd"),
    "bewaarbericht_verstuurd": gettext_lazy("Bericht over vernietiging verstuurd"),
    "vernietigd": gettext_lazy("Vernietigd na de bewaartermijn"),
    "vernietiging_uitgevoerd": gettext_lazy("Vernietigingsronde uitgevoerd"),
    # Import and export
    "import_gecontroleerd": gettext_lazy("Import gecontroleerd"),
    "import_uitgevoerd": gettext_lazy("Import uitgevoerd"),
    "export_uitgevoerd": gettext_lazy("Export gemaakt"),
    # The jaarverslag
    "jaarverslag_aangemaakt": gettext_lazy("Jaarverslag aangemaakt"),
    "jaarverslag_correctie_aangemaakt": gettext_lazy("Correctie van jaarverslag aangemaakt"),
    "jaarverslag_tekst_gewijzigd": gettext_lazy("Tekst van jaarverslag gewijzigd"),
    "jaarverslag_generatie_gestart": gettext_lazy("Maken van jaarverslag gestart"),
    "jaarverslag_generatie_niet_gestart": gettext_lazy("Maken van jaarverslag kon niet starten"),
    "jaarverslag_generatie_mislukt": gettext_lazy("Maken van jaarverslag mislukt"),
    "jaarverslag_generatie_onderbroken": gettext_lazy("Maken van jaarverslag onderbroken"),
    "jaarverslag_generatie_vastgelopen": gettext_lazy("Maken van jaarverslag vastgelopen"),
    "jaarverslag_gegenereerd": gettext_lazy("Jaarverslag gemaakt"),
    "jaarverslag_vastgesteld": gettext_lazy("Jaarverslag vastgesteld"),
    "jaarverslag_gedeeld": gettext_lazy("Jaarverslag gedeeld"),
    "jaarverslag_gedownload": gettext_lazy("Jaarverslag gedownload"),
    "jaarverslag_export_cli": gettext_lazy("Jaarverslag geëxporteerd via de opdrachtregel"),
    "rapportinstelling_gewijzigd": gettext_lazy("Instelling jaarverslag gewijzigd"),
}


def actie_label(actie: str) -> str:
    """The Dutch label of an action code; a code from an older version without one shows as itself."""
    return str(ACTIE_LABELS.get(actie, actie))


# Objects of the registers are shown by kenmerk: a melding and a VP-dossier by their own, the records belonging to
# one by that one's ("Feitenonderzoek bij 2026-014"). (objecttype, model, path to the kenmerk, label template)
MELDING = "meldingen.melding"
DOSSIER = "vertrouwenspersonen.dossier"
_MET_KENMERK = {
    MELDING: ("meldingen.Melding", "kenmerk", gettext_lazy("Melding %(kenmerk)s")),
    "meldingen.feitenonderzoek": ("meldingen.Feitenonderzoek", "melding__kenmerk",
                                  gettext_lazy("Feitenonderzoek bij %(kenmerk)s")),
    "meldingen.bijlage": ("meldingen.Bijlage", "melding__kenmerk", gettext_lazy("Bijlage bij %(kenmerk)s")),
    DOSSIER: ("vertrouwenspersonen.Dossier", "kenmerk", gettext_lazy("Dossier %(kenmerk)s")),
    "vertrouwenspersonen.gesprek": ("vertrouwenspersonen.Gesprek", "dossier__kenmerk",
                                    gettext_lazy("Gesprek in %(kenmerk)s")),
}
# Other objects by their kind and number only (a name or a title could be content).
SOORTEN = {
    MELDING: gettext_lazy("Melding"),
    "meldingen.feitenonderzoek": gettext_lazy("Feitenonderzoek"),
    "meldingen.bijlage": gettext_lazy("Bijlage"),
    DOSSIER: gettext_lazy("VP-dossier"),
    "vertrouwenspersonen.gesprek": gettext_lazy("Gesprek"),
    "accounts.user": gettext_lazy("Gebruiker"),
    "accounts.lidmaatschap": gettext_lazy("Rol"),
    "accounts.roluitnodiging": gettext_lazy("Aangeboden rol"),
    "accounts.organisatie": gettext_lazy("Organisatie"),
    "accounts.organisatieonderdeel": gettext_lazy("Organisatieonderdeel"),
    "vertrouwenspersonen.activiteit": gettext_lazy("Activiteit"),
    "vertrouwenspersonen.signaal": gettext_lazy("Signaal"),
    "accounts.ssokoppeling": gettext_lazy("Koppeling met identiteitsprovider"),
    "meldingen.spoorinstelling": gettext_lazy("Instelling Wbk-termijnen"),
    "bewaren.bewaartermijn": gettext_lazy("Bewaartermijn"),
    "bewaren.vernietiging": gettext_lazy("Vernietigingsronde"),
    "reports.jaarverslag": gettext_lazy("Jaarverslag"),
    "reports.rapportinstelling": gettext_lazy("Instelling jaarverslag"),
    "reports.generatie": gettext_lazy("Maken van jaarverslag"),
    "reports.rapportbestand": gettext_lazy("Bestand van jaarverslag"),
    "uitwisseling.import": gettext_lazy("Import"),
    "uitwisseling.importrun": gettext_lazy("Import"),
    "django_otp_webauthn.webauthncredential": gettext_lazy("Passkey"),
}


def object_labels(entries: Iterable, organisatie_id: int) -> dict[tuple[str, str], str]:
    """(objecttype, object_id) -> what the log shows for it, for a page of entries: one query per kind of register
    object on the page, whatever the number of rows. Only objects of `organisatie_id` are looked up."""
    per_type: dict[str, set[int]] = defaultdict(set)
    labels: dict[tuple[str, str], str] = {}
    for entry in entries:
        if not entry.object_id:
            continue
        if entry.objecttype in _MET_KENMERK and entry.object_id.isdigit():
            per_type[entry.objecttype].add(int(entry.object_id))
        else:
            soort = SOORTEN.get(entry.objecttype, entry.objecttype)
            labels[(entry.objecttype, entry.object_id)] = f"{soort} #{entry.object_id}"
    for objecttype, ids in per_type.items():
        model_label, pad, sjabloon = _MET_KENMERK[objecttype]
        organisatie_pad = "organisatie_id" if pad == "kenmerk" else f"{pad.split('__')[0]}__organisatie_id"
        gevonden = apps.get_model(model_label).objects.filter(pk__in=ids, **{organisatie_pad: organisatie_id})
        bestaand = set()
        for pk, kenmerk in gevonden.values_list("pk", pad):
            labels[(objecttype, str(pk))] = sjabloon % {"kenmerk": kenmerk}
            bestaand.add(pk)
        for pk in ids - bestaand:
            # Removed since (a record an import undid): the log outlives it.
            labels[(objecttype, str(pk))] = _("%(soort)s #%(id)s (bestaat niet meer)") % {
                "soort": SOORTEN[objecttype], "id": pk}
    return labels


def object_filter(tekst: str, organisatie_id: int) -> Q:
    """The entries about the melding(s) or dossier(s) whose kenmerk is `tekst` or starts with it (the lists' own
    kenmerk search), and about what belongs to them: their investigations, attachments and gesprekken."""
    voorwaarde = Q(pk__in=[])
    for objecttype, (model_label, pad, _sjabloon) in _MET_KENMERK.items():
        model = apps.get_model(model_label)
        if pad == "kenmerk":
            qs = zoek_kenmerk(model.objects.filter(organisatie_id=organisatie_id), tekst)
        else:
            ouder = pad.split("__")[0]
            ouders = zoek_kenmerk(model._meta.get_field(ouder).related_model.objects.filter(
                organisatie_id=organisatie_id), tekst)
            qs = model.objects.filter(**{f"{ouder}__in": ouders})
        ids = qs.order_by().annotate(tekst_id=Cast("pk", CharField())).values("tekst_id")
        voorwaarde |= Q(objecttype=objecttype, object_id__in=ids)
    return voorwaarde


def actoren(entries: Iterable, organisatie_id: int) -> dict[int, dict]:
    """gebruiker_id -> {"naam", "rollen"} for a page of entries, in two queries: the person's current name and the
    roles they hold or held in this organisation (a revoked role still explains an old entry)."""
    from accounts.models import Lidmaatschap, User

    ids = {entry.gebruiker_id for entry in entries if entry.gebruiker_id}
    if not ids:
        return {}
    rollen: dict[int, list[str]] = defaultdict(list)
    for lid in Lidmaatschap.objects.filter(gebruiker_id__in=ids, organisatie_id=organisatie_id).order_by("rol"):
        label = str(lid.get_rol_display())
        if label not in rollen[lid.gebruiker_id]:
            rollen[lid.gebruiker_id].append(label)
    return {
        pk: {"naam": naam or email,
             "rollen": rollen.get(pk) or ([str(_("Platformbeheer"))] if is_superuser else [])}
        for pk, naam, email, is_superuser in User.objects.filter(pk__in=ids).values_list(
            "pk", "naam", "email", "is_superuser")
    }


def regels(entries: QuerySet | list, organisatie_id: int) -> list[dict]:
    """A page of entries as the log shows them (and its CSV export writes them)."""
    entries = list(entries)
    objecten = object_labels(entries, organisatie_id)
    wie = actoren(entries, organisatie_id)
    uitkomst = []
    for entry in entries:
        actor = wie.get(entry.gebruiker_id)
        uitkomst.append({
            "entry": entry,
            "tijdstip": entry.tijdstip,
            "actie": actie_label(entry.actie),
            "actiecode": entry.actie,
            "object": objecten.get((entry.objecttype, entry.object_id), ""),
            "naam": actor["naam"] if actor else (entry.gebruiker_label or _("(systeem)")),
            "rollen": ", ".join(actor["rollen"]) if actor else "",
            "details": "; ".join(f"{sleutel}={waarde}" for sleutel, waarde in entry.details.items()),
            "ip_adres": entry.ip_adres or "",
        })
    return uitkomst
