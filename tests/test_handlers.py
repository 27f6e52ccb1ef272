"""The web app's handlers over a tiny corpus (fake embedder): messages for people, never a traceback."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def app_module():
    spec = importlib.util.spec_from_file_location("lexcite_app", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_an_empty_question_asks_for_one(app_module, tiny_assistant):
    html = app_module.Handlers(tiny_assistant).answer("   ")
    assert "Type a question first" in html


def test_a_corpus_gone_from_disk_is_a_message_naming_it(app_module, tiny_assistant, tiny_settings):
    handlers = app_module.Handlers(tiny_assistant)
    assert "sourdough" in handlers.answer("How much does sourdough cost at the bakery?")
    shutil.rmtree(tiny_settings.corpus_dir)
    html = handlers.answer("How much does sourdough cost at the bakery?")
    assert "The documents could not be used" in html and "Corpus folder not found" in html
    assert "Traceback" not in html


def test_the_handlers_see_the_documents_as_they_are_now(app_module, tiny_assistant, tiny_settings):
    handlers = app_module.Handlers(tiny_assistant)
    (tiny_settings.corpus_dir / "articles" / "cakes.txt").write_text("Cheesecake sales doubled in May.\n", "utf-8")
    assert "cakes" not in handlers.documents
    tiny_assistant.refresh()
    assert "cakes" in handlers.documents
    assert "Cheesecake" in handlers.document("cakes")
