"""django-guardian direct-foreign-key grants: assignment of an onderzoeker to a feitenonderzoek.

A real foreign key (not a generic one) lets the selectors join grants in SQL, so lists stay constant in queries.
"""

from django.db import models
from guardian.models import UserObjectPermissionBase

from meldingen.models.register import Feitenonderzoek


class FeitenonderzoekUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Feitenonderzoek, on_delete=models.CASCADE, related_name="toewijzingen")

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False
