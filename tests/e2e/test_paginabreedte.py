"""No page of any role scrolls sideways at the widths municipal desktops use (1280 and 1440 px): a VP page that was
1495 px wide put "Uitloggen" off screen. The tour is every role's pages of the English tour, in Dutch (the longer
words), with the lists filled."""

import pytest
from django.db.models.functions import Length

from meldingen.models import Melding
from meldingen.services import betrokkene_add, maatregel_add
from taxonomie.models import Categorie, Soort
from tests.e2e.conftest import login
from tests.e2e.test_english import pages_for
from tests.meldingen.factories import MeldingFactory
from tests.vertrouwenspersonen.factories import make_dossier

BREEDTES = (1280, 1440)
EXTRA = {
    "vp": ["/vertrouwenspersoon/activiteiten/", "/vertrouwenspersoon/signalen/", "/uitwisseling/", "/account/profiel/"],
    "coordinator": ["/uitwisseling/", "/account/profiel/"],
    "onderzoeker": ["/account/profiel/"],
    "lezer": [],
    "beheerder": ["/account/profiel/"],
}


def _langste(cast, soort):
    return Categorie.objects.filter(organisatie=cast.org, soort=soort).order_by(Length("label").desc()).first()


def _betrokkenen_met_lange_namen(cast):
    """Each melding gets betrokkenen with the longest bevinding and maatregelen of the preset (the table that was cut
    off at 1280 px)."""
    bevinding, maatregel = _langste(cast, Soort.BEVINDING), _langste(cast, Soort.MAATREGEL)
    for melding in Melding.objects.filter(organisatie=cast.org):
        for _ in range(2):
            b = betrokkene_add(melding=melding, door=cast.coordinator, functiecategorie="leidinggevende",
                               bevinding=bevinding)
            for _ in range(2):
                maatregel_add(betrokkene=b, door=cast.coordinator, soort=maatregel, besloten_op=melding.ontvangen_op)


def _breder_dan_het_venster(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrollbar)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _afgesneden_tabellen(page) -> list[str]:
    """Tables whose columns fall outside their scroll box: the reader sees a cut-off table."""
    return page.evaluate("""() => [...document.querySelectorAll('table')].filter(t => {
        const box = t.closest('.table-responsive') || t.parentElement;
        return box.scrollWidth - box.clientWidth > 1;
    }).map(t => (t.querySelector('caption')?.innerText || t.closest('section')?.querySelector('h2')?.innerText
                 || 'tabel').trim())""")


@pytest.mark.parametrize("role", ["vp", "coordinator", "onderzoeker", "lezer", "beheerder"])
def test_no_page_of_any_role_scrolls_horizontally_at_1280_and_1440_px(page, cast, role):
    for _ in range(3):
        make_dossier(cast)
        MeldingFactory(organisatie=cast.org, door=cast.coordinator)
    paths = [p if isinstance(p, str) else p[0] for p in pages_for(role, cast)] + EXTRA[role]
    _betrokkenen_met_lange_namen(cast)
    login(page, cast.roles()[role])
    te_breed = []
    for breedte in BREEDTES:
        page.set_viewport_size({"width": breedte, "height": 900})
        for path in paths:
            page.goto(path)
            page.wait_for_load_state()
            if (extra := _breder_dan_het_venster(page)) > 0:
                te_breed.append(f"{path} at {breedte} px: {extra} px too wide")
            te_breed += [f"{path} at {breedte} px: table {naam!r} cut off" for naam in _afgesneden_tabellen(page)]
    assert not te_breed, te_breed
