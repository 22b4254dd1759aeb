"""The English catalogue is complete, compiled and used."""

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
SOURCE_PATTERNS = {
    ".py": re.compile(r"""\b(?:_|gettext|gettext_lazy)\(\s*"([^"\\]+)"\s*[,)]"""),
    ".html": re.compile(r"""{%\s*(?:translate|trans)\s+"([^"]+)"\s*(?:as \w+\s*)?%}"""),
}


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_every_entry_has_an_english_translation(catalogue):
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_their_placeholders(catalogue):
    for entry in catalogue.translated_entries():
        translations = (
            [entry.msgstr]
            if not entry.msgid_plural
            else list(entry.msgstr_plural.values())
        )
        for text in translations:
            assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
                PLACEHOLDER.findall(text)
            ), entry.msgid


def test_every_marked_string_in_the_source_is_in_the_catalogue(catalogue):
    known = {entry.msgid for entry in catalogue}
    missing = set()
    for path in PACKAGE.rglob("*"):
        pattern = SOURCE_PATTERNS.get(path.suffix)
        if pattern is None or "tests" in path.parts or "migrations" in path.parts:
            continue
        for msgid in pattern.findall(path.read_text(encoding="utf-8")):
            if msgid not in known:
                missing.add(f"{path.relative_to(PACKAGE)}: {msgid}")

    assert sorted(missing) == [], "run `make messages` and translate"


def test_compiled_catalogue_matches_the_source_catalogue(catalogue):
    compiled = polib.mofile(str(CATALOGUE / "django.mo"))

    assert {e.msgid: e.msgstr for e in compiled if not e.msgid_plural} == {
        e.msgid: e.msgstr for e in catalogue if not e.msgid_plural
    }


@pytest.mark.django_db
def test_pages_switch_to_english(client):
    with translation.override("en"):
        url = reverse("web:home")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Sign up" in response.content.decode() or "Log in" in (
        response.content.decode()
    )
