"""Error pages that reveal nothing: no object names, no paths, no exception text."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def bad_request(request, exception=None):
    # Standalone like 500.html: the request may have failed before the middleware set up the page's context.
    return render(request, "400.html", status=400)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    return render(request, "500.html", status=500)


class DemoFoutpaginaMiddleware:
    """Demo mode runs with DEBUG on, so a missing page showed Django's technical 404 (URL patterns and all) to
    someone trying the product. In demo mode it is the product's own Dutch page; DEBUG alone keeps Django's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and settings.DEMO_MODE and _is_technisch(response):
            return page_not_found(request)
        return response


def _is_technisch(response) -> bool:
    return (not getattr(response, "streaming", False) and response.get("Content-Type", "").startswith("text/html")
            and b"DEBUG = True" in response.content)
