from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.matrix import EVERYONE, Case


def cases(cast) -> dict[str, Case]:
    return {
        "home": Case(allowed=EVERYONE),
        "set_language": Case(public=True, post_only=True, allowed=EVERYONE),
        "accounts:login": Case(public=True, allowed=EVERYONE),
        "accounts:logout": Case(post_only=True, before_2fa=True, allowed=EVERYONE),
        "accounts:logout_everywhere": Case(post_only=True, allowed=EVERYONE),
        "accounts:2fa_verify": Case(before_2fa=True, allowed=EVERYONE),
        "accounts:2fa_setup": Case(before_2fa=True, allowed=EVERYONE),
        "accounts:2fa_backup_codes": Case(post_only=True, allowed=EVERYONE),
        "accounts:uitnodiging": Case(
            public=True,
            allowed=EVERYONE,
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(cast.vp.pk)),
                "token": default_token_generator.make_token(cast.vp),
            },
        ),
        "accounts:switch_organisation": Case(post_only=True, allowed=EVERYONE),
        "accounts:profiel": Case(allowed=EVERYONE),
    }
