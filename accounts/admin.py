"""The platform admin's pages for accounts and organisations. What it may not do is the point of this module.

- No password can be set here and no e-mail address changed (an address is where a one-time link goes). An operator
  who helps a locked-out person sends a one-time herstel-link to that person's own address; the person sets the
  password and enrols the second factor themself.
- Roles are shown, never edited: they are granted through the beheer screens and `gebruiker_aanmaken`, whose
  services audit and, across organisations, ask the person's consent.
- Accounts and organisations are created by the operator commands (`gebruiker_aanmaken`, `organisatie_aanmaken`:
  an organisation needs its taxonomies) and never deleted (the audit log and the registers point at them).
Every write that is left is audited by accounts.platformbeheer.AuditedAdminMixin.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import services
from accounts.models import Lidmaatschap, Organisatie, Organisatieonderdeel, User


class AlleenLezenInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LidmaatschapInline(AlleenLezenInline):
    model = Lidmaatschap
    fields = ["organisatie", "rol", "extern", "actief", "aangemaakt_op"]
    readonly_fields = fields


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    ordering = ["email"]
    list_display = ["email", "naam", "is_active", "is_staff", "is_superuser", "last_login"]
    search_fields = ["email", "naam"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    fieldsets = [
        (None, {"fields": ["email", "naam", "taal"]}),
        (_lazy("Status"), {"fields": ["is_active", "is_staff", "is_superuser", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["email", "last_login", "date_joined"]
    inlines = [LidmaatschapInline]
    actions = ["herstellink_versturen"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "is_active" in form.changed_data and not obj.is_active:
            obj.sessie_salt = User._meta.get_field("sessie_salt").default()  # a switched-off account's sessions end
        super().save_model(request, obj, form, change)

    @admin.action(description=_lazy("Eenmalige herstel-link sturen (nieuw wachtwoord en tweestapsverificatie)"))
    def herstellink_versturen(self, request, queryset):
        verstuurd = 0
        for gebruiker in queryset:
            if not gebruiker.is_active:
                self.message_user(request, _("%(email)s is uitgeschakeld en krijgt geen herstel-link.")
                                  % {"email": gebruiker.email}, messages.WARNING)
                continue
            services.herstellink_versturen(gebruiker=gebruiker, door=request.user, request=request)
            verstuurd += 1
        if verstuurd:
            self.message_user(request, _("Herstel-link verstuurd naar %(aantal)s account(s). De link gaat alleen naar "
                                         "het eigen e-mailadres van de persoon.") % {"aantal": verstuurd})


class OnderdeelInline(AlleenLezenInline):
    model = Organisatieonderdeel
    fields = ["naam", "geldig_van", "geldig_tot"]
    readonly_fields = fields


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "slug", "indeling"]
    fields = ["naam", "slug", "indeling", "minimum_celgrootte", "aangemaakt_op"]
    readonly_fields = ["slug", "aangemaakt_op"]
    inlines = [OnderdeelInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
