"""The `rag` command. Each subcommand calls one library function; errors become one clear line."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path

from .config import MAX_TOP_K, REPO_ROOT, Settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# C1 controls (and DEL) that json.dumps(ensure_ascii=False) leaves raw; terminals may obey them
_C1 = re.compile("[\x7f-\x9f]")


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit status 2."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"rag: error: {message} (see `{self.prog} --help`)\n")


def _top_k(value: str) -> int:
    """--top-k: an int from 1 to MAX_TOP_K, checked before the model is loaded."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_TOP_K:
        raise argparse.ArgumentTypeError(f"must be an integer between 1 and {MAX_TOP_K}, not {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rag", description="Ask questions of legal documents; get cited answers.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    common = _Parser(add_help=False)
    common.add_argument("--corpus", type=Path, help="corpus folder (default: corpus/)")
    common.add_argument("--index", type=Path,
                        help="index folder (default: index/ for corpus/, else one in ~/.cache/lexcite)")
    common.add_argument("--model", help="sentence-transformers model name or path (default: the bundled MiniLM)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    index = sub.add_parser("index", parents=[common], help="build or refresh the index")
    index.add_argument("--force", action="store_true", help="rebuild even if the index is up to date")

    ask = sub.add_parser("ask", parents=[common], help="answer a question (or a batch)")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("--json", action="store_true", help="print the JSON answer object")
    ask.add_argument("--batch", metavar="FILE", help='JSONL of {"id":..., "question":...}; - for stdin')
    scope = ask.add_mutually_exclusive_group()
    scope.add_argument("--law-only", action="store_true", help="cite statutes only")
    scope.add_argument("--reporting-only", action="store_true", help="cite news reporting only")
    ask.add_argument("--doc", action="append", metavar="DOC_ID", help="only this document (repeatable)")
    ask.add_argument("--top-k", type=_top_k, help=f"how many sources, 1 to {MAX_TOP_K} (default 5)")
    ask.add_argument("--no-build", action="store_true", help="fail instead of building a missing/stale index")

    indexes = sub.add_parser("indexes", help="list the indexes kept in the cache for other corpus folders")
    indexes.add_argument("--prune", action="store_true",
                         help="delete those whose corpus folder is gone, and what interrupted builds left")
    indexes.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
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
        settings = Settings.from_env(corpus_dir=getattr(args, "corpus", None), index_dir=getattr(args, "index", None),
                                     model=getattr(args, "model", None))
        _check_folders(settings)
        return COMMANDS[args.command](args, settings)
    except (BadInputError, CorpusError) as exc:
        return _fail(args, exc, EXIT_USAGE)
    except LexciteError as exc:
        return _fail(args, exc, exc.exit_code)
    except KeyboardInterrupt:
        print("rag: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a file or folder that cannot be read or written: name it
        where = f"cannot use {exc.filename}: " if exc.filename else ""
        return _fail(args, exc, EXIT_ERROR, message=f"{where}{exc.strerror or exc}")
    except Exception as exc:  # last resort: still one clear line, traceback only with --debug
        return _fail(args, exc, EXIT_ERROR, message=f"unexpected {exc.__class__.__name__}: {exc}")


def _fail(args, exc: BaseException, code: int, message: str | None = None) -> int:
    if getattr(args, "debug", False):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    print(f"rag: error: {one_line(str(exc) if message is None else message)}", file=sys.stderr)
    return code


def one_line(text: str) -> str:
    """A message for stderr: one line, with control characters shown as escapes, not obeyed."""
    from .answer import terminal_safe

    return terminal_safe(" ".join(text.split()))


def json_line(record) -> str:
    """`record` as one line of strict JSON that encodes as UTF-8 (ValueError if it cannot: a lone
    surrogate, NaN), with C1 controls escaped like C0 ones: the same JSON value, terminal-safe."""
    text = json.dumps(record, ensure_ascii=False, allow_nan=False)
    text.encode("utf-8")
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _check_folders(settings: Settings) -> None:
    from .errors import BadInputError

    for what, folder in (("corpus", settings.corpus_dir), ("index", settings.index_dir)):
        if folder.exists() and not folder.is_dir():
            raise BadInputError(f"the {what} path {folder} is a file, not a folder")


def cmd_index(args, settings: Settings) -> int:
    from .corpus import load_corpus
    from .embeddings import LazyEmbedder
    from .index import build_index, current_manifest

    started = time.perf_counter()
    corpus = load_corpus(settings.corpus_dir, settings.root_dir)  # logs what it skipped, as "rag: ..."
    if not args.force and (manifest := current_manifest(settings, corpus)):
        print(f"the index in {settings.index_dir} is up to date ({len(corpus.documents)} documents, "
              f"{manifest['num_chunks']} chunks); nothing to do (--force rebuilds it)")
        return EXIT_OK
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
    print(json_line(answer.to_dict()) if args.json else answer.to_text())
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
    """One output line per input line (bytes), in order: the answer object, or {"error": ...} for a bad
    line, and the batch goes on; the status is 2 at the end if any line was bad. A blank line is a bad
    line too, unless only blank lines follow it (the newlines that end a file are not questions)."""
    out = out or sys.stdout
    status, blanks = EXIT_OK, []
    for number, raw in enumerate(stream, start=1):
        if not (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw).strip():
            blanks.append(number)  # written when a line with something on it follows
            continue
        lines = [_error_line(blank, "empty line") for blank in blanks] + [_answer_line(assistant, number, raw, options)]
        blanks = []
        for text, code in lines:
            out.write(text + "\n")
            status = max(status, code)
        out.flush()
    return status


def _answer_line(assistant, number: int, raw, options: dict) -> tuple[str, int]:
    """The output line for one input line, and its status."""
    from .errors import BadInputError

    item_id = None
    try:
        item = _parse_line(raw)
        item_id = _check_id(item.get("id"))
        if "question" not in item:
            raise BadInputError('line has no "question"')
        return json_line(assistant.ask(item["question"], id=item_id, **options).to_dict()), EXIT_OK
    except BadInputError as exc:
        return _error_line(number, str(exc), item_id)


def _error_line(number: int, error: str, item_id=None) -> tuple[str, int]:
    """{"error": ...} (with the line's id when it has a usable one), also said on stderr."""
    message = one_line(f"line {number}: {error}")
    print(f"rag: {message}", file=sys.stderr)
    return json_line({"error": message} if item_id is None else {"id": item_id, "error": message}), EXIT_USAGE


def _parse_line(raw) -> dict:
    from .errors import BadInputError

    try:
        item = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError as exc:
        raise BadInputError(f"not UTF-8 text: {exc}") from exc
    except ValueError as exc:
        raise BadInputError(f"invalid JSON: {exc}") from exc
    except RecursionError:
        raise BadInputError("invalid JSON: nested too deeply") from None
    if not isinstance(item, dict):
        raise BadInputError("line is not a JSON object")
    return item


def _check_id(item_id):
    """The line's id, if it can be echoed back in strict UTF-8 JSON."""
    from .errors import BadInputError

    try:
        json_line(item_id)
    except (ValueError, RecursionError):
        raise BadInputError('the "id" cannot be written back as JSON (a lone surrogate, NaN, Infinity '
                            'or nesting too deep)') from None
    return item_id


def cmd_eval(args, settings: Settings) -> int:
    from .assistant import Assistant
    from .evaluation import evaluate, format_report, load_questions

    questions = load_questions(args.questions)
    report = evaluate(Assistant.load(settings), questions)
    print(json.dumps(report, indent=1) if args.json else format_report(report))
    return EXIT_OK


def cmd_indexes(args, settings: Settings) -> int:
    from .config import index_cache_dir
    from .index import cached_indexes, prune_cached_indexes

    cache = index_cache_dir()
    if args.prune:
        removed = prune_cached_indexes(settings.root_dir)
        for entry in removed:
            print(f"removed {entry.folder} ({_size(entry.size)}, {_orphan_reason(entry)})")
        print(f"{len(removed)} removed, {_size(sum(e.size for e in removed))} freed in {cache}")
        return EXIT_OK
    found = cached_indexes(settings.root_dir)
    for entry in found:
        state = f"  [{_orphan_reason(entry)}]" if entry.orphaned else ""
        print(f"{_size(entry.size):>9}  {entry.built_at or '-':25}  {entry.folder.name}  "
              f"for {entry.corpus or '?'}{state}")
    orphans = sum(e.orphaned for e in found)
    print(f"{len(found)} index{'es' if len(found) != 1 else ''}, {_size(sum(e.size for e in found))} in {cache}"
          + (f"; `rag indexes --prune` deletes the {orphans} marked" if orphans else ""))
    return EXIT_OK


def _orphan_reason(entry) -> str:
    return "interrupted build" if entry.interrupted else "corpus folder gone"


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.0f} kB"


COMMANDS = {"index": cmd_index, "ask": cmd_ask, "indexes": cmd_indexes, "eval": cmd_eval}

if __name__ == "__main__":
    sys.exit(main())
