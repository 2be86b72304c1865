"""Categories are data, not code: per organisation, versioned by validity dates, never hard-deleted.

Both registers and the report use them (VP onderwerpen; integrity onderwerpen, bevindingen and maatregelen), so they
live in their own app: the VP register does not import the coordinator's app to reach its own topics.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Geldigheid, GeldigheidQuerySet, Organisatie


class Soort(models.TextChoices):
    VP_ONDERWERP = "vp_onderwerp", _("Onderwerp (vertrouwenspersonen)")
    INTEGRITEIT_ONDERWERP = "integriteit_onderwerp", _("Onderwerp (meldingenregister)")
    BEVINDING = "bevinding", _("Bevinding")
    MAATREGEL = "maatregel", _("Maatregel of gevolg")


class Aard(models.TextChoices):
    """The group a VP onderwerp belongs to: every VP report splits its meldingen into ongewenst gedrag,
    integriteit, or both (DOMAIN.md, "Aard"). Only VP onderwerpen carry one that matters."""

    ONGEWENST_GEDRAG = "ongewenst_gedrag", _("Ongewenst gedrag")
    INTEGRITEIT = "integriteit", _("Integriteit")
    GEEN = "geen", _("Geen van beide")


def volledige_naam(label: str | None, parent_label: str | None) -> str:
    """How a category is written everywhere (screens, files, the jaarverslag): 'Parent – label' for a sub-category."""
    if label is None:
        return ""
    return f"{parent_label} – {label}" if parent_label else label


class CategorieQuerySet(GeldigheidQuerySet):
    def van(self, organisatie, soort: str):
        return self.filter(organisatie=organisatie, soort=soort)


class Categorie(Geldigheid):
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="categorieen")
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subcategorieen",
        verbose_name=_("valt onder"),
    )
    label = models.CharField(_("omschrijving"), max_length=200)
    code = models.SlugField(_("code"), max_length=80)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    aard = models.CharField(
        _("aard"), max_length=20, choices=Aard.choices, default=Aard.GEEN,
        help_text=_("Alleen voor onderwerpen van de vertrouwenspersonen: telt een melding over dit onderwerp als "
                    "ongewenst gedrag, als integriteit, of geen van beide?"),
    )

    objects = CategorieQuerySet.as_manager()

    class Meta:
        # The table kept its name from when the taxonomy lived in the meldingen app: renaming a table that both
        # registers point at buys nothing and risks a long lock on a live database.
        db_table = "meldingen_categorie"
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")
        ordering = ["soort", "volgorde", "label"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "soort", "code"], name="categorie_code_uniek"),
        ]
        indexes = [models.Index(fields=["organisatie", "soort"], name="meldingen_c_organis_625b6c_idx")]

    def __str__(self) -> str:
        return volledige_naam(self.label, self.parent.label if self.parent_id else None)


def categorie_naam(categorie: Categorie, parents: dict[int, Categorie]) -> str:
    """`volledige_naam` of a category whose parents were loaded beforehand (files of thousands of rows)."""
    parent = parents.get(categorie.parent_id) if categorie.parent_id else None
    return volledige_naam(categorie.label, parent.label if parent else None)
