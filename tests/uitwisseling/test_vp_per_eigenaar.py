"""The VP register is one register per vertrouwenspersoon: another VP's imports and dossiers neither block an
import nor show through it."""

import pytest

from tests.uitwisseling.conftest import dossier, maak_csv, vp_import
from uitwisseling.models import ImportRegel
from vertrouwenspersonen.models import Dossier

pytestmark = pytest.mark.django_db


def _vp2(cast, data, **kwargs):
    return vp_import(cast, data, door=cast.vp2, eigenaar=cast.vp2, **kwargs)


def test_two_vps_import_the_same_kenmerk_and_rows_without_kenmerk(cast):
    rows = [dossier(kenmerk="17"), dossier(kenmerk="")]
    first = vp_import(cast, maak_csv(rows))
    assert (first.ok, first.aangemaakt) == (True, 2)
    second = _vp2(cast, maak_csv(rows))
    assert (second.ok, second.aangemaakt, second.overgeslagen) == (True, 2, [])
    assert Dossier.objects.filter(eigenaar=cast.vp).count() == 2
    assert Dossier.objects.filter(eigenaar=cast.vp2).count() == 2
    assert set(ImportRegel.objects.filter(kenmerk="17").values_list("eigenaar", flat=True)) == {cast.vp.pk,
                                                                                                 cast.vp2.pk}
    # Each VP's own re-run is still a no-op.
    again = _vp2(cast, maak_csv(rows))
    assert (again.ok, again.aangemaakt, len(again.overgeslagen)) == (True, 0, 2)


def test_a_dry_run_reveals_nothing_about_another_vps_dossiers(cast):
    vp_import(cast, maak_csv([dossier(kenmerk="A-geheim")]))
    van_a = Dossier.objects.get(eigenaar=cast.vp)
    kenmerk_a = van_a.kenmerk
    rows = [dossier(kenmerk="A-geheim"), dossier(kenmerk=kenmerk_a)]
    proef = _vp2(cast, maak_csv(rows), proef=True)
    # Exactly what B would see in an organisation without A: both rows would be created, nothing is "already there".
    assert proef.ok and proef.overgeslagen == []
    assert [r.nummer for r in proef.te_maken] == [2, 3]
    assert not Dossier.objects.filter(eigenaar=cast.vp2).exists()
    # A's own export kenmerk is still recognised for A.
    eigen = vp_import(cast, maak_csv([dossier(kenmerk=kenmerk_a)]), proef=True)
    assert eigen.te_maken == [] and len(eigen.overgeslagen) == 1
