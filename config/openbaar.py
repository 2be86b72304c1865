"""Public pages that belong to no app: the accessibility statement (Besluit digitale toegankelijkheid overheid)."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.shortcuts import render
from django.views.decorators.http import require_GET

# The day the statement was drawn up; review it yearly and after large changes (the statement says so).
VERKLARING_OPGESTELD = datetime.date(2026, 12, 1)


def _contact_link(contact: str) -> str:
    try:
        validate_email(contact)
    except ValidationError:
        return contact  # a web address
    return f"mailto:{contact}"


@login_not_required
@require_GET
def toegankelijkheid_view(request):
    contact = settings.TOEGANKELIJKHEID_CONTACT
    return render(request, "openbaar/toegankelijkheid.html", {
        "opgesteld": VERKLARING_OPGESTELD, "contact": contact, "contact_link": _contact_link(contact) if contact else "",
    })
