"""The role × URL matrix: every URL pattern of the project must have an entry here.

Each app has a module in this package with `cases(cast) -> dict[url_name, Case]`. The matrix test fails
for any URL pattern that has no case, so a new view is covered (or the build is red) automatically.
"""

from dataclasses import dataclass, field

ALL_ROLES = ("vp", "vp2", "coordinator", "onderzoeker", "lezer", "beheerder", "outsider", "ex_vp", "operator")


@dataclass
class Case:
    kwargs: dict = field(default_factory=dict)
    # Cast members (by ALL_ROLES name) for whom a GET succeeds (200, or a redirect for redirecting views).
    allowed: frozenset = frozenset()
    # POST-only views answer a GET with 405 for allowed users; the matrix then checks them with a POST.
    post_only: bool = False
    # Pages reachable without logging in (login, invitation).
    public: bool = False
    # Pages reachable after the password step, before 2FA (verification, enrolment, logout).
    before_2fa: bool = False
    # Expected status for allowed users (200 by default).
    ok_status: tuple = (200, 302)
    # Optional query string (e.g. a filter) appended to the URL.
    query: str = ""
    # The platform admin refuses whoever is not staff by sending them to its own login page: for its cases a
    # redirect there counts as refused (and is where anonymous visitors go).
    admin: bool = False

    def __post_init__(self):
        self.allowed = frozenset(self.allowed)
        unknown = self.allowed - set(ALL_ROLES)
        assert not unknown, f"Unknown cast members {unknown}"


def allowed(*roles: str) -> frozenset:
    return frozenset(roles)


EVERYONE = frozenset(ALL_ROLES)
