"""Property-based tests on the main POST forms: arbitrary input never gives a 5xx, and a refused form writes nothing.

Each field gets either a plausible value (a valid choice, id, date or number) or arbitrary text, so examples
reach both the validation paths and the services behind valid forms.
"""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Lidmaatschap, Organisatieonderdeel, User
from bewaren.models import Bewaartermijn
from meldingen.models import Betrokkene, Maatregel, Melding, StatusWijziging
from taxonomie.models import Categorie, Soort
from vertrouwenspersonen.models import Dossier, Gesprek

FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
TODAY = datetime.date.today()  # noqa: DTZ011 - only a source of plausible dates


def _text():
    return st.text(max_size=60)


def _value(*plausible):
    return st.one_of(st.sampled_from([str(p) for p in plausible]), _text())


def _date():
    return st.one_of(
        st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 1, 1)).map(str),
        st.sampled_from([str(TODAY), "31-12-2025", "2025-02-30", "", "0000-00-00"]),
        _text(),
    )


def _number():
    return st.one_of(st.integers(min_value=-10**12, max_value=10**12).map(str), st.sampled_from(["1.5", "", "1e9"]),
                     _text())


def _check(client, url, data, model):
    before = model.objects.count()
    response = client.post(url, data)
    assert response.status_code < 500, data
    if response.status_code != 302:
        assert model.objects.count() == before, data


@pytest.fixture
def melding(cast):
    from meldingen import services

    return services.melding_create(
        organisatie=cast.org, door=cast.coordinator, ontvangen_op=TODAY, kanaal="coordinator", bron="intern",
        spoor="integriteit", onderwerp=Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first(),
        omschrijving="Synthetisch",
    )


def test_dossier_form(cast, client_for):
    client = client_for(cast.vp, cast.org)
    onderdeel = Organisatieonderdeel.objects.filter(organisatie=cast.org).first()
    onderwerp = Categorie.objects.van(cast.org, "vp_onderwerp").first()

    @FUZZ
    @given(st.fixed_dictionaries({
        "eerste_contact": _date(), "soort_contact": _value("melding", "informatieverzoek"),
        "onderdeel": _value(onderdeel.pk, 0), "onderwerpen": _value(onderwerp.pk), "verzuim": _value("ja", "onbekend"),
        "geslacht": _value("vrouw", ""), "hulpvragen": _value("uiten"), "notitie": _text(),
    }))
    def run(data):
        _check(client, reverse("vertrouwenspersonen:dossier_nieuw"), data, Dossier)

    run()


def test_gesprek_form(cast, client_for):
    from vertrouwenspersonen import services

    dossier = services.dossier_create(
        organisatie=cast.org, eigenaar=cast.vp, onderdeel=Organisatieonderdeel.objects.filter(organisatie=cast.org)
        .first(), soort_contact="melding", onderwerpen=[Categorie.objects.van(cast.org, "vp_onderwerp").first()],
        eerste_contact=TODAY - datetime.timedelta(days=10),
    )
    client = client_for(cast.vp, cast.org)

    @FUZZ
    @given(st.fixed_dictionaries({"datum": _date(), "vorm": _value("fysiek", "online"), "duur_minuten": _number(),
                                  "notitie": _text()}))
    def run(data):
        _check(client, reverse("vertrouwenspersonen:gesprek_nieuw", args=[dossier.pk]), data, Gesprek)

    run()


def test_melding_form(cast, client_for):
    client = client_for(cast.coordinator, cast.org)
    onderwerp = Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first()

    @FUZZ
    @given(st.fixed_dictionaries({
        "ontvangen_op": _date(), "kanaal": _value("coordinator", "anoniem"), "bron": _value("intern", "extern"),
        "spoor": _value("integriteit", "misstand"), "onderwerp": _value(onderwerp.pk, -1), "omschrijving": _text(),
        "melder_identiteit": _text(), "aangifte": _value("on", ""), "aangifte_op": _date(),
    }))
    def run(data):
        _check(client, reverse("meldingen:nieuw"), data, Melding)

    run()


def test_status_form(cast, client_for, melding):
    client = client_for(cast.coordinator, cast.org)

    @FUZZ
    @given(st.fixed_dictionaries({"naar": _value("in_behandeling", "afgehandeld", "heropend"), "reden": _text(),
                                  "versie": _value(1, 2, -1)}))
    def run(data):
        _check(client, reverse("meldingen:status", args=[melding.pk]), data, StatusWijziging)

    run()


def test_betrokkene_and_maatregel_forms(cast, client_for, melding):
    from meldingen import services

    client = client_for(cast.coordinator, cast.org)
    betrokkene = services.betrokkene_add(melding=melding, door=cast.coordinator, functiecategorie="medewerker")
    bevinding = Categorie.objects.van(cast.org, Soort.BEVINDING).first()
    maatregel = Categorie.objects.van(cast.org, Soort.MAATREGEL).first()

    @FUZZ
    @given(st.fixed_dictionaries({"functiecategorie": _value("medewerker", "extern"),
                                  "bevinding": _value(bevinding.pk, maatregel.pk)}),
           st.fixed_dictionaries({"soort": _value(maatregel.pk, bevinding.pk), "besloten_op": _date()}))
    def run(betrokkene_data, maatregel_data):
        _check(client, reverse("meldingen:betrokkene_nieuw", args=[melding.pk]), betrokkene_data, Betrokkene)
        _check(client, reverse("meldingen:maatregel_nieuw", args=[melding.pk, betrokkene.pk]), maatregel_data,
               Maatregel)

    run()


def test_beheer_forms(cast, client_for):
    client = client_for(cast.beheerder, cast.org)

    @FUZZ
    @given(st.fixed_dictionaries({"email": _value("nieuw@voorbeeldstad.test", "geen-adres"), "naam": _text(),
                                  "rol": _value("vertrouwenspersoon", "superuser"), "extern": _value("on", "")}),
           st.fixed_dictionaries({"naam": _text(), "geldig_van": _date()}),
           st.fixed_dictionaries({"vp": _number(), "meldingen": _number()}))
    def run(uitnodiging, onderdeel, termijnen):
        _check(client, reverse("beheer:uitnodigen"), uitnodiging, User)
        _check(client, reverse("beheer:uitnodigen"), uitnodiging, Lidmaatschap)
        _check(client, reverse("beheer:onderdeel_nieuw"), onderdeel, Organisatieonderdeel)
        _check(client, reverse("bewaren:beheer"), termijnen, Bewaartermijn)

    run()


def test_an_id_beyond_the_integer_range_is_an_invalid_choice_not_a_crash(cast, client_for):
    # Found by test_dossier_form: 2**63 passed Django's per-id check and crashed the `id__in` query (500).
    onderdeel = Organisatieonderdeel.objects.filter(organisatie=cast.org).first()
    response = client_for(cast.vp, cast.org).post(reverse("vertrouwenspersonen:dossier_nieuw"), {
        "eerste_contact": str(TODAY), "soort_contact": "melding", "onderdeel": onderdeel.pk,
        "onderwerpen": str(2**63), "verzuim": "ja", "geslacht": "vrouw", "hulpvragen": "uiten", "notitie": "",
    })
    assert response.status_code == 200
    assert "is geen geldige waarde" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_the_shared_multiple_choice_field_refuses_huge_ids_before_querying(db, django_assert_num_queries):
    from django.core.exceptions import ValidationError

    from accounts.forms import ModelMultipleChoiceField

    field = ModelMultipleChoiceField(queryset=User.objects.all())
    for value in ([str(2**63)], [str(-(2**63))], ["1", str(10**30)]):
        with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
            field.clean(value)
        assert refused.value.code == "invalid_pk_value"
