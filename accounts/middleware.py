import structlog
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django_structlog.middlewares import RequestMiddleware

from accounts.organisation import load_active_organisation


def otp_not_required(view):
    """Mark a view reachable by a logged-in user who has not completed 2FA yet (login steps, enrolment)."""
    view.otp_not_required = True
    return view


def otp_not_required_for_first_enrolment(view):
    """Reachable before 2FA only by an account that has no second factor yet (enrolling its first one); anyone
    with a second factor must use it first, so a stolen password cannot add another."""
    view.otp_not_required_without_device = True
    return view


class TwoFactorRequiredMiddleware:
    """Every page behind the login also needs a completed second factor (TOTP or a backup code)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or getattr(view_func, "otp_not_required", False):
            return None
        if getattr(view_func, "login_required", True) is False:  # public pages (Django's @login_not_required)
            return None
        if user.is_verified():
            return None
        from accounts.twofactor import has_second_factor

        enrolled = has_second_factor(user)
        if not enrolled and getattr(view_func, "otp_not_required_without_device", False):
            return None
        target = "accounts:2fa_verify" if enrolled else "accounts:2fa_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class RequestLogMiddleware(RequestMiddleware):
    """django-structlog's request logging, with the path only: no query string, no one-time link tokens."""

    @staticmethod
    def format_request(request) -> str:
        from config.logging import request_line

        return request_line(request)


def zonder_organisatiekeuze(view):
    """Mark a view that works before someone with several organisations has chosen one (the choice itself,
    logging out, the profile, role invitations)."""
    view.zonder_organisatiekeuze = True
    return view


class ActiveOrganisationMiddleware:
    """Sets request.organisatie (the organisation the user works in now) and request.rollen (their roles there),
    and sends someone with several organisations who has not chosen one yet to the choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        load_active_organisation(request)
        if request.organisatie is not None:
            structlog.contextvars.bind_contextvars(organisatie_id=request.organisatie.pk)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.organisatiekeuze_nodig:
            return None
        if getattr(view_func, "zonder_organisatiekeuze", False) or getattr(view_func, "otp_not_required", False):
            return None
        if getattr(view_func, "login_required", True) is False:
            return None
        return redirect(f"{reverse('accounts:organisatie_kiezen')}?{urlencode({'next': request.get_full_path()})}")


class TaalMiddleware(LocaleMiddleware):
    """Dutch for everyone until they choose English themselves.

    Django's LocaleMiddleware follows the browser's Accept-Language, so an English browser saw the invitation and
    login pages in English and Dutch after the password step. Here only a choice counts: the footer switch (its
    cookie) before login, the account's own language after it (UserLanguageMiddleware)."""

    def process_request(self, request):
        taal = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(taal if taal in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class UserLanguageMiddleware:
    """A logged-in user's own language choice wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.taal in dict(settings.LANGUAGES):
            translation.activate(user.taal)
            request.LANGUAGE_CODE = user.taal
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class NoStoreMiddleware:
    """Nothing a logged-in user sees may be kept by a browser or proxy cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
