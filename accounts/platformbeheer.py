"""The platform operator's Django admin (/platformbeheer/): accounts and organisations, and no back door.

docs/security.md ("The platform operator") says what the operator can and cannot do; this module enforces it:
- Only the models in TOEGESTAAN can be registered, whatever another app's admin.py tries: no django-otp devices
  (a TOTP secret or a backup code lets the reader log in as that person), no groups or permissions, no case model.
- Every ModelAdmin is wrapped so that each write it makes is also written to the hash-chained audit log, with the
  operator as actor. Django's own LogEntry table is editable and proves nothing.
- The contenttypes "view on site" redirect is left out: it answers for any object of any model, so it would tell
  whether, say, dossier 1234 exists.
This module is imported while apps load (as the admin's default site), so it imports no models at module level.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import transaction
from django.db.models.base import ModelBase

# app_label.model_name of everything the platform admin may show.
TOEGESTAAN = frozenset({
    "accounts.user",
    "accounts.organisatie",
    # django-axes: who was locked out, and removing an attempt to unlock someone. Metadata only.
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
})
# Of those, what can be looked at and never changed: login evidence.
ALLEEN_LEZEN = frozenset({"axes.accesslog", "axes.accessfailurelog"})


def _organisaties(obj) -> list:
    """The organisations whose audit log must show a write to `obj`: a person's, an organisation itself."""
    from accounts.models import Lidmaatschap, Organisatie, User

    if isinstance(obj, Organisatie):
        return [obj]
    if isinstance(obj, User) and obj.pk:
        ids = Lidmaatschap.objects.filter(gebruiker=obj).values_list("organisatie_id", flat=True).distinct()
        return list(Organisatie.objects.filter(pk__in=ids)) or [None]
    return [getattr(obj, "organisatie", None)]


def audit_platformbeheer(actie: str, *, request, obj, details: dict | None = None) -> None:
    """One audit entry per organisation concerned, so each organisation's beheerder sees what the operator did."""
    from accounts.audit import audit

    for organisatie in _organisaties(obj):
        audit(actie, request=request, organisatie=organisatie, objecttype=obj._meta.label_lower,
              object_id=obj.pk, details={"via": "platformbeheer", **(details or {})})


class AuditedAdminMixin:
    """Writes every add, change and delete of this ModelAdmin to the audit log, in the same transaction."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_platformbeheer("platformbeheer_gewijzigd" if change else "platformbeheer_aangemaakt",
                                 request=request, obj=obj, details={"velden": sorted(form.changed_data)})

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                audit_platformbeheer("platformbeheer_aangemaakt", request=request, obj=obj)
            for obj, velden in formset.changed_objects:
                audit_platformbeheer("platformbeheer_gewijzigd", request=request, obj=obj,
                                     details={"velden": sorted(velden)})
            for obj in formset.deleted_objects:
                audit_platformbeheer("platformbeheer_verwijderd", request=request, obj=obj)

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_platformbeheer("platformbeheer_verwijderd", request=request, obj=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit_platformbeheer("platformbeheer_verwijderd", request=request, obj=obj)
            super().delete_queryset(request, queryset)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlatformAdminSite(admin.AdminSite):
    site_header = "Vertrouwd platformbeheer"
    site_title = "Vertrouwd platformbeheer"
    index_title = "Accounts en organisaties"

    def register(self, model_or_iterable, admin_class=None, **options):
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else list(model_or_iterable)
        for model in models:
            if model._meta.label_lower not in TOEGESTAAN:
                continue  # e.g. django-otp's device admins: never shown (module docstring)
            base = admin_class or admin.ModelAdmin
            mixins = (ReadOnlyAdminMixin,) if model._meta.label_lower in ALLEEN_LEZEN else ()
            audited = type(f"Audited{base.__name__}", (*mixins, AuditedAdminMixin, base), {})
            super().register(model, audited, **options)

    def get_urls(self):
        return [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]

    def password_change(self, request, extra_context=None):
        # No password form in the platform admin, not even for the operator's own account: passwords are set
        # through one-time links only (accounts.services.herstellink_versturen).
        from django.http import Http404

        raise Http404


class PlatformAdminConfig(AdminConfig):
    default_site = "accounts.platformbeheer.PlatformAdminSite"
