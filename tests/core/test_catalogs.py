"""The Korean catalogs are complete: every message the code says has a translation that is
not fuzzy, and the committed .mo files are what the .po files compile to.

The messages are extracted afresh by `makemessages` from a copy of the sources, so a string
marked in the code but never added to the catalog fails here (`make messages` adds it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

CI = os.getenv("CI", "").lower() in {"1", "true", "yes"}
LOCALE = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
# What the copy needs for makemessages: the code, templates and scripts, and manage.py.
SOURCES = ("manage.py", "config", "core", "accounts", "uploads", "captioning", "music",
           "dreams", "stories", "templates", "static")


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _committed(domain: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / f"{domain}.po"))


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated_and_none_is_fuzzy(domain):
    catalog = _committed(domain)
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, f"untranslated in {domain}.po: {untranslated}"
    assert not fuzzy, f"fuzzy in {domain}.po: {fuzzy}"
    assert catalog.metadata["Language"] == "ko"
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_mo_is_the_compiled_po(domain):
    source = {_key(e): (e.msgstr_plural[0] if e.msgid_plural else e.msgstr)
              for e in _committed(domain).translated_entries()}
    compiled = polib.mofile(str(LOCALE / f"{domain}.mo"))
    built = {_key(e): (e.msgstr_plural[0] if e.msgid_plural else e.msgstr)
             for e in compiled if e.msgid}
    assert built == source, f"{domain}.mo is stale: run `make messages`"


@pytest.mark.skipif(shutil.which("xgettext") is None and not CI,
                    reason="GNU gettext (xgettext) is not installed")
def test_the_catalogs_hold_every_message_marked_in_the_code(tmp_path):
    copy = tmp_path / "reverie"
    copy.mkdir()
    for name in SOURCES:
        source = Path(settings.BASE_DIR) / name
        if source.is_dir():
            shutil.copytree(source, copy / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, copy / name)
    shutil.copytree(Path(settings.BASE_DIR) / "locale", copy / "locale")
    env = {**os.environ, "PYTHONPATH": str(copy), "DJANGO_SETTINGS_MODULE": "config.settings",
           "VAR_DIR": str(tmp_path / "var"), "SECRET_KEY": "catalog-test-" + "k" * 40}
    for domain in DOMAINS:
        subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "ko", "-d", domain,
                        "--no-obsolete", "--ignore=static/root"],
                       cwd=copy, env=env, check=True, capture_output=True)
        extracted = polib.pofile(str(copy / "locale" / "ko" / "LC_MESSAGES" / f"{domain}.po"))
        fresh = {_key(e) for e in extracted}
        committed = {_key(e) for e in _committed(domain)}
        assert fresh - committed == set(), f"marked in the code, missing from {domain}.po"
        assert committed - fresh == set(), f"in {domain}.po, no longer in the code"
        # msgmerge marks a changed message fuzzy: that is a stale translation.
        assert not extracted.fuzzy_entries(), [e.msgid for e in extracted.fuzzy_entries()]
