"""Every user-visible template string is marked for translation, and the committed English catalog is up to date.

Dutch is the source language (README): a string outside {% translate %} / {% blocktranslate %} would stay Dutch
for an English user, and a marked string missing from locale/en would too. Both fail here, with file:line.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
CATALOG = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Words that are the same in every language: the product's name, symbols, units and format names.
ALLOWLIST = {"Vertrouwd", "×", "SHA", "PDF", "DOCX", "XLSX", "JSON", "CSV", "Excel", "TOTP", "OTP", "MB"}

# Templates that are Dutch on purpose, with the reason. Keep this list short.
DUTCH_ONLY = {
    # Rendered by Django's bare 500 handler without context processors; already carries an English line.
    "templates/500.html",
    # The same for a request Django could not even read (handler400).
    "templates/400.html",
    # The jaarverslag itself: a Dutch public document (its tables and titles come from reports/tables.py in
    # Dutch too). The in-app preview marks it lang="nl" so an English screen reader switches voice.
    "templates/reports/_rapport.html",
    "templates/reports/document.html",
}

BLOCK_TRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
COMMENT = re.compile(r"{#.*?#}", re.S)
SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
DJANGO = re.compile(r"{%.*?%}|{{.*?}}", re.S)
TAG = re.compile(r"<[!/]?[a-zA-Z][^>]*>|<!--.*?-->", re.S)
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# Attributes whose values a user sees or hears.
VISIBLE_ATTRIBUTE = re.compile(r"""\b(aria-label|title|placeholder|alt|data-confirm|value)\s*=\s*(["'])(.*?)\2""", re.S)
WORD = re.compile(r"[^\W\d_]{2,}")


def _keep_lines(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


def untranslated(text: str) -> list[tuple[int, str]]:
    """(line, text) of user-visible text outside the translation tags."""
    for pattern in (COMMENT_BLOCK, COMMENT, BLOCK_TRANSLATE, SCRIPT_STYLE):
        text = pattern.sub(_keep_lines, text)
    offenders = []
    for match in VISIBLE_ATTRIBUTE.finditer(text):
        if match.group(1) == "value" and "type=\"submit\"" not in text[text.rfind("<", 0, match.start()):match.end()]:
            continue  # only a submit input's value is shown as its label
        if _words(DJANGO.sub(" ", match.group(3))):
            offenders.append((text.count("\n", 0, match.start()) + 1, f'{match.group(1)}="{match.group(3)}"'))
    text = DJANGO.sub(_keep_lines, text)
    text = TAG.sub(_keep_lines, text)
    text = ENTITY.sub(" ", text)
    for number, line in enumerate(text.splitlines(), start=1):
        if _words(line):
            offenders.append((number, line.strip()))
    return sorted(offenders)


def _words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in ALLOWLIST]


def test_every_template_string_is_marked_for_translation():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        if str(path.relative_to(ROOT)) in DUTCH_ONLY:
            continue
        for line, fragment in untranslated(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {fragment[:80]}")
    assert not offenders, "text outside {% translate %}/{% blocktranslate %}:\n" + "\n".join(offenders)


def test_the_scanner_finds_unmarked_text_and_accepts_marked_text():
    template = (
        '{% load i18n %}\n<h1>{% translate "Welkom" %}</h1>\n<p>Niet vertaald</p>\n'
        '{% blocktranslate with n=x %}Hallo {{ n }}{% endblocktranslate %}\n<a title="Openen" href="#">{{ x }}</a>\n'
        '{# een opmerking #}<span aria-label="{% translate \'Sluiten\' %}">×</span> Vertrouwd &ndash; 2026\n'
    )
    assert untranslated(template) == [(3, "Niet vertaald"), (5, 'title="Openen"')]


def _source_dirs() -> list[Path]:
    """The project's Python packages (apps come and go: copy what is there), its templates and the catalog."""
    packages = [p for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists() and p.name != "tests"]
    return [*packages, ROOT / "templates", ROOT / "locale"]


def test_the_english_catalog_is_up_to_date(tmp_path):
    """makemessages on a copy of the tree must not find a msgid that the committed catalog lacks."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is missing; .ci/system-packages lists it")
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")
    for source in _source_dirs():
        shutil.copytree(source, tmp_path / source.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own manage.py)
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=.venv", "--ignore=tests",
         "--ignore=var", "--ignore=static", "--no-obsolete"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOG)) if not e.obsolete}
    regenerated = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [
        f"{e.msgid!r} ({', '.join(f'{f}:{n}' for f, n in e.occurrences[:2])})"
        for e in regenerated if not e.obsolete and (e.msgctxt, e.msgid) not in committed
    ]
    assert not missing, (
        f"{len(missing)} marked strings are not in locale/en (run `make messages` and translate them):\n"
        + "\n".join(missing)
    )
