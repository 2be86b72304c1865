"""Forms of the functioneel beheerder's screens. Every form is scoped to one organisation."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.auditweergave import actie_label
from accounts.forms import KIES
from accounts.kenmerken import KenmerkZoekveld
from accounts.models import Lidmaatschap, Organisatie, Organisatieonderdeel, Rol, User

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

EXTERN_HELP = _("Alleen voor een vertrouwenspersoon: aanvinken als het een externe vertrouwenspersoon is.")


class RolKeuzeMixin(forms.Form):
    rol = forms.ChoiceField(label=_("Rol"), choices=[("", KIES), *Rol.choices])
    extern = forms.BooleanField(label=_("Externe vertrouwenspersoon"), required=False, help_text=EXTERN_HELP)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("extern") and cleaned.get("rol") and cleaned["rol"] != Rol.VERTROUWENSPERSOON:
            self.add_error("extern", _("Alleen een vertrouwenspersoon kan extern zijn. Haal het vinkje weg."))
        return cleaned


class UitnodigenForm(RolKeuzeMixin):
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.")},
    )
    naam = forms.CharField(
        label=_("Naam"), max_length=150, required=False,
        help_text=_("Wordt alleen gebruikt als de persoon nog geen account heeft."),
    )
    field_order = ["email", "naam", "rol", "extern"]

    def __init__(self, *args, organisatie: Organisatie, **kwargs):
        self.organisatie = organisatie
        super().__init__(*args, **kwargs)

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self):
        cleaned = super().clean()
        email, rol = cleaned.get("email"), cleaned.get("rol")
        if email and rol and Lidmaatschap.objects.filter(
            gebruiker__email__iexact=email, gebruiker__is_active=True, organisatie=self.organisatie, rol=rol,
            actief=True, extern=bool(cleaned.get("extern")) and rol == Rol.VERTROUWENSPERSOON,
        ).exists():
            self.add_error("rol", _("Deze persoon heeft deze rol al in uw organisatie."))
        return cleaned


class RolToevoegenForm(RolKeuzeMixin):
    def __init__(self, *args, gebruiker: User, organisatie: Organisatie, **kwargs):
        self.gebruiker = gebruiker
        self.organisatie = organisatie
        super().__init__(*args, **kwargs)
        self.fields["rol"].label = _("Rol toevoegen")

    def clean(self):
        cleaned = super().clean()
        rol = cleaned.get("rol")
        if rol and self.gebruiker.is_active and Lidmaatschap.objects.filter(
            gebruiker=self.gebruiker, organisatie=self.organisatie, rol=rol, actief=True,
            extern=bool(cleaned.get("extern")) and rol == Rol.VERTROUWENSPERSOON,
        ).exists():
            self.add_error("rol", _("Deze gebruiker heeft deze rol al in uw organisatie."))
        return cleaned


def naam_overlapt(
    *, organisatie: Organisatie, naam: str, van: datetime.date, tot: datetime.date | None, behalve=()
) -> bool:
    """Another unit of the organisation carries the same name during (part of) the period van..tot."""
    andere = Organisatieonderdeel.objects.filter(organisatie=organisatie, naam__iexact=naam.strip()).exclude(
        pk__in=[o.pk for o in behalve if o is not None and o.pk]
    )
    andere = andere.filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=van))
    if tot is not None:
        andere = andere.filter(geldig_van__lte=tot)
    return andere.exists()


DUBBELE_NAAM = _(
    "Er is in deze periode al een organisatieonderdeel met de naam “%(naam)s”. Kies een andere naam, "
    "of trek het bestaande onderdeel eerst in."
)


class OnderdeelNieuwForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200)
    geldig_van = forms.DateField(
        label=_("Geldig vanaf"), widget=DATE_WIDGET,
        help_text=_("Meldingen kunnen alleen aan dit onderdeel worden gekoppeld vanaf deze datum. "
                    "Standaard 1 januari van dit jaar."),
    )

    def __init__(self, *args, organisatie: Organisatie, **kwargs):
        self.organisatie = organisatie
        super().__init__(*args, **kwargs)
        self.fields["geldig_van"].initial = datetime.date(timezone.localdate().year, 1, 1)

    def clean(self):
        cleaned = super().clean()
        naam, van = cleaned.get("naam"), cleaned.get("geldig_van")
        if naam and van and naam_overlapt(organisatie=self.organisatie, naam=naam, van=van, tot=None):
            self.add_error("naam", DUBBELE_NAAM % {"naam": naam.strip()})
        return cleaned


class OnderdeelWijzigenForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200)
    geldig_tot = forms.DateField(
        label=_("Geldig tot en met"), required=False, widget=DATE_WIDGET,
        help_text=_("Vul een einddatum in om het onderdeel in te trekken. Leeg laten als het nog bestaat."),
    )

    def __init__(self, *args, onderdeel: Organisatieonderdeel, **kwargs):
        self.onderdeel = onderdeel
        kwargs.setdefault("initial", {"naam": onderdeel.naam, "geldig_tot": onderdeel.geldig_tot})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        naam, tot = cleaned.get("naam"), cleaned.get("geldig_tot")
        if tot is not None and tot < self.onderdeel.geldig_van:
            self.add_error("geldig_tot", _("De einddatum ligt vóór de begindatum (%(datum)s).")
                           % {"datum": self.onderdeel.geldig_van.strftime("%d-%m-%Y")})
        elif naam and naam_overlapt(organisatie=self.onderdeel.organisatie, naam=naam,
                                    van=self.onderdeel.geldig_van, tot=tot, behalve=[self.onderdeel]):
            self.add_error("naam", DUBBELE_NAAM % {"naam": naam.strip()})
        return cleaned


class OnderdeelHernoemenForm(forms.Form):
    nieuwe_naam = forms.CharField(label=_("Nieuwe naam"), max_length=200)
    per_datum = forms.DateField(
        label=_("Per datum"), widget=DATE_WIDGET,
        help_text=_("Het huidige onderdeel eindigt de dag ervoor; het nieuwe begint op deze datum."),
    )

    def __init__(self, *args, onderdeel: Organisatieonderdeel, **kwargs):
        self.onderdeel = onderdeel
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        naam, per = cleaned.get("nieuwe_naam"), cleaned.get("per_datum")
        if per is None:
            return cleaned
        if per <= self.onderdeel.geldig_van:
            self.add_error("per_datum", _("Kies een datum na de begindatum van het onderdeel (%(datum)s).")
                           % {"datum": self.onderdeel.geldig_van.strftime("%d-%m-%Y")})
        elif self.onderdeel.geldig_tot is not None and per > self.onderdeel.geldig_tot:
            self.add_error("per_datum", _("Het onderdeel is op die datum al ingetrokken."))
        elif naam and naam.strip().lower() == self.onderdeel.naam.lower():
            self.add_error("nieuwe_naam", _("De nieuwe naam is gelijk aan de huidige naam."))
        elif naam and naam_overlapt(organisatie=self.onderdeel.organisatie, naam=naam, van=per,
                                    tot=self.onderdeel.geldig_tot, behalve=[self.onderdeel]):
            self.add_error("nieuwe_naam", DUBBELE_NAAM % {"naam": naam.strip()})
        return cleaned


class AuditFilterForm(forms.Form):
    kenmerk = KenmerkZoekveld(
        label=_("Object (kenmerk)"),
        help_text=_("Kenmerk van een melding of VP-dossier, of het begin ervan, bijvoorbeeld 2026-014 of VP-2026."),
    )
    gebruiker = forms.TypedChoiceField(label=_("Wie"), required=False, coerce=int, empty_value=None)
    actie = forms.ChoiceField(label=_("Actie"), required=False)
    van = forms.DateField(label=_("Van"), required=False, widget=DATE_WIDGET)
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, gebruikers, acties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].choices = [("", _("Iedereen"))] + [(u.pk, str(u)) for u in gebruikers]
        self.fields["actie"].choices = [("", _("Alle acties"))] + sorted(
            ((a, actie_label(a)) for a in acties), key=lambda keuze: keuze[1].casefold())

    def clean(self):
        cleaned = super().clean()
        van, tot = cleaned.get("van"), cleaned.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return cleaned


class VpAardForm(forms.Form):
    """The aard of every VP onderwerp of the organisation, one choice per topic (retired ones included: they still
    count in the reports of the years they were valid)."""

    def __init__(self, *args, organisatie: Organisatie, **kwargs):
        from taxonomie.models import Aard, Categorie, Soort

        super().__init__(*args, **kwargs)
        self.onderwerpen = list(
            Categorie.objects.van(organisatie, Soort.VP_ONDERWERP).select_related("parent")
            .order_by("parent__volgorde", "volgorde", "label")
        )
        # Top-level topics first in taxonomy order, each followed by its sub-topics.
        self.onderwerpen.sort(key=lambda c: ((c.parent.volgorde if c.parent_id else c.volgorde), c.parent_id is not None,
                                             c.volgorde, c.label))
        for categorie in self.onderwerpen:
            self.fields[f"aard_{categorie.pk}"] = forms.ChoiceField(
                label=str(categorie), choices=Aard.choices, initial=categorie.aard,
            )

    def aarden(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"aard_{c.pk}"] for c in self.onderwerpen}
