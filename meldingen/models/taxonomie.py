"""Categories are data, not code: per organisation, versioned by validity dates, never hard-deleted."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Geldigheid, GeldigheidQuerySet, Organisatie


class Soort(models.TextChoices):
    VP_ONDERWERP = "vp_onderwerp", _("Onderwerp (vertrouwenspersonen)")
    INTEGRITEIT_ONDERWERP = "integriteit_onderwerp", _("Onderwerp (meldingenregister)")
    BEVINDING = "bevinding", _("Bevinding")
    MAATREGEL = "maatregel", _("Maatregel of gevolg")


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

    objects = CategorieQuerySet.as_manager()

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")
        ordering = ["soort", "volgorde", "label"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "soort", "code"], name="categorie_code_uniek"),
        ]
        indexes = [models.Index(fields=["organisatie", "soort"])]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.label} – {self.label}"
        return self.label
