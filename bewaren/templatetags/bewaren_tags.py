"""The dashboards' retention notice: the viewer's own records whose destruction is due within 30 days."""

import datetime

from django import template
from django.utils import timezone

from bewaren.models import Register
from bewaren.services import VOORAANKONDIGING_DAGEN

register = template.Library()


@register.inclusion_tag("bewaren/_binnenkort.html", takes_context=True)
def bewaren_binnenkort(context, register_naam: str):
    request = context["request"]
    grens = timezone.localdate() + datetime.timedelta(days=VOORAANKONDIGING_DAGEN)
    if register_naam == Register.VP:
        from vertrouwenspersonen.selectors import dossiers_visible_to

        qs = dossiers_visible_to(request.user, request.organisatie).filter(eigenaar=request.user)
        url_name = "vertrouwenspersonen:dossier"
    else:
        from meldingen.selectors import meldingen_visible_to

        qs = meldingen_visible_to(request.user, request.organisatie)
        url_name = "meldingen:detail"
    items = list(
        qs.filter(vernietigd_op__isnull=True, vernietigen_op__isnull=False, vernietigen_op__lte=grens)
        .order_by("vernietigen_op", "pk")[:50]
    )
    return {"items": items, "url_name": url_name}
