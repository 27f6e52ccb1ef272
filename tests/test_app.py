"""The real app on a free loopback port: `/ask` through gradio_client, and the page in headless Chromium.

Screenshots of every browser step and the measured timings go to tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import rewrite

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QUESTION = "Can ICE get my tax records?"
TIMED_QUESTIONS = ["Who signed the agreement?", "Has the IRS handed over any data to ICE yet?",
                   "What must a request under section 6103(i)(2) include?"]
OFF_TOPIC = "What is the capital of France?"
SPOKESPERSON = "The bases for this ... founded in longstanding authorities ..."

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]
NO_CHROMIUM = "needs Chromium at /usr/bin/chromium (apt-get install -y chromium)"
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, log: Path, timeout: float = 280) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"app.py exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "gradio_api/info", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"app.py did not serve {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def serving(log: Path, **env_vars):
    """`python app.py --port N` on 127.0.0.1 (with extra environment variables), killed at the end."""
    port = free_port()
    with log.open("w") as out:
        env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **env_vars}
        process = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("app") / "app.log") as url:
        yield url


@pytest.fixture(scope="module")
def client(server_url):
    from gradio_client import Client

    return Client(server_url, verbose=False)


# ---------------------------------------------------------------- API

def assert_citations_verbatim(answer: dict) -> None:
    for number, citation in enumerate(answer["citations"], start=1):
        assert citation["n"] == number
        assert citation["kind"] in ("statute", "article")
        text = (ROOT / citation["source"]).read_bytes().decode("utf-8")
        assert text[citation["start"]:citation["end"]] == citation["quote"]
        if citation["kind"] == "statute":
            assert citation["locator"]


def test_ask_endpoint_returns_the_answer_object(client):
    answer = client.predict(QUESTION, api_name="/ask")
    assert answer["question"] == QUESTION
    assert answer["abstained"] is False
    assert answer["answer"] and answer["citations"]
    assert {"retrieve", "answer", "total"} <= set(answer["timing_ms"])
    assert_citations_verbatim(answer)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])}
    assert cited and cited <= {c["n"] for c in answer["citations"]}


def test_ask_endpoint_abstains_when_the_corpus_does_not_say(client):
    answer = client.predict(OFF_TOPIC, api_name="/ask")
    assert answer["abstained"] is True
    assert "don't say" in answer["answer"] or "not" in answer["answer"]
    assert_citations_verbatim(answer)


@pytest.mark.parametrize(("question", "message"), [("", "empty"), ("   ", "empty"), ("why " * 600, "limit")])
def test_ask_endpoint_rejects_unusable_questions_with_a_clear_error(client, question, message):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=message):
        client.predict(question, api_name="/ask")


def test_ask_is_the_only_endpoint(client):
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {"/ask"}


def test_the_running_app_quotes_a_file_edited_under_it_as_it_is_now(tmp_path):
    """A copy of the corpus and its shipped index, served; a cited article is edited; the next answer's
    citations match the edited file (the app re-read it and updated the index)."""
    from gradio_client import Client

    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "index", tmp_path / "index")
    question = "Who signed the agreement?"
    with serving(tmp_path / "app.log", LEXCITE_CORPUS_DIR=str(tmp_path / "corpus"),
                 LEXCITE_INDEX_DIR=str(tmp_path / "index"), LEXCITE_ROOT_DIR=str(tmp_path)) as url:
        client = Client(url, verbose=False)
        before = client.predict(question, api_name="/ask")
        article = next(c for c in before["citations"] if c["kind"] == "article")
        path = tmp_path / article["source"]
        rewrite(path, "Editor's note: this line was added after the index was built.\n" + path.read_text("utf-8"))
        after = client.predict(question, api_name="/ask")
    assert any(c["source"] == article["source"] for c in after["citations"])
    for c in after["citations"]:
        assert (tmp_path / c["source"]).read_bytes().decode("utf-8")[c["start"]:c["end"]] == c["quote"]
    moved = next(c for c in after["citations"] if c["source"] == article["source"])
    assert moved["start"] > article["start"] or moved["quote"] != article["quote"]
    log = (tmp_path / "app.log").read_text()
    assert f"the corpus changed (~{article['source']})" in log and "rebuilding the index" in log


def test_an_unusable_corpus_stops_the_app_with_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    for where in (tmp_path / "missing", tmp_path / "empty"):
        result = subprocess.run([sys.executable, "app.py", "--corpus", str(where), "--port", str(free_port())],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2  # as `rag` exits for an unusable corpus
        assert result.stderr.strip().splitlines()[-1].startswith("lexcite: error: ")
        assert str(where) in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("path", ["app.py", "corpus/catalog.json", "/etc/passwd", "../../etc/passwd"])
def test_serves_no_files(server_url, path):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server_url}gradio_api/file={path}", timeout=10)
    assert refused.value.code in (403, 404)


# ---------------------------------------------------------------- browser

@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


def shot(page, name: str, full_page: bool = False) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def ask(page, question: str) -> float:
    """Type a question, click Ask, wait for its answer; seconds from the click to the rendered answer."""
    page.fill("#lx-question textarea", question)
    started = time.perf_counter()
    page.click("#lx-ask")
    page.wait_for_selector(f'.lx-answer[data-question="{question}"]', timeout=60_000)
    return time.perf_counter() - started


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(selector, """node => { const r = node.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight; }""")


@pytest.mark.browser
@needs_chromium
def test_ask_cite_read_and_check_in_the_browser(page, server_url):
    page.goto(server_url)
    page.wait_for_selector("#lx-question textarea")
    shot(page, "01-home")

    ask(page, QUESTION)
    answer = page.locator(".lx-answer")
    assert answer.locator(".lx-marker").count() >= 1
    assert answer.locator(".lx-card").count() >= 1
    assert "?q=Can+ICE" in page.url
    shot(page, "02-answer", full_page=True)

    marker = answer.locator(".lx-marker").last
    number = marker.get_attribute("data-cite")
    marker.click()
    card = f'.lx-answer .lx-card[data-card="{number}"]'
    page.wait_for_selector(f"{card}.is-active")
    page.wait_for_timeout(600)  # smooth scroll
    assert in_viewport(page, card)
    shot(page, "03-marker-card")

    page.click(f"{card} button:text('Copy citation')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_attribute(f"{card} [data-copy]", "data-copy")
    assert '("' in copied

    quote = page.locator(f"{card} mark").inner_text()
    page.click(f"{card} [data-show]")
    page.wait_for_selector(".lx-modal .lx-target")
    page.wait_for_timeout(300)
    assert in_viewport(page, ".lx-modal .lx-target")
    highlighted = " ".join(page.locator(".lx-modal mark.lx-hit").all_inner_texts())
    assert quote.split()[:5] == highlighted.split()[:5]
    shot(page, "04-show-in-document")
    page.click(".lx-modal [data-close]")
    page.wait_for_selector(".lx-modal", state="detached")

    page.get_by_role("tab", name="Check a quote").click()
    page.fill("#lx-quote textarea", SPOKESPERSON)
    page.click("#lx-check")
    page.wait_for_selector(".lx-quote-report")
    report = page.locator(".lx-quote-report")
    assert report.locator(".lx-verbatim").count() == 3
    assert report.locator(".lx-paraphrase").count() == 1
    shot(page, "05-quote-check", full_page=True)

    page.get_by_role("tab", name="Documents").click()
    page.wait_for_selector("#lx-document .lx-outline")
    page.click("#lx-document .lx-outline a:text('(i) Disclosure to Federal officers')")
    page.wait_for_timeout(300)
    assert in_viewport(page, "#lx-document .lx-line.is-active")
    shot(page, "06-documents-statute")
    page.click("#lx-picker input")
    page.get_by_role("option", name=re.compile("IRS will assist ICE")).click()
    page.wait_for_selector("#lx-document .lx-furniture")
    page.wait_for_selector("[role=listbox]", state="detached")
    page.locator("#lx-document .lx-furniture").first.scroll_into_view_if_needed()
    shot(page, "07-documents-furniture")
    assert page.console_errors == []


@pytest.mark.browser
@needs_chromium
def test_click_to_answer_time_against_library_time(page, server_url):
    page.goto(server_url)
    page.wait_for_selector("#lx-question textarea")
    page.fill("#lx-question textarea", QUESTION)  # warm up, asking with Enter
    page.press("#lx-question textarea", "Enter")
    page.wait_for_selector(f'.lx-answer[data-question="{QUESTION}"]', timeout=60_000)
    runs = []
    for question in TIMED_QUESTIONS:
        seconds = ask(page, question)
        runs.append({"question": question, "click_to_answer_ms": round(seconds * 1000, 1),
                     "library_total_ms": float(page.get_attribute(".lx-answer", "data-total-ms"))})
        print(f"\n{runs[-1]['click_to_answer_ms']:6.0f} ms click to rendered answer, "
              f"{runs[-1]['library_total_ms']:6.0f} ms library timing_ms.total: {question}")
    (ARTIFACTS / "timings.json").write_text(json.dumps(runs, indent=2) + "\n")
    assert page.locator(".lx-claims h3", has_text="What the law says").count() == 1
    shot(page, "08-law-answer", full_page=True)


@pytest.mark.browser
@needs_chromium
def test_link_with_question_reproduces_the_answer(page, server_url):
    page.goto(f"{server_url}?q=Who+signed+the+agreement%3F&scope=reporting&k=3")
    page.wait_for_selector('.lx-answer[data-question="Who signed the agreement?"]', timeout=60_000)
    assert page.input_value("#lx-question textarea") == "Who signed the agreement?"
    assert page.locator(".lx-answer .lx-card").count() <= 3
    assert page.locator(".lx-answer .lx-badge-statute").count() == 0
    shot(page, "09-link")


@pytest.mark.browser
@needs_chromium
def test_friendly_messages_and_closest_passages(page, server_url):
    page.goto(server_url)
    page.wait_for_selector("#lx-question textarea")
    page.click("#lx-ask")
    page.wait_for_selector(".lx-message:has-text('Type a question first')")
    page.fill("#lx-question textarea", "why " * 600)
    page.click("#lx-ask")
    page.wait_for_selector(".lx-message:has-text('limit')")
    assert "Traceback" not in page.content()
    ask(page, OFF_TOPIC)
    assert page.locator(".lx-abstain").is_visible()
    assert page.locator(".lx-sources-title", has_text="Closest passages").is_visible()
    shot(page, "10-abstained", full_page=True)


@pytest.mark.browser
@needs_chromium
def test_phone_width_and_dark_mode(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{server_url}?q={QUESTION.replace(' ', '+')}")
    page.wait_for_selector(".lx-answer .lx-card", timeout=60_000)
    assert page.evaluate("document.body.classList.contains('dark')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "11-phone-dark")
    page.locator(".lx-answer .lx-card").first.scroll_into_view_if_needed()
    shot(page, "12-phone-dark-card")
    page.locator(".lx-answer [data-show]").first.click()
    page.wait_for_selector(".lx-modal .lx-target")
    page.wait_for_timeout(300)
    shot(page, "13-phone-dark-document")
    page.click(".lx-modal [data-close]")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(".lx-answer").scroll_into_view_if_needed()
    shot(page, "14-desktop-dark")
    context.close()


@pytest.mark.browser
@needs_chromium
def test_a_document_dropped_into_the_served_folder_is_listed_and_cited(page, tmp_path):
    """The app serves a copy of the corpus; a new article is saved into it; without a restart the
    Documents tab lists it, the intro counts it and the next answer cites it."""
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "index", tmp_path / "index")
    with serving(tmp_path / "app.log", LEXCITE_CORPUS_DIR=str(tmp_path / "corpus"),
                 LEXCITE_INDEX_DIR=str(tmp_path / "index"), LEXCITE_ROOT_DIR=str(tmp_path)) as url:
        page.goto(url)
        page.wait_for_selector("#lx-question textarea")
        assert "from 10 documents" in page.inner_text(".lx-hero")
        (tmp_path / "corpus" / "articles" / "ferry-strike.txt").write_text(
            "# Harbor ferry crews walk out\n\nFerry crews at the harbor went on strike on Tuesday over "
            "unpaid overtime.\n", "utf-8")
        page.get_by_role("tab", name="Documents").click()
        page.click("#lx-picker input")
        page.get_by_role("option", name=re.compile("Harbor ferry crews walk out")).click()
        page.wait_for_selector("#lx-document :text('unpaid overtime')")
        assert "from 11 documents" in page.inner_text(".lx-hero")
        page.get_by_role("tab", name="Ask").click()
        ask(page, "Why did the ferry crews go on strike?")
        card = page.locator(".lx-answer .lx-card").first
        assert "unpaid overtime" in card.inner_text()
        assert page.console_errors == []
