"""The Django admin manages users and organisations only. Case models are never registered here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Lidmaatschap, Organisatie, Organisatieonderdeel, User


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "naam", "is_active", "is_staff"]
    search_fields = ["email", "naam"]
    fieldsets = [
        (None, {"fields": ["email", "naam", "password", "taal"]}),
        ("Status", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal: list[str] = []
    list_filter = ["is_active", "is_staff"]
    inlines = [LidmaatschapInline]


class OnderdeelInline(admin.TabularInline):
    model = Organisatieonderdeel
    extra = 0
    can_delete = False


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "slug", "indeling"]
    prepopulated_fields = {"slug": ["naam"]}
    inlines = [OnderdeelInline]
