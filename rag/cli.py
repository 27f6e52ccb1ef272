"""The `rag` command. Each subcommand calls one library function; errors become one clear line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from .config import REPO_ROOT, Settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit status 2."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rag", description="Ask questions of legal documents; get cited answers.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    common = _Parser(add_help=False)
    common.add_argument("--corpus", type=Path, help="corpus folder (default: corpus/)")
    common.add_argument("--index", type=Path, help="index folder (default: index/)")
    common.add_argument("--model", help="sentence-transformers model name or path (default: the bundled MiniLM)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("index", parents=[common], help="build or refresh the index")

    ask = sub.add_parser("ask", parents=[common], help="answer a question (or a batch)")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("--json", action="store_true", help="print the JSON answer object")
    ask.add_argument("--batch", metavar="FILE", help='JSONL of {"id":..., "question":...}; - for stdin')
    scope = ask.add_mutually_exclusive_group()
    scope.add_argument("--law-only", action="store_true", help="cite statutes only")
    scope.add_argument("--reporting-only", action="store_true", help="cite news reporting only")
    ask.add_argument("--doc", action="append", metavar="DOC_ID", help="only this document (repeatable)")
    ask.add_argument("--top-k", type=int, help="how many sources (default 5)")
    ask.add_argument("--no-build", action="store_true", help="fail instead of building a missing/stale index")

    ev = sub.add_parser("eval", parents=[common], help="score the project's question set")
    ev.add_argument("--questions", type=Path, default=REPO_ROOT / "eval" / "questions.jsonl")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="rag: %(message)s", stream=sys.stderr)
    from .errors import BadInputError, CorpusError, LexciteError

    try:
        settings = Settings.from_env(corpus_dir=args.corpus, index_dir=args.index, model=args.model)
        return COMMANDS[args.command](args, settings)
    except (BadInputError, CorpusError) as exc:
        return _fail(args, exc, EXIT_USAGE)
    except LexciteError as exc:
        return _fail(args, exc, exc.exit_code)
    except KeyboardInterrupt:
        print("rag: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: still one clear line, traceback only with --debug
        return _fail(args, exc, EXIT_ERROR, prefix=f"unexpected {exc.__class__.__name__}: ")


def _fail(args, exc: BaseException, code: int, prefix: str = "") -> int:
    if getattr(args, "debug", False):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    print(f"rag: error: {prefix}{exc}", file=sys.stderr)
    return code


def cmd_index(args, settings: Settings) -> int:
    from .corpus import load_corpus
    from .embeddings import LazyEmbedder
    from .index import build_index

    started = time.perf_counter()
    corpus = load_corpus(settings.corpus_dir, settings.root_dir)  # logs what it skipped, as "rag: ..."
    index = build_index(settings, corpus, LazyEmbedder(settings.model, settings.batch_size))
    m = index.manifest
    print(f"indexed {len(corpus.documents)} documents, {m['num_chunks']} chunks "
          f"({m['chunks_embedded']} embedded, the rest cached) into {settings.index_dir} "
          f"in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


def cmd_ask(args, settings: Settings) -> int:
    from .assistant import Assistant
    from .errors import BadInputError

    if (args.question is None) == (args.batch is None):
        raise BadInputError('give either a question or --batch FILE (see `rag ask --help`)')
    options = {"kinds": ["statute"] if args.law_only else ["article"] if args.reporting_only else None,
               "doc_ids": args.doc, "top_k": args.top_k}
    # check what can be checked before loading the model
    if args.question is not None:
        from .assistant import validate_question

        validate_question(args.question, settings.max_question_chars)
    batch = _open_batch(args.batch) if args.batch is not None else None
    assistant = Assistant.load(settings, build=not args.no_build)
    if batch is not None:
        with batch:
            return run_batch(assistant, batch, options)
    answer = assistant.ask(args.question, **options)
    print(answer.to_json() if args.json else answer.to_text())
    return EXIT_OK


def _open_batch(source: str):
    from .errors import BadInputError

    if source == "-":
        return sys.stdin.buffer
    try:
        return open(source, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise BadInputError(f"cannot read batch file {source}: {exc.strerror}") from exc


def run_batch(assistant, stream, options: dict, out=None) -> int:
    """One answer object per input line (bytes), in order. A bad line gets {"error": ...} and the
    batch goes on; the status is 2 at the end if any line was bad."""
    from .errors import BadInputError

    out = out or sys.stdout
    status = EXIT_OK
    for number, raw in enumerate(stream, start=1):
        item_id = None
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if not line.strip():
                continue
            item = json.loads(line)
            if not isinstance(item, dict):
                raise BadInputError("line is not a JSON object")
            item_id = item.get("id")
            if "question" not in item:
                raise BadInputError('line has no "question"')
            record = assistant.ask(item["question"], id=item_id, **options).to_dict()
        except (ValueError, BadInputError) as exc:
            kind = ("not UTF-8 text: " if isinstance(exc, UnicodeDecodeError)
                    else "invalid JSON: " if isinstance(exc, ValueError) else "")
            message = f"line {number}: {kind}{exc}"
            record = {"id": item_id, "error": message} if item_id is not None else {"error": message}
            print(f"rag: {message}", file=sys.stderr)
            status = EXIT_USAGE
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return status


def cmd_eval(args, settings: Settings) -> int:
    from .assistant import Assistant
    from .evaluation import evaluate, format_report, load_questions

    questions = load_questions(args.questions)
    report = evaluate(Assistant.load(settings), questions)
    print(json.dumps(report, indent=1) if args.json else format_report(report))
    return EXIT_OK


COMMANDS = {"index": cmd_index, "ask": cmd_ask, "eval": cmd_eval}

if __name__ == "__main__":
    sys.exit(main())
