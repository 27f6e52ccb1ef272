"""The real model over the project's question sets. Fails if quality drops below the floors.

Floors are what this pipeline measured when they were set, minus a small margin, so a regression
fails CI. The issue's targets (hit@1 0.85, hit@5 0.95, abstention 0.8) are printed beside them:
see the README for where the pipeline stands against them."""

import json
from pathlib import Path

import pytest

from rag import Assistant
from rag.evaluation import evaluate, evidence_spans, load_questions

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"

# The project's own set, then sets written independently, by people who saw the corpus but neither
# the pipeline nor the other sets
FLOORS = {
    EVAL / "questions.jsonl": {"hit@1": 0.83, "hit@5": 0.94, "mrr": 0.87, "abstention_accuracy": 0.90},
    EVAL / "heldout.jsonl": {"hit@1": 0.84, "hit@5": 0.90, "mrr": 0.86, "abstention_accuracy": 0.80},
    EVAL / "heldout-2.jsonl": {"hit@1": 0.91, "hit@5": 0.97, "mrr": 0.93, "abstention_accuracy": 0.75},
    EVAL / "heldout-3.jsonl": {"hit@1": 0.87, "hit@5": 0.90, "mrr": 0.88, "abstention_accuracy": 0.87},
    # scored blind when added (2 of its 8 unanswerable questions refused), then its misses were read
    EVAL / "heldout-4.jsonl": {"hit@1": 0.96, "hit@5": 0.93, "mrr": 0.96, "abstention_accuracy": 0.85},
    # everyday and research questions graded from the corpus alone, scored blind when added (hit@1
    # 0.39, 2 of 11 refusals); some of its misses were read and fixed since
    EVAL / "heldout-5.jsonl": {"hit@1": 0.72, "hit@5": 0.85, "mrr": 0.75, "abstention_accuracy": 0.85},
    # written and graded by a helper that read the corpus only; scored blind when added (ba88562),
    # its misses read since heldout-8 was added
    EVAL / "heldout-6.jsonl": {"hit@1": 0.94, "hit@5": 0.97, "mrr": 0.95, "abstention_accuracy": 0.95},
    # written and graded the same way by a seventh helper; scored blind when added (3275723)
    EVAL / "heldout-7.jsonl": {"hit@1": 0.90, "hit@5": 0.94, "mrr": 0.92, "abstention_accuracy": 0.80},
    # written and graded the same way by an eighth helper; scored blind when added (994c867), its
    # misses read since heldout-9 was written
    EVAL / "heldout-8.jsonl": {"hit@1": 0.85, "hit@5": 0.88, "mrr": 0.86, "abstention_accuracy": 0.95},
    # a ninth helper's; scored blind when added (ab64c6f), its misses read since heldout-10 was written
    EVAL / "heldout-9.jsonl": {"hit@1": 0.93, "hit@5": 0.94, "mrr": 0.94, "abstention_accuracy": 0.85},
    # a tenth helper's; scored blind when added (2cda8f8: hit@1 0.61, 4 of 11 refusals), its misses read since
    EVAL / "heldout-10.jsonl": {"hit@1": 0.94, "hit@5": 0.97, "mrr": 0.95, "abstention_accuracy": 0.60},
    # an eleventh helper's; scored blind at 2cda8f8 and again with the fixes from other sets (c2058c0),
    # its misses read since heldout-12 was written
    EVAL / "heldout-11.jsonl": {"hit@1": 0.97, "hit@5": 0.97, "mrr": 0.97, "abstention_accuracy": 0.78},
    # a twelfth helper's; scored blind when added (0544c1d: hit@1 0.70, 9 of 11 refusals) and with the
    # fixes made from other sets' misses (0.76); its misses read since heldout-13 was written
    EVAL / "heldout-12.jsonl": {"hit@1": 0.93, "hit@5": 0.97, "mrr": 0.95, "abstention_accuracy": 0.95},
    # a thirteenth helper's; scored blind when added (023da34: hit@1 0.70, 10 of 11 refusals) and with
    # the fixes made from other sets' misses (0.73); its misses read since heldout-14 was written
    EVAL / "heldout-13.jsonl": {"hit@1": 0.90, "hit@5": 0.90, "mrr": 0.94, "abstention_accuracy": 0.85},
    # a fourteenth helper's; scored blind when added (c5dc563: hit@1 0.76, 5 of 11 refusals) and with
    # the fixes made from other sets' misses (unchanged); its misses read since heldout-15 was written
    # (0.82, 9 of 11 refusals)
    EVAL / "heldout-14.jsonl": {"hit@1": 0.84, "hit@5": 0.87, "mrr": 0.83, "abstention_accuracy": 0.78},
    # a fifteenth helper's; scored blind when added (c5d18cb: hit@1 0.70, 8 of 11 refusals) and with
    # the fixes made from other sets' misses (unchanged); its misses read since heldout-16 was written
    EVAL / "heldout-15.jsonl": {"hit@1": 0.78, "hit@5": 0.90, "mrr": 0.82, "abstention_accuracy": 0.68},
    # a sixteenth helper's; scored blind when added (fa17af6: hit@1 0.76, 7 of 11 refusals) and with
    # the fixes made from other sets' misses (unchanged); its misses read since heldout-18 was written
    # (0.88, 8 of 11 refusals)
    EVAL / "heldout-16.jsonl": {"hit@1": 0.90, "hit@5": 0.93, "mrr": 0.92, "abstention_accuracy": 0.69},
    # a seventeenth helper's; scored blind when added (c95992c: hit@1 0.55, 8 of 11 refusals), its
    # questions shown by that same scoring run, so read from then on (0.73, 9 of 11 refusals)
    EVAL / "heldout-17.jsonl": {"hit@1": 0.75, "hit@5": 0.84, "mrr": 0.79, "abstention_accuracy": 0.78},
    # an eighteenth helper's; scored blind when added (c95992c: hit@1 0.39, 7 of 11 refusals) and with
    # the fixes made from other sets' misses (cb7d1b8: 0.45); its misses read since heldout-19 was
    # written (0.58, 8 of 11 refusals; 0.70 since e2d3bf2)
    EVAL / "heldout-18.jsonl": {"hit@1": 0.66, "hit@5": 0.87, "mrr": 0.75, "abstention_accuracy": 0.70},
    # a nineteenth helper's; scored blind when added (e0c6039: hit@1 0.67, 7 of 11 refusals) and with
    # the fixes made from heldout-18's misses (43ad040: 0.70); its misses read since heldout-20 was
    # written (0.73, 7 of 11 refusals)
    EVAL / "heldout-19.jsonl": {"hit@1": 0.70, "hit@5": 0.84, "mrr": 0.75, "abstention_accuracy": 0.60},
    # a twentieth helper's; scored blind at e0c6039 (hit@1 0.73, 8 of 11 refusals) and with this
    # session's fixes (f7321a5: 0.70, 8 of 11), then with adjacent passages cited as one (9ba9f80: 0.82,
    # 8 of 11); its misses not read
    EVAL / "heldout-20.jsonl": {"hit@1": 0.78, "hit@5": 0.85, "mrr": 0.80, "abstention_accuracy": 0.70},
    # a twenty-first helper's; scored blind at 469e135 (hit@1 0.79, 10 of 11 refusals) and with adjacent
    # passages cited as one (7032ce0 on: 0.82, 10 of 11); two of its questions were shown by accident
    # (their text and rank, not acted on), the rest not read
    EVAL / "heldout-21.jsonl": {"hit@1": 0.78, "hit@5": 0.90, "mrr": 0.84, "abstention_accuracy": 0.85},
    # a twenty-second helper's, written from a copy of the corpus alone; scored blind when added
    # (be87525: hit@1 0.85, hit@5 0.94, 8 of 11 refusals, 1 false abstention); its misses read since
    # heldout-23 was written (4ce836e: 0.94, 9 of 11 refusals, no false abstention)
    EVAL / "heldout-22.jsonl": {"hit@1": 0.90, "hit@5": 0.96, "mrr": 0.93, "abstention_accuracy": 0.78},
    # a twenty-third helper's, the same way; scored blind when added (02ce661: hit@1 0.67, hit@5 0.82,
    # 7 of 11 refusals); its misses read since heldout-24 was written (cabcda4: 0.79, 0.94, 9 of 11)
    EVAL / "heldout-23.jsonl": {"hit@1": 0.75, "hit@5": 0.90, "mrr": 0.80, "abstention_accuracy": 0.78},
    # a twenty-fourth helper's, the same way; scored blind when added (02ce661: hit@1 0.79, hit@5 0.88,
    # 8 of 11 refusals, 2 false abstentions) and with the fixes from other sets (cabcda4: 9 of 11); its
    # misses read since heldout-25 was written (64e3186: 0.85, 0.97, 9 of 11, no false abstention)
    EVAL / "heldout-24.jsonl": {"hit@1": 0.81, "hit@5": 0.93, "mrr": 0.86, "abstention_accuracy": 0.78},
    # a twenty-fifth helper's, the same way; scored blind when added (02ce661: hit@1 0.70, hit@5 0.82,
    # 7 of 11 refusals, 1 false abstention) and with the fixes from heldout-24's misses (64e3186: 0.73,
    # 0.85); its misses read since heldout-26 was written (c5f5c3c: 0.85, 0.94, 8 of 11)
    EVAL / "heldout-25.jsonl": {"hit@1": 0.81, "hit@5": 0.90, "mrr": 0.84, "abstention_accuracy": 0.70},
    # a twenty-sixth helper's, the same way; scored blind when added (02ce661: hit@1 0.76, hit@5 0.91,
    # 8 of 11 refusals) and with the fixes from heldout-25's misses (c5f5c3c: 9 of 11); its misses read
    # since heldout-27 was written (650fc46: 0.82, 0.94, 10 of 11)
    EVAL / "heldout-26.jsonl": {"hit@1": 0.78, "hit@5": 0.90, "mrr": 0.83, "abstention_accuracy": 0.87},
    # a twenty-seventh helper's, the same way; scored blind when added (02ce661: hit@1 0.73, hit@5 0.88,
    # 8 of 11 refusals) and with the fixes from heldout-26's misses (650fc46: 0.73, 0.91); its misses read
    # since heldout-28 was written (a4bbf0f: 0.91, 0.97, 10 of 11; with the rules that followed 0.97, 1.0)
    EVAL / "heldout-27.jsonl": {"hit@1": 0.93, "hit@5": 0.97, "mrr": 0.94, "abstention_accuracy": 0.87},
    # a twenty-eighth helper's, the same way; scored blind when added (2bc26af: hit@1 0.76, hit@5 0.88,
    # 10 of 11 refusals, 2 false abstentions); its misses read since heldout-29 was written (0.82, 0.91, 10
    # of 11, 1 false abstention)
    EVAL / "heldout-28.jsonl": {"hit@1": 0.78, "hit@5": 0.87, "mrr": 0.82, "abstention_accuracy": 0.87},
    # a twenty-ninth helper's, the same way; scored blind when added (24b4b20: hit@1 0.79, hit@5 0.91,
    # 10 of 11 refusals, 1 false abstention; 0.73, 0.88 with the code of 2bc26af); its misses read since
    # heldout-30 was written (006c25f: 0.82, 0.94, 10 of 11, no false abstention)
    EVAL / "heldout-29.jsonl": {"hit@1": 0.78, "hit@5": 0.90, "mrr": 0.82, "abstention_accuracy": 0.87},
    # a thirtieth helper's, the same way; scored blind when added (006c25f: hit@1 0.67, hit@5 0.82, 10 of
    # 11 refusals; 0.64, 0.82 with the code of 2bc26af); its misses read since heldout-31 was written (0.76,
    # 0.91, 10 of 11)
    EVAL / "heldout-30.jsonl": {"hit@1": 0.72, "hit@5": 0.87, "mrr": 0.78, "abstention_accuracy": 0.87},
    # a thirty-first helper's, the same way; scored blind when added (5d6131f: hit@1 0.70, hit@5 0.88, 10
    # of 11 refusals, 1 false abstention; the same with the code of 2bc26af); its misses read since
    # heldout-32 was written (0.79, 0.94, 10 of 11, no false abstention)
    EVAL / "heldout-31.jsonl": {"hit@1": 0.75, "hit@5": 0.90, "mrr": 0.81, "abstention_accuracy": 0.87},
    # a thirty-second helper's, the same way; scored blind when added (fbe62bf: hit@1 0.82, hit@5 0.94, 10
    # of 11 refusals, 1 false abstention; 0.85, 0.97 and none with the code of 2bc26af); its misses read
    # since heldout-33 was written (0.85, 0.97, 10 of 11, no false abstention)
    EVAL / "heldout-32.jsonl": {"hit@1": 0.81, "hit@5": 0.93, "mrr": 0.85, "abstention_accuracy": 0.87},
    # a thirty-third helper's, the same way; scored blind when added (78e492f: hit@1 0.82, hit@5 0.97, 10
    # of 11 refusals, no false abstention; 0.76, 0.97 with the code of 2bc26af); its questions not read (one
    # unanswerable question's text shown by a search over all sets in a later session, not acted on)
    EVAL / "heldout-33.jsonl": {"hit@1": 0.78, "hit@5": 0.93, "mrr": 0.84, "abstention_accuracy": 0.87},
    # a thirty-fourth helper's, the same way; scored blind when added (9092dac: hit@1 0.82, hit@5 0.94, 8 of
    # 11 refusals); its misses read since (1.0, 1.0, 10 of 11)
    EVAL / "heldout-34.jsonl": {"hit@1": 0.94, "hit@5": 0.96, "mrr": 0.95, "abstention_accuracy": 0.87},
    # a thirty-fifth helper's, the same way; scored blind when added (9092dac: hit@1 0.73, hit@5 0.91, 10 of
    # 11 refusals); its questions not read (one
    # unanswerable question's text shown by a search over all sets in a later session, not acted on)
    EVAL / "heldout-35.jsonl": {"hit@1": 0.72, "hit@5": 0.87, "mrr": 0.78, "abstention_accuracy": 0.87},
    # a thirty-sixth helper's, the same way; scored blind when added (b169884: hit@1 0.76, hit@5 0.85, 10 of
    # 11 refusals, 1 false abstention); its misses read since
    EVAL / "heldout-36.jsonl": {"hit@1": 0.78, "hit@5": 0.87, "mrr": 0.82, "abstention_accuracy": 0.87},
    # a thirty-seventh helper's, the same way; scored blind when added (b194d94: hit@1 0.73, hit@5 0.94, 11
    # of 11 refusals); its misses read since
    EVAL / "heldout-37.jsonl": {"hit@1": 0.84, "hit@5": 0.93, "mrr": 0.87, "abstention_accuracy": 0.95},
    # a thirty-eighth helper's, the same way; scored blind when added (b194d94: hit@1 0.88, hit@5 0.91, 9 of
    # 11 refusals, 1 false abstention); its questions not read
    EVAL / "heldout-38.jsonl": {"hit@1": 0.84, "hit@5": 0.87, "mrr": 0.86, "abstention_accuracy": 0.78},
    # a thirty-ninth helper's, the same way; scored blind when added (db887f2: hit@1 0.73, hit@5 0.85, 8 of
    # 11 refusals); its misses read since
    EVAL / "heldout-39.jsonl": {"hit@1": 0.84, "hit@5": 0.87, "mrr": 0.85, "abstention_accuracy": 0.78},
    # a fortieth helper's, the same way; scored blind when added (db887f2: hit@1 0.76, hit@5 0.94, 10 of 11
    # refusals); its questions not read (one
    # unanswerable question's text shown by a search over all sets in a later session, not acted on)
    EVAL / "heldout-40.jsonl": {"hit@1": 0.75, "hit@5": 0.90, "mrr": 0.80, "abstention_accuracy": 0.87},
    # a forty-first helper's, the same way; scored blind when added (1ce6df3: hit@1 0.82, hit@5 0.82, 6 of 11
    # refusals, 2 false abstentions); its misses read since (0.94, 0.94, 7 of 11, 1 false abstention)
    EVAL / "heldout-41.jsonl": {"hit@1": 0.90, "hit@5": 0.90, "mrr": 0.90, "abstention_accuracy": 0.60},
    # a forty-second helper's, the same way; scored blind when added (1ce6df3: hit@1 0.85, hit@5 0.91, 8 of
    # 11 refusals, 1 false abstention); its questions not read (one
    # unanswerable question's text shown by a search over all sets in a later session, not acted on)
    EVAL / "heldout-42.jsonl": {"hit@1": 0.81, "hit@5": 0.87, "mrr": 0.84, "abstention_accuracy": 0.70},
    # a forty-third helper's, the same way; scored blind when added (c3c84d5: hit@1 0.82, hit@5 0.88, 11 of
    # 11 refusals, 2 false abstentions); its misses read since
    EVAL / "heldout-43.jsonl": {"hit@1": 0.90, "hit@5": 0.93, "mrr": 0.91, "abstention_accuracy": 0.95},
    # a forty-fourth helper's, the same way; scored blind when added (c3c84d5: hit@1 0.82, hit@5 0.88, 8 of
    # 11 refusals, 1 false abstention); its questions not read (one
    # unanswerable question's text shown by a search over all sets in a later session, not acted on)
    EVAL / "heldout-44.jsonl": {"hit@1": 0.78, "hit@5": 0.84, "mrr": 0.80, "abstention_accuracy": 0.78},
    # a forty-fifth helper's, the same way; scored blind when added (dc5523f: hit@1 0.73, hit@5 0.91, 10 of
    # 11 refusals); its misses read since
    EVAL / "heldout-45.jsonl": {"hit@1": 0.78, "hit@5": 0.90, "mrr": 0.82, "abstention_accuracy": 0.87},
    # a forty-sixth helper's, the same way; scored blind when added (dc5523f: hit@1 0.79, hit@5 0.88, 9 of
    # 11 refusals, 1 false abstention); its questions not read (one
    # unanswerable question's text shown by a search over all sets in a later session, not acted on)
    EVAL / "heldout-46.jsonl": {"hit@1": 0.75, "hit@5": 0.84, "mrr": 0.78, "abstention_accuracy": 0.78},
    # a forty-seventh helper's, the same way; scored blind when added (ac0f563: hit@1 0.79, hit@5 0.91, 8 of
    # 11 refusals); its misses read since
    EVAL / "heldout-47.jsonl": {"hit@1": 0.75, "hit@5": 0.87, "mrr": 0.80, "abstention_accuracy": 0.70},
    # a forty-eighth helper's, the same way; scored blind when added (ac0f563: hit@1 0.85, hit@5 0.88, 9 of
    # 11 refusals); its questions not read (one
    # unanswerable question's text shown by a search over all sets in a later session, not acted on)
    EVAL / "heldout-48.jsonl": {"hit@1": 0.81, "hit@5": 0.84, "mrr": 0.82, "abstention_accuracy": 0.78},
    # a forty-ninth helper's, the same way; scored blind when added (abf5b34: hit@1 0.76, hit@5 0.91, 6 of
    # 11 refusals, 1 false abstention); its misses read since
    EVAL / "heldout-49.jsonl": {"hit@1": 0.73, "hit@5": 0.88, "mrr": 0.79, "abstention_accuracy": 0.87},
    # a fiftieth helper's, the same way; scored blind when added (abf5b34: hit@1 0.82, hit@5 0.85, 6 of
    # 11 refusals); its misses read since
    EVAL / "heldout-50.jsonl": {"hit@1": 0.78, "hit@5": 0.81, "mrr": 0.80, "abstention_accuracy": 0.95},
    # a fifty-first helper's, the same way; scored blind when added (179aacb: hit@1 0.88, hit@5 0.94, 9 of
    # 11 refusals, 1 false abstention); its misses read since
    EVAL / "heldout-51.jsonl": {"hit@1": 0.87, "hit@5": 0.93, "mrr": 0.90, "abstention_accuracy": 0.87},
    # a fifty-second helper's, the same way; scored blind when added (179aacb: hit@1 0.88, hit@5 0.91, 8 of
    # 11 refusals); its questions not read (one researcher question's text was shown by a search)
    EVAL / "heldout-52.jsonl": {"hit@1": 0.84, "hit@5": 0.87, "mrr": 0.86, "abstention_accuracy": 0.70},
    # a fifty-third helper's, the same way; scored blind when added (931661c: hit@1 0.91, hit@5 0.97, 9 of 11
    # refusals); its questions not read
    EVAL / "heldout-53.jsonl": {"hit@1": 0.87, "hit@5": 0.93, "mrr": 0.90, "abstention_accuracy": 0.78},
    # a fifty-fourth helper's, the same way; scored blind when added (931661c: hit@1 0.88, hit@5 0.91, 10 of
    # 11 refusals, 1 false abstention); its questions not read
    EVAL / "heldout-54.jsonl": {"hit@1": 0.84, "hit@5": 0.87, "mrr": 0.85, "abstention_accuracy": 0.87},
    # a fifty-fifth helper's, the same way; scored blind when added (1772a12: hit@1 0.88, hit@5 0.91, 9 of
    # 11 refusals); its misses read since
    EVAL / "heldout-55.jsonl": {"hit@1": 0.93, "hit@5": 0.96, "mrr": 0.95, "abstention_accuracy": 0.95},
    # a fifty-sixth helper's, the same way; scored blind when added (1772a12: hit@1 0.85, hit@5 0.91, 9 of
    # 11 refusals, 1 false abstention); its questions not read
    EVAL / "heldout-56.jsonl": {"hit@1": 0.81, "hit@5": 0.87, "mrr": 0.83, "abstention_accuracy": 0.87},
    # a fifty-seventh helper's, the same way; scored blind when added (33453f8: hit@1 0.85, hit@5 0.97, 8 of
    # 11 refusals); its misses read since
    EVAL / "heldout-57.jsonl": {"hit@1": 0.81, "hit@5": 0.93, "mrr": 0.86, "abstention_accuracy": 0.70},
    # a fifty-eighth helper's, the same way; scored blind when added (33453f8: hit@1 0.91, hit@5 0.97, 9 of
    # 11 refusals); its questions not read
    EVAL / "heldout-58.jsonl": {"hit@1": 0.87, "hit@5": 0.93, "mrr": 0.90, "abstention_accuracy": 0.78},
    # a fifty-ninth helper's, the same way; scored blind when added (2350d1d: hit@1 0.91, hit@5 1.00, 10 of
    # 11 refusals); its misses read since
    EVAL / "heldout-59.jsonl": {"hit@1": 0.87, "hit@5": 0.96, "mrr": 0.91, "abstention_accuracy": 0.87},
    # a sixtieth helper's, the same way; scored blind when added (2350d1d: hit@1 0.85, hit@5 0.94, 8 of 11
    # refusals, 1 false abstention); its questions not read
    EVAL / "heldout-60.jsonl": {"hit@1": 0.81, "hit@5": 0.90, "mrr": 0.84, "abstention_accuracy": 0.70},
    # a sixty-first helper's, the same way; scored blind when added (fc57527: hit@1 0.88, hit@5 0.97, 11 of
    # 11 refusals); its misses read since
    EVAL / "heldout-61.jsonl": {"hit@1": 0.84, "hit@5": 0.93, "mrr": 0.88, "abstention_accuracy": 0.95},
    # a sixty-second helper's, the same way; scored blind when added (fc57527: hit@1 0.82, hit@5 0.91, 11 of
    # 11 refusals); its questions not read
    EVAL / "heldout-62.jsonl": {"hit@1": 0.78, "hit@5": 0.87, "mrr": 0.82, "abstention_accuracy": 0.95},
    # a sixty-third helper's, the same way; scored blind when added (2ae2f3f: hit@1 1.00, hit@5 1.00, 10 of
    # 11 refusals); its questions not read
    EVAL / "heldout-63.jsonl": {"hit@1": 0.96, "hit@5": 0.96, "mrr": 0.96, "abstention_accuracy": 0.87},
    # a sixty-fourth helper's, the same way; scored blind when added (2ae2f3f: hit@1 0.91, hit@5 0.97, 6 of
    # 11 refusals); its misses read since
    EVAL / "heldout-64.jsonl": {"hit@1": 0.87, "hit@5": 0.93, "mrr": 0.89, "abstention_accuracy": 0.69},
    # a sixty-fifth helper's, the same way; scored blind when added (19a171a: hit@1 0.88, hit@5 0.94, 10 of
    # 11 refusals, 1 false abstention); its questions not read
    EVAL / "heldout-65.jsonl": {"hit@1": 0.84, "hit@5": 0.90, "mrr": 0.87, "abstention_accuracy": 0.87},
    # a sixty-sixth helper's, the same way; scored blind when added (19a171a: hit@1 0.88, hit@5 0.94, 9 of
    # 11 refusals); its questions not read
    EVAL / "heldout-66.jsonl": {"hit@1": 0.84, "hit@5": 0.90, "mrr": 0.86, "abstention_accuracy": 0.78},
}
TARGETS = {"hit@1": 0.85, "hit@5": 0.95, "abstention_accuracy": 0.80, "false_abstention": 0.05}
# the most false abstentions a set may have: the target, except on a blind set that misses it when
# added, held where it stood rather than tuned to (none now: heldout-24's 2 of 33 are mended, and one of
# heldout-28's 2)
FALSE_ABSTENTION_CEILINGS: dict[Path, float] = {}
SETS = list(FLOORS)


@pytest.fixture(scope="module")
def assistant():
    return Assistant.load(build=False)  # the shipped index must be current


@pytest.fixture(scope="module")
def reports(assistant):
    """Each set's report, evaluated once for all the tests that read it."""
    cache: dict[Path, dict] = {}

    def report(path: Path) -> dict:
        if path not in cache:
            cache[path] = evaluate(assistant, load_questions(path))
        return cache[path]

    return report


@pytest.mark.parametrize("path", SETS, ids=lambda path: path.stem)
def test_question_set_is_well_formed(path):
    questions = load_questions(path)
    assert len(questions) >= 40
    assert len({q["id"] for q in questions}) == len(questions)
    unanswerable = [q for q in questions if not q["answerable"]]
    assert len(unanswerable) >= 8
    categories = {q["category"] for q in questions}
    # (heldout-5 and heldout-6 have no question only the paraphrased copy answers)
    assert {"lay", "researcher", "pincite", "unanswerable"} <= categories <= {
        "lay", "researcher", "pincite", "paraphrase", "unanswerable"}
    for q in questions:
        if q["answerable"]:
            assert evidence_spans(q, ROOT), q["id"]  # every evidence text is in its file


@pytest.mark.integration
@pytest.mark.parametrize("path", SETS, ids=lambda path: path.stem)
def test_every_citation_is_verbatim(reports, path):
    assert reports(path)["summary"]["citation_validity"] == 1.0


@pytest.mark.integration
@pytest.mark.parametrize("path", SETS, ids=lambda path: path.stem)
def test_quality_floors(reports, path):
    s = reports(path)["summary"]
    floors = FLOORS[path]
    print(f"\n{path.name}:", json.dumps({k: s[k] for k in (*floors, "false_abstention")}),
          "targets:", json.dumps(TARGETS))
    for metric, floor in floors.items():
        assert s[metric] >= floor, f"{path.name} {metric} {s[metric]} fell below {floor}"
    ceiling = FALSE_ABSTENTION_CEILINGS.get(path, TARGETS["false_abstention"])
    assert s["false_abstention"] <= ceiling, f"{path.name} false abstention {s['false_abstention']} above {ceiling}"
    assert s["mean_cited_span_chars"] <= 400


@pytest.mark.integration
def test_latency_is_reported(reports):
    assert all(row["latency_ms"] > 0 for row in reports(SETS[0])["questions"])
