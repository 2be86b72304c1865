"""Public pages outside the apps: the health probes of the load balancer, the accessibility statement."""

from tests.matrix import EVERYONE, Case

# The URL namespaces (or names without one) this module holds the cases of.
NAAMRUIMTEN = ("gezondheid", "gereed", "toegankelijkheid")


def cases(cast) -> dict[str, Case]:
    return {
        "gezondheid": Case(public=True, allowed=EVERYONE, ok_status=(200,)),
        "gereed": Case(public=True, allowed=EVERYONE, ok_status=(200,)),
        "toegankelijkheid": Case(public=True, allowed=EVERYONE, ok_status=(200,)),
    }
