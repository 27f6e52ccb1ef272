"""Passages that follow one another in a file: found in what an answer cites, and the pin cite of
the level that holds them all."""

from __future__ import annotations

import re

from .retrieval import Hit, parse_locator

# a statement quoting adjacent passages (a list's lead-in and its items) cites them as one span up to
# this long; beyond it each keeps its own citation, so a pin cite stays close to what it quotes
MAX_JOINED_CHARS = 1000


def adjacent_runs(hits: list[Hit], text_of: dict, limit: int = MAX_JOINED_CHARS) -> list[list[Hit]]:
    """The hits one statement cites, as runs of passages that follow one another in a file with
    nothing but white space between them (a list's lead-in and its items), each in reading order;
    the runs in the order of their best hit. `text_of[doc_id]` is a document's text; a document
    without one is not joined."""
    by_source: dict[str, list[Hit]] = {}
    for hit in hits:
        by_source.setdefault(hit.chunk.source, []).append(hit)
    runs: list[list[Hit]] = []
    for same_file in by_source.values():
        same_file.sort(key=lambda h: (h.chunk.start, h.chunk.end))
        runs.append([same_file[0]])
        for hit in same_file[1:]:
            run = runs[-1]
            if (hit.chunk.end - run[0].chunk.start <= limit and follows(run[-1], hit, text_of)
                    and _same_section(run[0].chunk.locator, hit.chunk.locator)):
                run.append(hit)
            else:
                runs.append([hit])
    position = {id(hit): place for place, hit in enumerate(hits)}
    return sorted(runs, key=lambda run: min(position[id(h)] for h in run))


def _same_section(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    parsed_a, parsed_b = parse_locator(a), parse_locator(b)
    return parsed_a is not None and parsed_b is not None and parsed_a[:2] == parsed_b[:2]


def common_locator(locators: list[str | None]) -> str | None:
    """The pin cite of the deepest level that holds every one of `locators` (of one section):
    '26 U.S.C. § 7213A(a)(1)' for '... § 7213A(a)(1)', '... § 7213A(a)(1)(A)', '... § 7213A(a)(1)(B)'."""
    if not locators or any(loc is None for loc in locators):
        return None
    paths = [parsed[2] if (parsed := parse_locator(loc)) else () for loc in locators]
    shared = 0
    while all(len(path) > shared and path[shared] == paths[0][shared] for path in paths):
        shared += 1
    base = re.sub(r"(?:\(\s*[A-Za-z0-9]{1,4}\s*\))+$", "", locators[0])
    return base + "".join(f"({part})" for part in paths[0][:shared])


def follows(before: Hit, after: Hit, text_of: dict) -> bool:
    """Whether `after` comes right after `before` in their file, with nothing but white space between."""
    text = text_of.get(before.chunk.doc_id)
    return (text is not None and before.chunk.source == after.chunk.source and before.chunk.end <= after.chunk.start
            and not text[before.chunk.end:after.chunk.start].strip())
