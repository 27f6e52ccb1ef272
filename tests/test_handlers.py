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
    count = len(tiny_assistant.documents)
    intro, picker = handlers.catalog("bread-prices")
    assert f"from {count} documents" in intro and picker.value == "bread-prices"
    (tiny_settings.corpus_dir / "articles" / "cakes.txt").write_text("Cheesecake sales doubled in May.\n", "utf-8")
    intro, picker = handlers.catalog("bread-prices")  # the Documents tab opened, or the page reloaded
    assert f"from {count + 1} documents" in intro
    assert "cakes" in [value for _, value in picker.choices] and picker.value == "bread-prices"
    assert "Cheesecake" in handlers.document("cakes")
    (tiny_settings.corpus_dir / "articles" / "bread-prices.txt").unlink()
    intro, picker = handlers.catalog("bread-prices")
    assert "bread-prices" not in [value for _, value in picker.choices] and picker.value != "bread-prices"


def test_the_quote_checker_reads_documents_added_to_the_folder(app_module, tiny_assistant, tiny_settings):
    handlers = app_module.Handlers(tiny_assistant)
    assert "Not found" in handlers.check("Cheesecake sales doubled in May")
    (tiny_settings.corpus_dir / "articles" / "cakes.txt").write_text("Cheesecake sales doubled in May.\n", "utf-8")
    html = handlers.check("Cheesecake sales doubled in May")
    assert "Found verbatim in 1 document" in html and "corpus/articles/cakes.txt" in html
