"""The floor a list page is measured against (issue "fast lists"): a bare view that renders the same 25 rows of the
same table inside the same page chrome, through the same middleware, with nothing else. A list page within 2x of
its floor spends its time on the rows it shows, not on forms, annotations or decrypting what it never shows.

Only the benchmark routes to these views (benchmarking/urls.py, set as ROOT_URLCONF while it measures).
"""

from django.db.models import F
from django.http import HttpResponse
from django.template import engines

from meldingen.models import Melding
from vertrouwenspersonen.models import Dossier

_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1 class="h3">Vloer</h1><table class="table table-sm"><tbody>'
    "{% for r in rijen %}<tr><th scope=\"row\">{{ r.kenmerk }}</th><td>{{ r.datum|date:'d-m-Y' }}</td>"
    "<td>{{ r.status }}</td><td>{{ r.categorie }}</td></tr>{% endfor %}</tbody></table>{% endblock %}"
)
RIJEN = 25


def _render(request, rijen) -> HttpResponse:
    return HttpResponse(_TEMPLATE.render({"rijen": list(rijen)}, request))


def meldingen_vloer(request):
    rijen = (Melding.objects.filter(organisatie=request.organisatie).order_by("-ontvangen_op", "-id")
             .values("kenmerk", "status", datum=F("ontvangen_op"), categorie=F("onderwerp__label")))
    return _render(request, rijen[:RIJEN])


def vp_vloer(request):
    rijen = (Dossier.objects.filter(organisatie=request.organisatie, eigenaar=request.user)
             .order_by("-eerste_contact", "-id")
             .values("kenmerk", "status", datum=F("eerste_contact"), categorie=F("onderdeel__naam")))
    return _render(request, rijen[:RIJEN])


# Which floor each page is compared with: the register of the user who opens it.
VLOER_URLS = {"coordinator": "benchmark_vloer_meldingen", "vp": "benchmark_vloer_vp"}
