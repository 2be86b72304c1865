"""Demo data: the daily retention run has already done its work, as in an installation that has been running."""

import random

from bewaren import services


def seed(*, organisatie, gebruikers: dict, rng: random.Random) -> str:
    vernietigd, gewist = services.vernietigen(), services.vrije_tekst_wissen()
    return f"bewaartermijnen: {vernietigd} vernietigd, {gewist} omschrijvingen gewist"
