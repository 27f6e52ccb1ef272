"""Lexcite in the browser: ask, read the documents, check a quote. `python app.py --help`."""

from __future__ import annotations

import argparse
import html
import logging
import os
import sys
from pathlib import Path

import gradio as gr

from rag import Assistant, Settings
from rag.errors import BadInputError, LexciteError
from rag.quotes import check_quote
from rag.render import answer_html, document_html, message_html, quote_report_html, viewer_html

log = logging.getLogger("lexcite.app")

WEB = Path(__file__).parent / "web"
PRIVATE = {"api_visibility": "private"}  # page events; the one API endpoint is /ask
ASKING = {"concurrency_id": "assistant", **PRIVATE}  # page events that run a question
SCOPES = {"both": None, "law": ["statute"], "reporting": ["article"]}
SCOPE_CHOICES = [("Law and reporting", "both"), ("Law only", "law"), ("Reporting only", "reporting")]
DEFAULT_SOURCES = 5
INTRO = (
    '<div class="lx-hero"><h1>Lexcite</h1><p class="lx-tagline">{description}, every claim linked to the '
    'exact words of its source.</p><p class="lx-disclaimer">Answers come only from {count} documents '
    "({kinds}) and are not legal advice.</p></div>"
)
EMPTY = message_html("Ask a question to begin", "Or pick one of the examples above.")

# Clicks inside rendered HTML: "Show in document" asks the server; the rest stays in the browser.
SHOW_JS = """
element.addEventListener('click', (event) => {
  const show = event.target.closest('[data-show]');
  if (show) trigger('click', {doc_id: show.dataset.doc, start: +show.dataset.start, end: +show.dataset.end});
});
"""
VIEWER_JS = """
const close = () => { props.value = ''; };
element.addEventListener('click', (event) => {
  if (event.target.closest('[data-close]') || event.target.classList.contains('lx-backdrop')) close();
});
document.addEventListener('keydown', (event) => { if (event.key === 'Escape') close(); });
watch('value', () => {
  const target = element.querySelector('.lx-target');
  if (target) target.scrollIntoView({block: 'center'});
  element.querySelector('[data-close]')?.focus({preventScroll: true});
});
"""
URL_JS = """
(question, scope, sources) => {
  const url = new URL(window.location.href);
  const set = (key, value, fallback) => value && value !== fallback ? url.searchParams.set(key, value)
                                                                    : url.searchParams.delete(key);
  set('q', (question || '').trim(), '');
  set('scope', scope, 'both');
  set('k', String(sources), '__DEFAULT_SOURCES__');
  window.history.replaceState(null, '', url);
}
""".replace("__DEFAULT_SOURCES__", str(DEFAULT_SOURCES))


KIND_NAMES = {"statute": "sections of the law", "article": "news reports", "regulation": "regulations",
              "opinion": "court opinions", "filing": "court filings"}


def intro_html(corpus) -> str:
    """The hero text: what the corpus is, from its catalog, and that answers are not legal advice."""
    kinds = dict.fromkeys(KIND_NAMES.get(d.kind, d.kind) for d in corpus.documents)
    return INTRO.format(description=html.escape(corpus.description), count=len(corpus.documents),
                        kinds=" and ".join(kinds))


class Handlers:
    """Thin event handlers: each calls the library and renders the result."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant

    @property
    def documents(self) -> dict:
        """The documents by id, as the assistant has them now (it re-reads files edited while it runs)."""
        return {doc.doc_id: doc for doc in self.assistant.documents}

    def answer(self, question: str, scope: str = "both", sources: int = DEFAULT_SOURCES) -> str:
        """The answer as HTML; bad input and failures become a friendly message."""
        if not (question or "").strip():
            return message_html("Type a question first", "For example: “Can ICE get my tax records?”", "warn")
        try:
            top_k = _int_between(sources, 1, 10, DEFAULT_SOURCES)
            answer = self.assistant.ask(question, kinds=SCOPES.get(scope), top_k=top_k)
        except BadInputError as exc:
            return message_html("That question can't be asked as it is", _sentence(exc), "warn")
        except LexciteError as exc:  # e.g. the corpus or index changed on disk and cannot be used
            log.warning("failed to answer %r: %s", question, exc)
            return message_html("The documents could not be used", _sentence(exc), "error")
        except Exception:
            log.exception("failed to answer %r", question)
            return message_html("Something went wrong", "The question could not be answered. Try again.",
                                "error")
        return answer_html(answer.to_dict(), self.documents, answer.to_markdown())

    def refine(self, question: str, scope: str, sources: int):
        """Answer again after a filter changed, if a question was asked."""
        return self.answer(question, scope, sources) if (question or "").strip() else gr.skip()

    def ask(self, question: str) -> dict:
        """Answer one question; returns the answer object of docs/interfaces.md."""
        try:
            return self.assistant.ask(question).to_dict()
        except LexciteError as exc:
            raise gr.Error(_sentence(exc)) from None
        except Exception:
            log.exception("failed to answer %r", question)
            raise gr.Error("The question could not be answered because of an internal error.") from None

    def from_url(self, request: gr.Request):
        """Question, filters and answer for a page opened with ?q=...&scope=...&k=...; else no change."""
        params = request.query_params if request else {}
        question = params.get("q", "").strip()
        if not question:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        scope = params.get("scope") if params.get("scope") in SCOPES else "both"
        sources = _int_between(params.get("k"), 1, 10, DEFAULT_SOURCES)
        return question, scope, sources, self.answer(question, scope, sources)

    def show(self, event: gr.EventData) -> str:
        """The document viewer, opened on a span."""
        doc = self.documents.get(getattr(event, "doc_id", None))
        if doc is None:
            return ""
        start = _int_between(getattr(event, "start", None), 0, len(doc.text), 0)
        end = _int_between(getattr(event, "end", None), start, len(doc.text), start)
        return viewer_html(doc, self.assistant.chunks(doc.doc_id), (start, end))

    def catalog(self, current: str | None = None):
        """The intro and the Documents tab's picker for the corpus folder as it is now: a document
        added or removed since the page was built is listed or gone."""
        self._sync()
        choices = document_choices(self.assistant)
        ids = [value for _, value in choices]
        value = current if current in ids else (ids[0] if ids else None)
        return intro_html(self.assistant.corpus), gr.Dropdown(choices=choices, value=value)

    def document(self, doc_id: str) -> str:
        doc = self.documents.get(doc_id)
        return document_html(doc, self.assistant.chunks(doc_id)) if doc else ""

    def check(self, quote: str) -> str:
        self._sync()
        try:
            matches = check_quote(self.assistant.documents, quote)
        except BadInputError as exc:
            return message_html("Nothing to check", _sentence(exc), "warn")
        return quote_report_html(matches, self.documents)

    def _sync(self) -> None:
        try:
            self.assistant.sync()
        except LexciteError as exc:  # the page keeps what it has; a question shows the error
            log.warning("cannot bring the documents up to date: %s", exc)


def _sentence(exc: Exception) -> str:
    text = str(exc).strip() or "The input was not usable."
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def _int_between(value, low: int, high: int, default: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def document_choices(assistant: Assistant) -> list[tuple[str, str]]:
    """Statutes first, then reporting, each labelled by kind."""
    docs = sorted(assistant.documents, key=lambda d: (d.kind != "statute", d.title))
    return [(f"{'Law' if d.kind == 'statute' else 'Reporting'} · {d.title}", d.doc_id) for d in docs]


def build_app(assistant: Assistant) -> gr.Blocks:
    """The Blocks app over a loaded assistant."""
    handlers = Handlers(assistant)
    with gr.Blocks(title="Lexcite: cited answers from the law and the news", analytics_enabled=False) as app:
        intro = gr.HTML(intro_html(assistant.corpus))
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                question, scope, sources, answer = _ask_tab(handlers)
            with gr.Tab("Documents", id="documents") as documents_tab:
                picker = _documents_tab(handlers, assistant)
            with gr.Tab("Check a quote", id="quotes"):
                report = _quote_tab(handlers)
        viewer = gr.HTML("", js_on_load=VIEWER_JS, elem_id="lx-viewer")
        for panel in (answer, report):
            panel.click(handlers.show, None, viewer, **PRIVATE)
        app.load(handlers.from_url, None, [question, scope, sources, answer], **ASKING)
        for opened in (app.load, documents_tab.select):  # documents added since are listed
            opened(handlers.catalog, picker, [intro, picker], **PRIVATE)
        gr.api(handlers.ask, api_name="ask", concurrency_id="assistant")
    return app


def _ask_tab(handlers: Handlers):
    with gr.Row(elem_classes="lx-ask"):
        question = gr.Textbox(label="Your question", placeholder="Can ICE get my tax records?", max_lines=4,
                              scale=5, autofocus=True, elem_id="lx-question")
        ask = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="lx-ask")
    with gr.Row(elem_classes="lx-examples"):
        examples = [gr.Button(text, size="sm", variant="secondary", min_width=0)
                    for text in handlers.assistant.corpus.examples]
    with gr.Row(elem_classes="lx-filters"):
        scope = gr.Radio(SCOPE_CHOICES, value="both", label="Sources to use", scale=2)
        sources = gr.Slider(1, 10, value=DEFAULT_SOURCES, step=1, label="Number of sources", scale=1)
    answer = gr.HTML(EMPTY, js_on_load=SHOW_JS, elem_id="lx-answer")
    inputs = [question, scope, sources]
    asked = [gr.on([ask.click, question.submit], handlers.answer, inputs, answer, **ASKING),
             gr.on([scope.input, sources.release], handlers.refine, inputs, answer, **ASKING)]
    for button in examples:
        filled = button.click(lambda text=button.value: text, None, question, queue=False, **PRIVATE)
        asked.append(filled.then(handlers.answer, inputs, answer, **ASKING))
    for event in asked:
        event.then(None, inputs, js=URL_JS)
    return question, scope, sources, answer


def _documents_tab(handlers: Handlers, assistant: Assistant) -> gr.Dropdown:
    choices = document_choices(assistant)
    picker = gr.Dropdown(choices, value=choices[0][1], label="Document", elem_id="lx-picker")
    document = gr.HTML(handlers.document(choices[0][1]), elem_id="lx-document")
    picker.change(handlers.document, picker, document, **PRIVATE)
    return picker


def _quote_tab(handlers: Handlers) -> gr.HTML:
    with gr.Row(elem_classes="lx-ask"):
        quote = gr.Textbox(label="Quote or claim", lines=2, max_lines=8, scale=5, elem_id="lx-quote",
                           placeholder="Paste words to see where they appear; ... stands for omitted words")
        check = gr.Button("Check", variant="primary", scale=1, min_width=90, elem_id="lx-check")
    with gr.Row(elem_classes="lx-examples"):
        examples = [gr.Button(text, size="sm", variant="secondary", min_width=0)
                    for text in handlers.assistant.corpus.quote_examples]
    report = gr.HTML(js_on_load=SHOW_JS, elem_id="lx-report")
    gr.on([check.click, quote.submit], handlers.check, quote, report, **PRIVATE)
    for button in examples:
        filled = button.click(lambda text=button.value: text, None, quote, queue=False, **PRIVATE)
        filled.then(handlers.check, quote, report, **PRIVATE)
    return report


def page_options() -> dict:
    """Look and page script, passed to `launch`: a quiet theme on system fonts (nothing downloaded)."""
    theme = gr.themes.Soft(
        primary_hue="indigo", neutral_hue="slate", radius_size="md",
        font=["Inter", "ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    )
    script = (WEB / "lexcite.js").read_text(encoding="utf-8")
    return {"theme": theme, "css_paths": [WEB / "lexcite.css"], "head": f"<script>{script}</script>"}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve the Lexcite web app.")
    parser.add_argument("--host", default=os.environ.get("LEXCITE_HOST", "127.0.0.1"),
                        help="address to bind (default 127.0.0.1; env LEXCITE_HOST)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LEXCITE_PORT", "7860")),
                        help="port to bind (default 7860; env LEXCITE_PORT)")
    parser.add_argument("--share", action="store_true", help="also open a public Gradio share link")
    parser.add_argument("--concurrency", type=int, default=2, help="questions answered at once (default 2)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: corpus/; env LEXCITE_CORPUS_DIR)")
    parser.add_argument("--index", type=Path,
                        help="index folder (default: index/ for corpus/, else one in ~/.cache/lexcite)")
    parser.add_argument("--model", help="sentence-transformers model name or path (default: the bundled MiniLM)")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    print("Loading the corpus and its index...", flush=True)
    try:
        assistant = Assistant.load(Settings.from_env(corpus_dir=args.corpus, index_dir=args.index,
                                                     model=args.model))
    except LexciteError as exc:  # one clear line and the CLI's exit status (2: unusable corpus)
        print(f"lexcite: error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    app = build_app(assistant).queue(default_concurrency_limit=args.concurrency, max_size=64)
    _, local_url, share_url = app.launch(
        server_name=args.host, server_port=args.port, share=args.share, footer_links=["api"], ssr_mode=False,
        show_error=False, quiet=True, prevent_thread_lock=True, **page_options())
    print(f"Lexcite is running on {local_url}" + (f" and {share_url}" if share_url else ""), flush=True)
    app.block_thread()


if __name__ == "__main__":
    main()
