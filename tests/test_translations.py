"""Dutch is the source language; the English catalog must be complete and compiled."""

from pathlib import Path

import polib
from django.urls import reverse

CATALOG = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES"


def test_english_catalog_is_complete():
    po = polib.pofile(str(CATALOG / "django.po"))
    missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert not missing, f"{len(missing)} strings without an English translation, e.g. {missing[:5]}"


def test_compiled_catalog_matches_the_source():
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(CATALOG / "django.po"))}
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(CATALOG / "django.mo"))}
    assert {k: v for k, v in po.items() if v} == {k: v for k, v in mo.items() if k[1]}, (
        "django.mo is out of date: run `make messages`"
    )


def test_a_user_who_chose_english_gets_english_pages(cast, client_for):
    cast.vp.taal = "en"
    cast.vp.save()
    html = client_for(cast.vp).get(reverse("vertrouwenspersonen:dashboard")).content.decode()
    assert 'lang="en"' in html
    assert "Log out" in html and "Uitloggen" not in html


def test_dutch_is_the_default(cast, client_for):
    html = client_for(cast.vp).get(reverse("vertrouwenspersonen:dashboard")).content.decode()
    assert 'lang="nl"' in html and "Uitloggen" in html
