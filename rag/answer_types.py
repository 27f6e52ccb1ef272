"""What a question asks for, and which passages have it: a name, a date, an amount, a ruling, what
someone said, a penalty for an act, a court's requirement. The answer puts a passage that has it
first, and abstains when none of the best has it."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache, partial

from .expansion import expansions
from .index import STOPWORDS, lexical_tokens
from .retrieval import Hit, names, parse_legal_refs, parse_locator, same_provision
from .text import YEAR, sentence_spans

_MONTHS = "January February March April May June July August September October November December".split()  # noqa: SIM905
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()  # noqa: SIM905
_YEAR = rf"\b{YEAR}\b"
_SMALL_NUMBERS = "one|two|three|four|five|six|seven|eight|nine|ten"
_SCALE = "(?:hundred|thousand|million|billion|trillion)s?"  # "5 million", "billions"
_NUMBER = re.compile(rf"\d(?:[\d,.]*\d)?(?:\s*{_SCALE}\b)?", re.I)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z'’]+(?:-[A-Z][a-z]+)?)+")
# capitalised words that start sentences or name dates, places and institutions rather than people
_NOT_NAMES = frozenset(_MONTHS + _WEEKDAYS + """
    The This That These Those In On At For By And Of But If As From With Under After Before When While A An
    Court Circuit Appeals Department Service Services Security Enforcement Office Agency Council Center Citizen
    Congress Commission Committee Secretary Commissioner Director General Act Code States State Treasury Revenue
    Internal Homeland Immigration Customs Justice House Senate Government Federal National American Public Policy
    University Law Tax Times Patrol Administration Inspector Attorney Islands Bureau Institute Corporation
    Board Foundation Association Union Party Coalition Network Fund Authority Division Organization""".split())  # noqa: SIM905


def has_person_name(text: str) -> bool:
    """Whether the text names a person: two or more capitalised words ending in something other
    than a month, an institution or a sentence opener ('Scott Bessent', not 'Public Citizen')."""
    for m in _CAPITALISED.finditer(text):
        words = re.split(r"[ -]", m.group(0))
        if not any(w in _NOT_NAMES for w in words[-2:]):
            return True
    return False


# a passage that says how a court ruled ("could be determined" says nothing of a ruling)
_RULED = re.compile(r"(?<!\bbe )\b(ruled?|rulings?|held|holds|decided|decides|determined|found|concluded|affirmed|"
                    r"reversed|vacated|remanded|denied|denies|granted|grants|dismissed|upheld|rejected|rejects|allowed|allows|"
                    r"blocked|blocks|sided|struck|declined|refused|ordered)\b", re.I).search
# a court or judge reaching a view: "she ruled ...", "the court held ...", "Judge Friedrich concluded ..."
_A_COURT_HELD = re.compile(r"\b(she|he|(the|a) ([\w-]+ ){0,2}(court|judge)|judge [A-Z]\w+)\s+(also\s+)?"
                           r"(ruled|held|found|concluded|determined|decided|construed|interpreted|read|reasoned|noted|"
                           r"wrote)\b", re.I).search
# a year ("said in 2018") is not an amount
_HAS_AMOUNT = re.compile(rf"\$\s?\d|\b(?!{_YEAR})\d[\d,.]*\b|\b({_SMALL_NUMBERS}|dozens?|{_SCALE})\b", re.I).search
_HAS_DOLLARS = re.compile(r"\$\s?\d|\bdollars?\b", re.I).search
# "$96.7 billion", "billions of dollars", "5 million dollars"
_SUM_OF_MONEY = re.compile(rf"\$\s?\d[\d,.]*(?:\s*{_SCALE}\b)?|"
                           rf"\b(?:\d[\d,.]*|{_SMALL_NUMBERS}|{_SCALE})(?:\s+(?:of\s+)?{_SCALE})?\s+(?:of\s+)?dollars\b",
                           re.I)


def _has_count(text: str) -> bool:
    """Whether the text gives a number that can count something: "How many undocumented immigrants pay
    taxes?" is not answered by "billions of dollars in taxes"."""
    return bool(_HAS_AMOUNT(_SUM_OF_MONEY.sub("", text)))


_PEOPLE = r"(people|persons|individuals|immigrants|migrants|aliens|taxpayers|filers|residents|workers|employees)"
# "700,000 people", "7 million taxpayers", "millions of undocumented immigrants"
_COUNT_OF_PEOPLE = re.compile(rf"(?:\d[\d,.]*|\b(?:{_SMALL_NUMBERS}|dozens|{_SCALE}))"
                              rf"(?:\s*{_SCALE})?(?:\s+of)?(?:\s+[\w-]+){{0,2}}?\s+{_PEOPLE}\b", re.I)


def _counts_people(text: str) -> bool:
    """Whether the text gives a number of people: "How many people have been prosecuted under § 1253?"
    is not answered by the section's "10 years" or "(a)(1)"."""
    return bool(_COUNT_OF_PEOPLE.search(text))


# tests that any digit passes, a section number's too: they can refuse, but pick nothing out
_ANY_NUMBER = (_HAS_AMOUNT, _has_count, _counts_people)
# an organisation's name, which reporting gives beside what it is: "the liberal organization Public
# Citizen", "Public Citizen, a nonprofit advocacy organization"; "Rep. Jimmy Gomez" names a person
_ORGANIZATION_WORDS = (r"organi[sz]ations?|groups?|nonprofits?|non-profits?|coalitions?|associations?|"
                       r"charit(y|ies)|firms?|compan(y|ies)|vendors?|contractors?")
_ORGANIZATION = rf"\b({_ORGANIZATION_WORDS}|advoca(cy|tes?))\b"
_BESIDE_ORGANIZATION = re.compile(rf"{_ORGANIZATION}[^.;:]{{0,30}}?(?P<after>{_CAPITALISED.pattern})|"
                                  rf"(?P<before>{_CAPITALISED.pattern})[^.;:]{{0,50}}?{_ORGANIZATION}")


def _names_an_organization(text: str) -> bool:
    """Whether the text gives a name that is not a person's beside a word for an organisation."""
    return any(not has_person_name(m.group("after") or m.group("before"))
               for m in _BESIDE_ORGANIZATION.finditer(text))


_SPAN = (rf"\b(\d+|{_SMALL_NUMBERS}|several|a few|many)[ -]"
         r"(days?|weeks?|months?|years?)\b")
_HAS_DURATION = re.compile(_SPAN + r"|\buntil\b|\bexpir\w*|\bindefinite\w*|\bpermanent\w*|\bterminat\w*|\brenew\w*",
                           re.I).search
# "roughly how many ...", "so when ...": words before the question word that do not change what it asks
_ROUGHLY = r"(?:(?:roughly|approximately|about|around|exactly|so|and|but|ok(?:ay)?)\s*,?\s+)?"


# "imprisonment of not more than": what a prison term's number of years follows
_PRISON_TERM = re.compile(r"\bimprison\w*\s+(?:for\s+)?(?:of\s+)?(?:not\s+(?:more|less)\s+than|up\s+to|"
                          r"at\s+(?:most|least))\s*$", re.I)


def _has_span_of(text: str, unit: str = "year", limit: bool = False) -> bool:
    """Whether the text gives a number of the unit asked about ("5 years" for "how many years"); for a
    time `limit` ("within how many years"), a prison term ("imprisonment of not more than 5 years") is
    not one."""
    return any(m.group(2).lower().startswith(unit) and not (limit and _PRISON_TERM.search(text[:m.start()]))
               for m in re.finditer(_SPAN, text, re.I))


def _has_time_limit(text: str) -> bool:
    """Whether the text gives a span of days, weeks, months or years that is not a prison term."""
    return _has_span_of(text, unit="", limit=True)


# "the head of ICE" is whoever leads it, whatever the agency calls the office
_HEAD = r"head|chief|leader|director|commissioner|secretary|administrator|chair\w*"


def _names_the_holder(text: str, office: str = "") -> bool:
    """Whether the text names a person next to the office asked about ("Acting Commissioner Melanie
    Krause", "Todd Lyons, acting director of ICE" for "Who heads ICE?"): a name elsewhere in it is
    someone else's."""
    office = _HEAD if office.lower() in ("head", "chief") else re.escape(office)
    for m in re.finditer(rf"\b(?:{office})", text, re.I):
        if has_person_name(text[max(0, m.start() - 40):m.end() + 40]):
            return True
    return False


_TITLE = re.compile(r"\b(Secretary|Commissioner|Director|Judge|Justice|Administrator|Chief|Head|Chair\w*|"
                    r"President|General|Senator|Governor|Spokes\w+)$")


def _without_stated(question: str, text: str) -> str:
    """The text without the numbers and names the question states, for what the question states is
    not what it asks for: "How many of the 15 pages are redacted?" is not answered by "the 15-page
    memorandum", nor "Which Public Citizen lawyer said it?" by "Public Citizen sued"."""
    if stated := set(_NUMBER.findall(question)):
        text = _NUMBER.sub(lambda m: "" if m.group(0) in stated else m.group(0), text)
    for name in names(question):
        # names of two or more words ("Public Citizen"): a lone word ("IRS", "Noem") may well be
        # part of the name the answer gives; an office ("Treasury Secretary") is where its holder is named
        if (" " in name or "-" in name) and not _TITLE.search(name):
            text = text.replace(name, "")
    return text


# "Which lawyer (official, spokesperson ...) ...?": a question for a person
_WHICH_PERSON = (r"which (?:[\w-]+ ){0,3}?(person|people|officials?|judges?|lawyers?|attorneys?|spokes\w+|"
                 r"lawmakers?|senators?|secretar(?:y|ies))")


# what a question may ask the length of, not how long it lasts ("How long is the memorandum?")
_DOCUMENT_WORDS = r"(memorandum|mou|agreement|deal|document|filing|report|order|opinion|ruling|statute|law|section)"
# what follows "how long" when a question asks a document's length ("... is the memorandum filed in
# court?"), not how long it is in force ("... is the agreement valid?")
_LENGTH_ASKED = (rf"\s+(is|was)\s+(the|this|that)\s+([\w–-]+\s+){{0,4}}?{_DOCUMENT_WORDS}\b"
                 r"(?![^?]*\b(in effect|in force|valid|last|run)\b)")
# a date, a year, a weekday, a number of days or months, "within": what answers "when" or "how long"
# (a month or a weekday by its capital: "the IRS may share" names no month), or how soon the law wants it
_STATES_A_TIME = re.compile(rf"{_YEAR}|\b((?-i:{'|'.join(_MONTHS + _WEEKDAYS)})|today|yesterday|week|month|year|years|"
                            r"days|months)\b|\bwithin\b|\b\d+\b|\bas soon as (practicable|possible)\b|\b(promptly|"
                            r"immediately|forthwith|without delay)\b", re.I).search
# What a question asks for (by how it starts), and a test a passage must pass to answer it; the
# first kind of question that matches decides.
ANSWER_TYPES = [
    # "What is the case name of the lawsuit ...", "What is the lawsuit called?": a caption answers ("Doe v. Bessent")
    (re.compile(r"^\s*(what(?:'?s| is| was) the (?:(?:actual|official|full|formal|exact) )?(?:case name|name of the "
                r"(?:case|lawsuit|suit)|caption)|what (?:is|was) the (?:case|lawsuit|suit) (?:called|named)|"
                r"(?:name|cite) the case)\b|\bdocket number\b", re.I),
     re.compile(r"\b[A-Z][\w.'’&-]*(?:,? [A-Z&][\w.'’&-]*)* v(?:s)?\.? (?:[A-Z]|[a-z]+ [A-Z])").search),
    # "What is the name of the judge ...", "Name the lawyer who ...", "Which judge ruled?": only a
    # person's name answers these ("a federal district court" says which court, not which judge)
    (re.compile(r"^\s*((what(?:'?s| is| was| are| were) the (?:full )?names? of|name the)\s+(?:[\w-]+\s+){0,4}?"
                r"(judge|justice|lawyer|attorney|official|officer|spokes\w+|commissioner|secretary|director|"
                r"congress\w+|senator|representative|person|plaintiff|defendant|employee|investigator|agent|"
                r"reporter)s?|which (?:[\w-]+ ){0,2}?(judge|justice)s?|"
                # "Who is the senior IRS privacy official who filed the affidavits?" asks who that is, which
                # "a senior IRS privacy official" does not say
                r"who(?:'s| is| was)\s+the\s+(?:[\w.-]+\s+){0,4}?(official|officer|lawyer|attorney|employee|"
                r"investigator|agent|person)s?\b(?=\s+(who|that|whose|quoted|cited|named|in|at|from)\b))\b"
                r"(?! department)",
                re.I),
     has_person_name),  # ("Which Justice Department officials ...?" asks for offices: the next kind)
    # "Who is the current IRS Commissioner?" asks who holds the office: the office alone does not answer
    # (a spokesperson often goes unnamed: "a Treasury spokesperson" is the answer reporting gives)
    (re.compile(r"^\s*who(?:'s| is| was| are| were)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
                r"(?P<office>judge|justice|commissioner|secretary|director|administrator|chief|head|chair|president|"
                r"attorney general|senator|governor|ceo)(s|man|woman|person)?\b(?!\s+(of|at|for|in)\s+(a|an|any)\b)",
                re.I),
     _names_the_holder),
    # "Which IRS commissioner signed off on it?" asks who held that office too
    (re.compile(r"\bwhich (?:[\w-]+ ){0,3}?(?P<office>commissioner|director|administrator|chief|attorney general|"
                r"governor)s?\b", re.I),
     _names_the_holder),
    # "What are the names of the two students ...?": people's names ("two Columbia students" names none)
    (re.compile(r"\bnames? of (the )?(?:[\w-]+ ){0,4}?(students?|immigrants?|individuals?|workers?|victims?|"
                r"taxpayers?|people|persons?|men|women|families|employees?)\b(?!\s+(organi[sz]ations?|groups?|"
                r"rights|advoca\w*|coalitions?))", re.I),
     has_person_name),
    # "What's the name of that old 1700s law ...?": a law's name or citation ("colonial-era laws" is neither)
    (re.compile(r"\bname of (the |that |this |an? )?(?:[\w-]+ ){0,4}?(laws?|acts?|statutes?)\b", re.I),
     re.compile(r"\b[A-Z][a-z]+(?: (?:[A-Z][a-z]+|of|and|the))* Act\b|U\.\s?S\.\s?C\.|\bsection \d|§|"
                r"\b(Internal Revenue|Immigration and Nationality) Code\b").search),
    # "Name the organizations that ...": a name (one the question does not already give)
    (re.compile(r"^\s*(what(?:'?s| is| was| are| were) the names? of|name the)\s+(?:[\w-]+\s+){0,3}?"
                r"(organi[sz]ations?|groups?|plaintiffs?|companies|agencies|charities|nonprofits?)\b", re.I),
     _CAPITALISED.search),
    # "How many years back ...?" is answered by a number of years, not by "billions of dollars each year"
    # "Within how many years ...", "How many years do prosecutors have to bring charges?" ask for a time limit
    (re.compile(rf"^\s*{_ROUGHLY}((?P<limit>within )|in |after |for )?how many (?P<unit>day|week|month|year)s\b"
                r"(?P<deadline>\s+(?:do|does|did|will|would)(?:\s+[\w'’-]+){1,4}?\s+have\s+to\b)?", re.I),
     _has_span_of),
    # "What is the statute of limitations for ...?", "is there a deadline to sue?": a span of time
    # answers, a prison term does not
    (re.compile(r"\b(statute of limitations|limitations? period|period of limitations?|time limit|deadline)s?\b",
                re.I), _has_time_limit),
    # a sum in dollars: "fined under title 18" names no sum, however many digits it has; nor does the
    # "Congressional Budget Office" give a budget
    (re.compile(r"\bdollars?\b|^\s*what(?:'?s| is| was| are| were)\s+(?:(?:the|an?|its|their)\s+)?"
                r"(?:[\w.-]+['’]s\s+)?(?:[\w-]+\s+){0,2}?(budget|salary|salaries|revenue)s?\b", re.I),
     _HAS_DOLLARS),
    # a count of people: a number that counts them ("700,000 people")
    (re.compile(rf"^\s*{_ROUGHLY}how many (?:[\w-]+ ){{0,2}}?{_PEOPLE}(?:['’]s)?\b", re.I), _counts_people),
    # a count of other things, which a sum of money is not; "how many of ..." still wants a count
    (re.compile(rf"^\s*{_ROUGHLY}how many\b|\b(to|by) how many\b", re.I), _has_count),
    # "how much of it ..." asks for a share, which words can give
    (re.compile(rf"^\s*{_ROUGHLY}(how much\b(?! of)|what (does|would) it cost|"
                r"what is the (cost|price|fee|amount))|\b(to|by) how much\b", re.I),
     _HAS_AMOUNT),
    # how long something lasts: a date says when it began, not how long it runs ("How long is the
    # memorandum?" asks for its length, and "how long do I have" is answered by "within 2 years")
    (re.compile(r"^\s*how long (does|did|will|would|can|could) (the |this |that |it )?([\w-]+ ){0,4}?"
                r"(last|run|remain|stay|continue|apply|be in (effect|force))\b", re.I),
     _HAS_DURATION),
    # "Which advocacy group represents the plaintiffs?" asks for an organisation's name
    (re.compile(rf"^\s*(which|what) (?:[\w-]+ ){{0,3}}?({_ORGANIZATION_WORDS})\b", re.I), _names_an_organization),
    # ... but "When may the Secretary disclose ...?", "When are punitive damages available?" ask in what
    # circumstances, which the law states without a date, and "When a noncitizen is sentenced ..., on
    # what basis ...?" opens with a condition: what it asks comes after
    (re.compile(rf"^\s*{_ROUGHLY}(when\b(?![^?]*?,\s*(what|which|who|whom|how|why|where|on what|in what|"
                r"under what|can|could|does|do|did|is|are|may|must|should|will|would)\b)"
                r"(?!\s+(may|must|shall|can|could)\b|\s+(is|are)\b[\w\s-]{0,40}?\b(allowed|permitted|required|"
                r"authori[sz]ed|barred|prohibited|available)\b)|by when|((on|by|in|until) )?what "
                rf"(date|day|month|year)|how long\b(?!{_LENGTH_ASKED})|how soon)", re.I),
     _STATES_A_TIME),
    # ... after an opening clause too ("Under § 6103(i)(2)(A), which officials may ...?")
    (_ASKS_WHO := re.compile(rf"^\s*(?:[^?,]*,\s*)?(who\b|whom\b|what is the name|what was the name|"
                             rf"{_WHICH_PERSON})\b", re.I),
     # statutes say who may act by office or role: "the head of any Federal agency", "officers and employees"
     _NAMES_SOMEONE := re.compile(
         r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b|\b(Secretary|spokesperson|official|attorney|judge|court|"
         r"Attorney General|Congress|agency|Department|head of|officers?|employees?|Inspector General)\b").search),
    # how a court ruled: a passage that only says the case was filed or appealed does not answer
    (_ASKS_RULING := re.compile(
        # ... after an opening clause too ("In denying the injunction, how did the judge read ...?")
        r"^\s*(([^?,]*,\s*)?how did (the )?([\w-]+ ){0,3}(court|judge|circuit|panel|justices?)( [\w-]+){0,2} "
        r"(rul(e|ing)|decid(e|ing)|interpret(ing)?|read(ing)?|constru(e|ing))|"
        r"what did (the )?([\w-]+ ){0,3}(court|judge|circuit|panel|justices?)(?: of appeals)? "
        r"((end|ended) up |ultimately |finally |eventually |actually )?(decid(e|ing)|rul(e|ing)|hold(ing)?|find(ing)?|"
        r"say|note|write|conclude)|"
        r"what (was|is) the (outcome|result|ruling|decision) (of|in|on)|"
        # "did a judge block the deal?" asks what a court did too, after an opening phrase as well ("In
        # the May ruling, did the court find ...?")
        r"([^?]*?\b)?(did|has|have) (a|the|any) ([\w-]+ ){0,2}(court|judge|circuit|panel|justices?)(?: of appeals)? "
        r"((end|ended) up |ultimately |finally |eventually |actually |already )?(stop|block|halt|"
        r"pause|freeze|allow|let|approve|uphold|revers|affirm|overturn|vacate|strike|reject|deny|dismiss|grant|rule|"
        r"decide|find|found|hold|held|"
        r"conclude|determine)\w*|"
        # "Has the First Circuit issued a ruling on the appeal?"
        r"([^?]*?\b)?(did|has|have) (a|the|any) ([\w-]+ ){0,2}(court|judge|circuit|panel|justices?)(?: of appeals)? "
        r"(issue|hand|make|enter)\w* (a|any|its) ([\w-]+ )?(ruling|decision|opinion|judgment))\b", re.I),
     _RULED),
]
# the law says who by a role too: "any person who ...", "any bona fide shareholder of record ..."
_ROLE = re.compile(r"\b(persons?|individuals?|plaintiffs?|defendants?|aliens?|shareholders?|partners?|trustees?|"
                   r"fiduciar(y|ies)|beneficiar(y|ies)|heirs?|spouses?|executors?|guardians?)\b").search
_APPELLATE = re.compile(r"\b(circuit|appeals?|appellate|supreme)\b", re.I)


# A question about someone leaving office ("Did the commissioner resign over it?") is answered only
# by a passage that mentions such a departure, however much else it says about the person or the deal
_RESIGNATION = re.compile(r"\b(resign\w*|step(s|ped|ping)? (down|aside)|"
                          r"quit(s|ting)?\b(?! (filing|paying|working|using)))", re.I)
# "Why did the IRS commissioner leave?" asks about a departure too, but "leave" alone is not one in
# the passages ("failing to leave the country")
_LEFT_OFFICE = re.compile(r"\b(commissioner|secretary|director|chief|head|official|chair\w*)\b.{0,40}?"
                          r"\b(leave|left|leaving|depart\w*|ousted|fired|replaced)\b(?! the country)", re.I)
_DEPARTURE = re.compile(_RESIGNATION.pattern + r"|\b(ousted|fired|departure|left (his|her|the|their) (post|job|"
                        r"office|role|position|agency))\b", re.I)
# "What was the vote in Congress?" ("voter rolls" are not a vote)
_VOTE = re.compile(r"\b(vote[sd]?|voting|roll[- ]call|unanimous(ly)?)\b", re.I)
# when an agreement ends: a date it began or was signed does not say ("renewing an ITIN" neither)
_END_WORDS = r"expir\w*|renew\w*|sunset\w*|end date"
_EXPIRY = re.compile(rf"\b({_END_WORDS}|run(s)? out)\b", re.I)
_ENDS = re.compile(rf"\b({_END_WORDS}|terminat\w*|(remains?|stays?) in (effect|force))\b", re.I)
# how to apply for something ("how do i apply for an itin", "How much does it cost to apply for ...?")
# is answered only by a passage about applying for something, not by one about what it is
_ASKS_APPLYING = re.compile(r"\b(how|where|when|cost|costs|fees?|documents?|papers|forms?)\b[^?]{0,40}?"
                            r"\b(apply|applying|sign up|signing up|register|registering) for\b|"
                            # "how do i get an itin, what form do i fill out?"
                            r"\bwhat (forms?|paperwork) (do|should|must|would|will|does) (i|you|we|they|someone|one) "
                            r"(need to |have to )?(fill|file|use|submit|send)\b|"
                            r"\bhow (do|can|would|should) (i|you|we|they|someone|one) (get|obtain) an? "
                            r"(itin|ssn|social security number|green card|visa|work permit)\b",
                            re.I)
_APPLYING = re.compile(r"\b(apply|applie[sd]|applying|applications?|sign(ed|s)? up|register(ed|s)?)\b"
                       r"(?! for (the )?purposes)[^.;]{0,80}?\bfor\b", re.I)
# "In which federal district court, and in what city ...?": a court's or a place's name; "What must a
# court determine ...?" asks what, not which court
_ASKS_PLACE = re.compile(r"^\s*((in|to|at|from) )?(which|what) (?:(?!(?:a|an|the|must|may|can|does|did|do|should|"
                         r"would|will|is|was|has|had|have)\b)[\w-]+ ){0,2}?(courts?|city|cities|states?|district)\b",
                         re.I)
_ASKS_COUNTRY = re.compile(r"\b(which|what) (countr(y|ies)|nations?|nationalit(y|ies))\b", re.I)


_SENTENCE_START = re.compile(r"(^|[.!?][\"”’)]*\s+)[\"“‘(]*$")


def _has_proper_name(text: str) -> bool:
    """Whether the text has a proper name other than an office, an institution or a date (and other
    than a sentence's first word, which any word can be): "the government of a foreign country"
    names no country."""
    return any(m.group(0) not in _NOT_NAMES and not _SENTENCE_START.search(text, 0, m.start())
               for m in re.finditer(r"\b[A-Z][a-z]+\b", text))


# "On what exact date ...?": a day of a month answers, "In March" does not
_ASKS_EXACT_DATE = re.compile(r"\b(exact|specific|precise|actual) (date|day)\b", re.I)
_STATES_A_DATE = re.compile(rf"\b(?-i:{'|'.join(_MONTHS)})\.? \d{{1,2}}\b|\b\d{{1,2}}(st|nd|rd|th)? (of )?"
                            rf"(?-i:{'|'.join(_MONTHS)})\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b")
# "What position did she hold before she left?", "When did he leave?": a departure, as for _LEFT_OFFICE
_ASKS_WHEN_SOMEONE_LEFT = re.compile(r"(?i:\b(position|job|post|role|office|title)\b[^?]{0,60}?\b(before|until|when) "
                                     r"(she|he|they) (left|quit|resigned|departed)\b|\bwhen did (she|he|they|"
                                     r"(?-i:[A-Z]\w+( [A-Z]\w+)?))\s+(leave|quit|resign|depart)\b)")
# "How long after a leak can they still be criminally charged?" asks the time to prosecute, which the time
# a taxpayer has to sue ("an action ... within 2 years") is not
_LIMIT = (r"(time limits?|deadlines?|cut-?offs?|statutes? of limitations?|too late|how (long|much time) (do|does|"
          r"would|will) ([\w'’-]+ ){1,3}?have to|how long after\b[^?]*?\bstill|how many (years|months|days)\b[^?]*?"
          r"\bhave to)")
_ASKS_TIME_TO_CHARGE = re.compile(rf"\b{_LIMIT}[^?]*?\b(charg|prosecut|indict|criminal)\w*|"
                                  rf"\b(charg|prosecut|indict)\w*[^?]*?\b{_LIMIT}", re.I)
_STATES_TIME_TO_CHARGE = re.compile(r"\b(prosecut\w*|indict\w*|criminal (action|charges?|proceedings?))\b[^.]{0,120}?"
                                    r"\bwithin\b|\bwithin\b[^.]{0,80}?\b(prosecut|indict)\w*", re.I)


_PUBLICLY = re.compile(r"\b(publicly|in public|personally)\b", re.I)
_ASKS_TIME_TO_RESPOND = re.compile(r"\b(how long|how many (days|weeks|months)|deadline|how much time|how quickly|"
                                   r"how fast|how soon)\b[^?]*?\b(?P<act>respond|answer|reply|process)\w*", re.I)
_TIME_SPAN = re.compile(rf"\bwithin\b|\b(\d+|{_SMALL_NUMBERS}|thirty|sixty|ninety)[ -](days?|weeks?|months?|years?)\b",
                        re.I)
_ASKS_HOW_MANY_WERE = re.compile(r"\bhow many (?:[\w-]+ ){0,2}?(people|persons|immigrants|individuals|taxpayers|"
                                 r"noncitizens|aliens)\b[^?]{0,60}?\b(?P<act>deport|arrest|detain|charg|prosecut|"
                                 r"convict|jail)\w*", re.I)
# "How many (more) extension requests did the IRS get?": what is counted, a plural noun before the verb
_HOW_MANY_OF = re.compile(r"\bhow many (?:more |fewer |additional |total )?(?:[\w-]+ ){0,3}?(?P<noun>[a-z]{3,}s)\b"
                          r"(?= (has|have|had|did|does|do|are|is|were|was|will|would|can|could)\b)", re.I)
# A question about an act that only a sentence naming the act answers, with the count or the time asked:
# "How many people has ICE deported using IRS addresses?" (a count of people who were: "for 700,000 people"
# is how many ICE asked about), "How many days does the IRS have to respond to a request?" (a time given for
# that act: "Within 30 days after the close of each calendar quarter ... shall each file a report" is for
# another)
_ACT_WITH = [(_ASKS_HOW_MANY_WERE, _COUNT_OF_PEOPLE), (_ASKS_TIME_TO_RESPOND, _TIME_SPAN)]
# "How did the First Circuit rule?", "Did the appeals court end up overturning ...?": a higher court's ruling
_ASKS_HIGHER_COURT = re.compile(r"\b(?P<court>(first |\w+ )?circuit( court)?( of appeals)?|appeals court|"
                                r"court of appeals|appellate court|supreme court)\s+((end(ed)? up|ultimately|finally|"
                                r"eventually|actually|already|yet|ever)\s+)*(rul(e|ed|es|ing)|decid(e|ed|ing)|h[oe]ld|"
                                r"affirm\w*|revers\w*|uph[oe]ld\w*|overturn\w*|issue[sd]? (a|any|its) (ruling|decision|"
                                r"opinion))\b", re.I)


# What a question is about that only a passage mentioning it answers: (a test of the question, a
# test each passage fails when none answers)
TOPICS = [
    (_ASKS_WHEN_SOMEONE_LEFT.search, _DEPARTURE.search),
    (_ASKS_TIME_TO_CHARGE.search, _STATES_TIME_TO_CHARGE.search),
    (_RESIGNATION.search, _RESIGNATION.search),
    (_LEFT_OFFICE.search, _DEPARTURE.search),
    (_VOTE.search, _VOTE.search),
    (_ASKS_APPLYING.search, _APPLYING.search),
    (_EXPIRY.search, _ENDS.search),
    (_ASKS_COUNTRY.search, _has_proper_name),
    (_ASKS_PLACE.search, _has_proper_name),
]


def has_what_is_asked(question: str, text: str) -> bool | None:
    """Whether a passage has the kind of thing the question asks for (a penalty, a name, a sum, a
    time ...); None for a question that asks for no kind."""
    test = _picking_test(question) or _answer_type(question)[1]
    return None if test is None else bool(test(text))


def asks_who(question: str) -> bool:
    """'Who signed it?', 'Which officials ...?', 'What is the name of ...?'"""
    return bool(_ASKS_WHO.search(question))


# "How did the district court treat ...?", "Did the court consider it relevant whether ...?": how a court
# weighed something, which reporting gives in the court's reasoning rather than in a ruling's words
_ASKS_COURT_VIEW = re.compile(
    r"^\s*([^?,]*,\s*)?(how did (the )?([\w-]+ ){0,3}(court|judge)( [\w-]+){0,2} (treat|view|handle|address|"
    r"approach|regard|weigh)|did (the )?([\w-]+ ){0,3}(court|judge) (consider|deem|regard|think|treat))\b", re.I)


def asks_what_someone_said(question: str) -> bool:
    """'What did the plaintiffs argue ... section 6103(i)(2)?', 'What did the Treasury spokesperson say
    ...?' (answered by reporting and filings: a statute says nothing in anyone's voice, however much
    of the question it matches). Not 'What does section 6103 say?', nor what a text or a website says."""
    speaker = _asked_speaker(question)
    return bool(speaker and re.search(r"\b(plaintiffs?|defendants?|lawyers?|attorneys?|counsel|judge|court|"
                                      r"spokes\w+|officials?|secretary|director|commissioner|senators?|"
                                      r"representatives?|groups?)\b", speaker, re.I)
                and not parse_legal_refs(speaker))


def asks_how_a_court_ruled(question: str) -> bool:
    """'What did the judge rule?', 'How did the First Circuit rule?', 'How did the court treat ...?'
    (answered by reporting, filings and opinions, not by the law)."""
    return bool(_ASKS_RULING.search(question) or _ASKS_COURT_VIEW.search(question))


def missing_answer_type(question: str, passages: list[str]) -> bool:
    """The question asks for a person's name, an amount, a time, a ruling, a resignation, a vote, an
    end date, a country or how to apply for something and none of the passages has one. A higher
    court's ruling ("How did the First Circuit rule?") is not answered by the trial court's."""
    if any(asks(question) and not any(answers(p) for p in passages) for asks, answers in TOPICS):
        return True
    if _ASKS_EXACT_DATE.search(question):
        # "On what exact date in March ...?": a day of the month it names ("On May 12, 2025" is another event's),
        # or of any month
        named = "|".join(m for m in _MONTHS if re.search(rf"\b{m}\b", question))
        day = re.compile(rf"\b({named})\.? \d{{1,2}}\b|\b\d{{1,2}}(st|nd|rd|th)? (of )?({named})\b") if named \
            else _STATES_A_DATE
        if not any(day.search(p) for p in passages):
            return True
    if (counted := _HOW_MANY_OF.search(question)) and _answer_type(question)[1] in _ANY_NUMBER:
        # "How many address-confirmation requests has ICE submitted?": a number beside requests ("for 700,000
        # people" counts people, "15-page" pages)
        noun = re.escape(counted.group("noun"))
        number = rf"(\d|\b({_SMALL_NUMBERS}|{_SCALE})\b)"
        one = re.escape(counted.group("noun")[:-1])  # "the 15-page memorandum" counts pages too
        if not any(re.search(rf"{number}[^.]{{0,60}}?\b{noun}\b|\b{noun}\b[^.]{{0,60}}?{number}|"
                             rf"\b(\d+|{_SMALL_NUMBERS})-{one}\b", p, re.I) for p in passages):
            return True
    for asks, beside in _ACT_WITH:
        if (asked := asks.search(question)) and not _in_one_sentence(
                passages, beside, re.compile(rf"\b{asked.group('act')}\w*", re.I)):
            return True
    if _PUBLICLY.search(question) and re.search(r"\b[A-Z][a-z]+ [A-Z][a-z'’]+$", re.sub(
            r"(\s+[a-z]+)+$", "", _asked_speaker(question) or "")) and not any(  # (the speaker without "publicly")
            _speaks(_speaker_words(question), p) for p in passages):
        return True  # "What did Kristi Noem say publicly about it?" is not answered by "Noem signed the agreement"
    if court := _ASKS_HIGHER_COURT.search(question):
        # "When did the First Circuit rule on the appeal?": that court ruling, not the appeal to it ("the
        # plaintiffs appealed the judge's decision to the First Circuit"), nor another court's ruling
        named = "supreme" if "supreme" in court.group("court").lower() else r"circuit|appeals?|appellate"
        ruled = re.compile(rf"\b({named})\b[^.]{{0,60}}?\b(ruled|rules|ruling|held|holds|affirmed|reversed|upheld|"
                           r"decided|vacated|sided|rejected|denied|granted|decision|opinion|declined|dismissed|refused|"
                           r"allowed|blocked|struck|cleared|overturned)\b", re.I)
        if not any(ruled.search(p) for p in passages):
            return True
    asked, answers = _answer_type(question)
    if asked is None:
        return False
    if answers is _RULED and _APPELLATE.search(asked.group(0)):
        # ... nor by a higher court's ruling on something else: "What did the Supreme Court hold about the
        # IRS-ICE memorandum?" is not answered by "a Supreme Court ruling ... that expanded Trump's authority"
        about = _plain_words(question[asked.end():])
        return not any(answers(p) and (court := _APPELLATE.search(p))
                       and (not about or about & _plain_words(p[court.end():])) for p in passages)
    unstated = _unstated(question, answers)
    if answers is _NAMES_SOMEONE:
        # the law also says who by a role too common to pick one passage by ("any person who ...")
        return not any(unstated(p) or _ROLE(p) for p in passages)
    return not any(unstated(p) for p in passages)


_OPENING_PHRASE = re.compile(r"^\s*[^?,]{3,80},\s*(?=how (many|much)\b)", re.I)


def _in_one_sentence(passages: list[str], *patterns: re.Pattern) -> bool:
    """Whether a sentence of one of the passages matches all the patterns."""
    return any(all(p.search(text, s, e) for p in patterns) for text in passages for s, e in sentence_spans(text))


@lru_cache(maxsize=256)  # asked by several steps of one answer
def _answer_type(question: str):
    """(what in the question asks for a type, the test a passage must pass) of the first kind in
    ANSWER_TYPES the question is, asked by the whole question or, after a statement setting the scene, by
    its last sentence ("The boost was $80 billion before it was cut. How much is it now?"); (None, None)
    for a question that asks for no type."""
    spans = sentence_spans(question)
    asking = [question]
    if not any(asks(question) for asks, _, _ in QUESTION_KINDS):
        # (a question of a kind is asked by its kind: "I'm undocumented. Who is this deal going after?" asks
        # whom the deal covers, which no name answers)
        if len(spans) > 1:
            asking.append(question[spans[-1][0]:spans[-1][1]])
        if opening := _OPENING_PHRASE.match(question):
            asking.append(question[opening.end():])  # "According to the Center, how many returns ...?"
    for (asks, answers), text in ((kind, text) for text in asking for kind in ANSWER_TYPES):
        if asked := asks.search(text):
            if answers is _names_the_holder:
                return asked, partial(_names_the_holder, office=asked.group("office"))
            if answers is _has_span_of:
                return asked, partial(_has_span_of, unit=asked.group("unit").lower(),
                                      limit=bool(asked.group("limit") or asked.group("deadline")))
            return asked, answers
    return None, None


# "What did the NYU Tax Law Center say about the deal?" is answered where the Center speaks ("The NYU
# Tax Law Center issued a statement Monday arguing ..."), not by "The organization warned ...". So are
# the same after an opening clause ("When the court denied the order, what did the judge say ...?")
# and "How did Justice Department lawyers defend it?", which asks what they said too, as "On what theory
# did the plaintiffs seek an injunction?" asks what they argued
_ASKS_WHAT_SAID = re.compile(r"^\s*(?:[^?,]*,\s*)?(?:what (?:did|does|do|has|have|had) (?P<speaker>.+?) "
                             r"(?P<verb>say|said|argue|claim|warn|state|tell|ask)\w*|how (?:did|does|do|has|have) "
                             r"(?P<defender>.+?) (?:defend|justif|explain|respond|characteri[sz]|describ)\w*|"
                             r"on what (?:legal )?(?:theory|theories|grounds?|basis) (?:did|does|do|has|have) "
                             r"(?P<challenger>.+?) (?:seek|sue|challenge|ask|move|argue|claim|oppose)\w*)\b", re.I)
_SPEECH = re.compile(r"\b(said|says?|told|tells|asked|stated|(?<!United )states|statement|argued|argues|arguing|warned|"
                     r"warns|wrote|writes|added|claimed|claims|confirmed|according to|spokes\w+|defended|insist\w*)\b",
                     re.I)
# words that many names share: "the Department of Justice wrote" is not the Treasury Department speaking
_SHARED_NAME_WORDS = frozenset("""
    The Department Office Agency Service Services Center Centre Committee Court Board Council House Group
    Association Institute Foundation Bureau Administration Division Commission""".split())  # noqa: SIM905


# a part of a text, not a speaker: what it "says" is written in it ("the MOU's first recital"), while
# what a whole document says is quoted like a speaker's words ("..., the MOU says")
_PART_OF_A_TEXT = re.compile(r"\b(recitals?|preamble|clauses?|provisions?|sections?|paragraphs?|pages?|text|"
                             r"language|wording)$", re.I)


@lru_cache(maxsize=256)
def _asked_speaker(question: str) -> str | None:
    """Whoever a "What did X say ...?" (or "How did X defend ...?") question asks about, as it names
    them; None for any other question, and for what a text says: "What does the MOU's first recital
    say ...?" asks what a text says, not what someone said."""
    if not (asked := _ASKS_WHAT_SAID.search(question)):
        return None
    speaker = asked.group("speaker") or asked.group("defender") or asked.group("challenger")
    return None if _PART_OF_A_TEXT.search(speaker) else speaker


def _speaker_words(question: str) -> tuple[str, ...]:
    """The words naming whoever a "What did X say ...?" question asks about (('NYU', 'Tax', 'Law'));
    none for what a statute says ("What does Section 6103 say?"), which the citation finds."""
    if parse_legal_refs(question) or not (speaker := _asked_speaker(question)):
        return ()
    named = tuple(word for name in names(question) if name in speaker
                  for word in re.split(r"[\s-]+", name) if len(word) > 1 and word not in _SHARED_NAME_WORDS)
    if named:
        return named
    # a speaker named by a role: "What did the judge say she would presume?"
    role = re.fullmatch(r"(?:the|a|an|its|their)\s+(?:[\w-]+\s+)?(?P<role>[a-z]{3,})", speaker.strip(), re.I)
    return (role.group("role"),) if role else ()


def _speaks(words: tuple[str, ...], text: str, before: int = 40, after: int = 20) -> bool:
    """Whether one of the speaker's words stands just before a word of speech ("The NYU Tax Law Center
    issued a statement") or right after it ("said a Treasury spokesperson"); "The judge stated she
    would presume the IRS ..." is the judge speaking, not the IRS."""
    return any(re.search(rf"\b{re.escape(word)}\b", text[max(0, m.start() - before):m.end() + after])
               for m in _SPEECH.finditer(text) for word in words)


# "What is the penalty for ...?", "Could they go to jail for it?": the law's penalty clause answers,
# not the prohibition it punishes ("It shall be unlawful for any person ...")
# "What happens to an employee who leaks a return?" asks for a penalty too
_ASKS_PENALTY = re.compile(r"\b(penalt(y|ies)|punish(ment|ed|able)?|sentenced?|(max(imum)?|biggest|highest) fine|"
                           r"(get|gets|getting|be|being) fined|fined for|the fines? (for|if|when)\b|"
                           r"how (much|big|large) (is |would be )?the fine|(what|which) fines?|"
                           r"(would|will|is|was) the fine be\b|"
                           r"jail|prison|locked up|"
                           r"(?:get|gets|getting|be|are|is|was|were) (?:[\w'’-]+ ){0,3}?"
                           r"in (?:big |real |serious |any |legal |criminal |deep )?trouble|"
                           r"what (?:kind|kinds|sort) of (?:trouble|punishment)|"
                           r"worst (?:that )?(?:\w+ )?(?:can|could|would) happen|"
                           r"what (?:could|can|would|will) (?:actually |really )?happen to (?:him|her|them)\b|"
                           # "what happens if i look at someones tax file just out of curiosity?"
                           r"what (?:happens|would happen|will happen|could happen) (?:to (?:me|him|her|them) )?if "
                           r"(?:i|you|he|she|they|someone|somebody|anyone|an?|some|the) (?:[\w'’-]+ ){0,4}?"
                           r"(?:look|looks|looked|snoop\w*|peek\w*|leak\w*|tell|tells|told|disclos\w*|sell\w*|"
                           r"gossip\w*|brows\w*|pok(?:e|es|ed|ing))\b|"
                           r"what (?:happens|will happen|would happen|could happen) to "
                           r"(?:an?|the|any|some|someone|somebody|anyone|people|those)\b[^?]{0,60}?\bwho)\b", re.I)
_STATES_PENALTY = re.compile(r"\b(fined|fine in any amount|imprison(ed|ment)|punishable|felony|misdemeanor|"
                             r"dismissed from office|discharged from employment)\b", re.I)
_REFERRED = re.compile(r"\bviolation of (subsection|paragraph) \((\w+)\)", re.I)
_PENALTY_WORDS = frozenset(lexical_tokens("penalty penalties punishment punished fine fined imprisoned imprisonment "
                                          "felony misdemeanor jail prison dismissed discharged employment sentence "
                                          "convict convicted conviction"))
# that an act is unlawful says nothing of which act: every prohibition and penalty clause says so
_LEGALITY = frozenset(lexical_tokens("unlawful unauthorized illegal violation offense criminal crime"))
# what a penalty question names besides the act: who did it, to what, the clauses' own wording, negation
_NOT_ACTS = frozenset(lexical_tokens("return returns information tax taxes taxpayer state states united federal "
                                     "officer employee person government agency he him she her year years time "
                                     "worker workers someone somebody anyone anybody alien aliens immigrant immigrants "
                                     "undocumented noncitizen noncitizens willful willfully knowingly intentionally "
                                     "term under section title code subsection paragraph will not no never without "
                                     "amount amounts dollar dollars money much sum actual actually exact exactly like "
                                     "his their my your"))
# "even if they don't share it", "not leaking it": an act the question says did not happen
_NEGATED = re.compile(r"\b(?:not|never|without|\w+n[’']t|dont|didnt|doesnt|isnt|wasnt)\s+\w+", re.I)
_PROHIBITS = re.compile(r"\b(unlawful|prohibit\w*|shall not|may not)\b", re.I)
_REENTRY = "reentry reenter"  # LAY_TO_LEGAL's terms for coming back after a removal
_REENTERS = re.compile(r"\bre-?ent(er|ers|ered|ering|ry)\b", re.I)
# "Does ICE need a judge to sign off before ...?", "Does the law require a court order?": answered where
# a court's ruling or the law's requirement is stated ("if a valid written request meets the statutory
# requirements, the IRS must share", "without obtaining a court order as required by law")
_ASKS_COURT_ORDER = re.compile(r"\b(need|needs|needed|requires?|required|have to|has to|without)\b[^?]*?"
                               r"\b(judges?|court orders?|warrants?|sign off)\b|"
                               r"\b(judges?|court orders?|warrants?)\b[^?]*?\b(needed|required|first)\b", re.I)
_COURT = re.compile(r"\b(courts?|judges?|ruled)\b", re.I)
_NECESSITY = re.compile(r"\b(must|required|requires|without obtaining)\b", re.I)


# "is there a deadline for taking them to court?", "how long do i have to sue?": where the law sets the
# time within which an action may be brought ("may be brought ... at any time within 2 years after")
_ASKS_TIME_TO_SUE = re.compile(r"\b(deadline|time limit|statute of limitations|too late|how (long|much time))\b[^?]*?"
                               r"\b(sue|suing|lawsuit|court|case|claim|action|(do|doing) (anything|something)|"
                               r"legal(ly)?)\b", re.I)
_STATES_TIME_TO_SUE = re.compile(r"\b(action|suit|claim)\b[^.]{0,160}?\bwithin (\d+|[a-z]+) (years?|months?|days?)\b|"
                                 r"\bperiod for bringing\b", re.I)


# "why would undocumented people even pay taxes?": where a reason for paying or filing follows the verb
# ("pay their federal taxes because it makes them look like law-abiding residents", "pay taxes in order to
# comply"), not where one comes before it ("The IRS has addresses because many ... pay billions in taxes")
_ASKS_WHY_PAY = re.compile(r"\bwhy\b[^?]*?\b(pay|pays|paying|file|files|filing|register|registering)\b", re.I)
_STATES_WHY_PAY = re.compile(r"\b(pay|pays|paying|file|files|filing|register|registering)\b[^.]{0,80}?\b(because|"
                             r"in order to|so that|as a demonstration|to comply|to build)\b", re.I)


# "what congressional committee did Rep. Jimmy Gomez say he serves on?": where a committee is named ("I
# serve on the [Ways and Means Committee]"), not the post in which he said it (when that is what it asks
# first: "Which member of Congress ..., and what committee ...?" asks who first)
_ASKS_WHICH_COMMITTEE = re.compile(r"^\s*([^?,]*,\s*)?(which|what) ([\w-]+ ){0,2}(sub)?committees?\b", re.I)
_NAMES_A_COMMITTEE = re.compile(r"\b(Sub)?[Cc]ommittee (on|of) [A-Z]|\b[A-Z][a-z]+\]? (Sub)?[Cc]ommittee\b")


# "can the irs give my home address to ICE?", "can ice just go ask the irs where i live??": where the IRS
# is said to give an address ("the IRS will confirm and disclose the last known address", "the IRS must
# share address information"), not where ICE once sought addresses or gives the IRS names and addresses.
# ("The IRS could then turn over ... addresses" passing too moved two answers up and one out of the top 5)
_ASKS_FOR_AN_ADDRESS = re.compile(r"\b(give|gives|giving|hand|hands|share|shares|sharing|send|sends|turn over|tell|"
                                  r"disclose|provide|get|gets|find)\b[^?]{0,30}\badd?ress(es)?\b|"
                                  r"\bwhere (i|we|they|he|she|you) (live|lives|stay|stays)\b", re.I)
_IMMIGRATION = re.compile(r"\b(ice|immigration|dhs|deport\w*|homeland)\b", re.I)


def _asks_immigration_for_an_address(question: str) -> bool:
    """Whether the question asks if immigration enforcement gets an address: what the deal answers (a child
    support office asking is answered elsewhere, § 6103(l)(6))."""
    return bool(_ASKS_FOR_AN_ADDRESS.search(question) and _IMMIGRATION.search(question))


# the IRS handing something over: "the IRS will confirm and disclose", "The IRS could then turn over"
_HANDS_OVER = r"(then )?(confirm and )?(disclose|share|turn over|provide|give|confirm)\b"
_IRS_GIVES_AN_ADDRESS = re.compile(rf"\bIRS (will|must) {_HANDS_OVER}[^.]{{0,60}}?\baddress", re.I)


# "if ice sends the irs my name and where i live, what does the irs send back?": what the IRS does with what it
# is sent ("the IRS will check whether the address ICE submitted matches ...", "the IRS will respond with"), which
# the question's other words (ICE sending names and addresses) rank below the passages about what ICE sends
_ASKS_WHAT_THE_IRS_ANSWERS = re.compile(r"\b(send|sends|tell|tells|give|gives|write|writes|say|says)\s+(\w+\s+){0,2}?"
                                        r"back\b|\b(irs|they) (respond|reply|answer)\b|"
                                        r"\bwhat (does|will|would) the irs (actually |then )?(do|say|tell|respond|"
                                        r"reply)\b", re.I)
_STATES_WHAT_THE_IRS_ANSWERS = re.compile(r"\bIRS (will|would) (then )?(check|verify|respond|reply|confirm)\b", re.I)


# "what info can ice actually get out of the irs with this deal", "Does the agreement let ICE see my tax
# return?": where the IRS is said to hand something over ("The IRS could then turn over tax information
# with earnings, addresses, ...", "the IRS will confirm and disclose the last known address")
_ASKS_WHAT_ICE_GETS = re.compile(r"\b(what|which) (kind of |kinds of |types? of )?(info|information|data|details|"
                                 r"records)\b[^?]*?\b(get|gets|see|obtain|receive|access)\b|"
                                 r"\b(let|lets|allow|allows) (ice|dhs|them|immigration)\b[^?]{0,20}?\b(see|get|"
                                 r"access)\b|"
                                 r"\bwhat (exactly )?(does|will|can) the irs (give|share|send|hand|turn over)\b|"
                                 r"\bwhat (do|does|would|will|could) (they|ice|dhs|immigration) (\w+ )?(get|receive)\b",
                                 re.I)
_IRS_HANDS_OVER = re.compile(rf"\bIRS (will|would|could|must) {_HANDS_OVER}", re.I)


# "Can I sue the government if the IRS ...?": the law letting a taxpayer bring an action against the
# United States answers, not the one about suing a person who is not a federal employee
_SUES_THE_GOVERNMENT = re.compile(r"\b(sue|suing|take) (the )?(gover?n?ment|gov|feds|irs|united states|"
                                  r"federal government)\b", re.I)
# "someone at the irs went thru my return, can i take them to court": suing over what a federal employee
# did is suing the United States (§ 7431(a)(1)), not a person who is not one (§ 7431(a)(2))
_SUES = re.compile(r"\b(sue|sued|suing|lawsuit|take (\w+ ){1,2}?to court)\b", re.I)
_FEDERAL_EMPLOYEE = re.compile(r"\b(irs|government|federal|agency) (workers?|employees?|agents?|officials?|staff)\b|"
                               r"\b(someone|somebody|anyone|anybody|people|persons?|workers?|employees?|agents?|"
                               r"officials?) (at|from|in|with|working for|who works for) the (irs|government|"
                               r"tax agency|agency)\b", re.I)


def _asks_to_sue_the_government(question: str) -> bool:
    return bool(_SUES_THE_GOVERNMENT.search(question)
                or (_SUES.search(question) and _FEDERAL_EMPLOYEE.search(question)))
_SUIT_AGAINST_THE_GOVERNMENT = re.compile(r"\bagainst the (United States|government|Internal Revenue Service|IRS)\b")
# "does the deal apply to every undocumented person or only some?", "Does this deal put me at risk?":
# answered where whom it covers is stated ("limited to people ICE identifies as having a final order of
# removal"), which the question's other words can rank far down; "a final order of removal" alone is the
# law's wording too ("Any alien against whom a final order of removal is outstanding"), which says whom a
# crime concerns, not whom the deal covers ("i dont have papers but no deportation order, is ice going to
# get my address": one that says the asker has none is answered by whom an order puts in it, below)
_NO_ORDER = (r"\b(no|not|without|dont have|don't have|doesnt have|doesn't have|has no|have no|never (got|had|"
             r"received))\s+(\w+\s+){0,2}?(deportation|removal|final) orders?\b")
_ASKS_WHOM_IT_COVERS = re.compile(r"\b(apply|applies|affect|affects|cover|covers|target|targets|aimed at)\b[^?]*?"
                                  r"\b(every\w*|all|only|some|me|us|people|persons?|immigrants)\b|"
                                  r"\bwho\b[^?]{0,40}\b(going after|go after|goes after|targeting|aimed at)\b|"
                                  r"\bput (me|us) at risk\b|\b(one|some) of (the|those) (people|ones)\b|"
                                  # "is this deal about everybody who files or only certain people"
                                  r"\bonly (certain|some|specific|particular) (people|persons|immigrants|ones)\b|"
                                  r"\b(is|are|am) (my|our|his|her|i|we|she|he|they) (\w+ ){0,2}?(part of|included in|"
                                  r"covered by|affected by) (this|the)\b|"
                                  r"\b(is|was) (this|the|that|it)\b[^?]{0,40}?\babout (everybody|everyone|all|"
                                  rf"people like|only)\b|{_NO_ORDER}", re.I)
_STATES_ORDER_COVERED = re.compile(r"\b(limited to|facing|who (have|has) been|who['’]ve)\b[^.]{0,80}?\b(final order of "
                                   r"removal|deportation orders?|remov(al|ing) orders?|ordered to leave)\b", re.I)
_STATES_WHOM_IT_COVERS = re.compile(r"\b(limited to|ordered to leave|deportation orders?|"
                                    r"under (federal )?criminal investigation)\b", re.I)
# "can ICE get my tax records from the IRS now?", "is the irs allowed to hand my tax info over to ice?":
# whether it may is said where whom the deal covers is ("ICE officials can ask the agency for
# information about people who have been ordered to leave the United States ...")
_ASKS_IF_ICE_GETS_MINE = re.compile(r"\b(can|could|will|would|is|are|does|do)\b[^?]{0,30}?\b(ice|dhs|immigration)\b"
                                    r"[^?]{0,20}?\b(get|see|access|obtain|look at|use)\b[^?]{0,30}?"
                                    r"\b(my|his|her|our|their|your)\b[^?]{0,20}?\b(tax|taxes|info|information|"
                                    r"records?|returns?|data)\b|"
                                    r"\b(can|could|will|would|is|are)\b[^?]{0,20}?"
                                    r"\b(irs|tax (people|agency|office|folks))\b[^?]{0,30}?"
                                    r"\b(hand|give|share|turn|send|pass)\w*\b[^?]{0,40}?\bto (ice|dhs|immigration)\b",
                                    re.I)
# "How long is the memorandum of understanding filed in court?" asks its length, which reporting gives
# in pages ("the 15-page memorandum"), not how long it lasts (the time answer type asks that)
_ASKS_LENGTH = re.compile(rf"^\s*how\s+long{_LENGTH_ASKED}", re.I)
_STATES_LENGTH = re.compile(rf"(?<![\w$.])(\d+|{_SMALL_NUMBERS})[ -]pages?\b|\bpages? long\b", re.I)
# "r undocumented ppl gonna stop filing taxes bc of this", "are immigrants filing less taxes now?": answered
# where fewer filings or a deterrent is reported ("a decline in tax filings", "will discourage ...")
_ASKS_ABOUT_FEWER_FILERS = re.compile(r"\b(immigrants?|migrants?|people|ppl|persons?|they|them|undocumented|filers|"
                                      r"taxpayers|families)\b[^?]{0,40}?\b(stop\w*|quit\w*|less|fewer|not|skip\w*|avoid\w*|"
                                      r"(pull|hold|back)\w* (back|off|away) from)\s+(\w+\s+)?"
                                      r"(filing|paying|file|pay)\b|"
                                      r"\b(fewer|less) (\w+\s+){0,2}?(are |is )?(filing|paying|filed|paid)\b|"
                                      r"\b(immigrants?|migrants?|people|ppl|undocumented|families)\b[^?]{0,20}?"
                                      r"\bstill (filing|paying|file|pay)\b|"
                                      r"\b(filing|paying)\s+(\w+\s+)?(less|fewer)\b", re.I)
_STATES_FEWER_FILERS = re.compile(r"\b(decline|discourage\w*|deter\w*|will not pay|won[’']t pay|fewer|"
                                  r"drop(ped)? (off|in))\b", re.I)
# "are immigrants scared to do their taxes now?", "holding off on filing this year?": people afraid to file
_FEARS_FILING = re.compile(r"\b(scared|afraid|fear\w*|frightened|worried|nervous|spooked|hesitant|hold(s|ing)? off)\b"
                          r"[^?]{0,30}?\b(file|filing|pay|paying|do|doing)\b[^?]{0,15}?\b(tax|taxes|returns?)\b", re.I)
_PREDICTS = re.compile(r"\b(will|gonna|going to|might|would|could|saying)\b", re.I)
# what is already seen ("this fear has resulted in a decline in tax filings", "the uptick in requested
# tax filing extensions"), not what someone fears may come ("will not pay their taxes in fear")
_STATES_FEWER_FILERS_NOW = re.compile(r"\b(decline in|uptick|heightened fear|already being felt|fewer|"
                                      r"drop(ped)? (off|in))\b", re.I)


def _asks_about_fewer_filers(question: str) -> bool:
    return bool(_ASKS_ABOUT_FEWER_FILERS.search(question) or _FEARS_FILING.search(question))


# "my tia says shes not filing this year because of ice. are a lot of people actually doing that?": someone
# the asker knows not filing, then whether that is common
_NOT_FILING = re.compile(r"\b(not|won[’']?t|wont|isn[’']?t|aren[’']?t|stop\w*|quit\w*|skip\w*|afraid to|scared to)\s+"
                         r"(\w+\s+)?(filing|file|paying|pay)\b", re.I)
_ASKS_HOW_COMMON = re.compile(r"\b(a lot of|lots of|many|other|more) (people|ppl|families|immigrants|folks)\b"
                              r"[^?]{0,30}?\b(doing|do|like)\b|\b(is|are) (that|this|it) (really )?(happening|common|"
                              r"widespread)\b|\bhappening (in )?(other places|elsewhere|everywhere|a lot)\b|"
                              r"\bjust (us|me|here)\b", re.I)


def _asks_about_fewer_filers_now(question: str) -> bool:
    """Whether the question asks if fewer people file now, rather than whether they will (in the sentence
    that asks it: a story before it may tell what someone fears "will" happen), or whether someone's not
    filing is common."""
    sentences = [question[s:e] for s, e in sentence_spans(question)]
    typed = re.split(r"(?<=[a-z\d][.!?])\s+", question)  # lay typing starts sentences in lower case too
    if len(typed) > 1 and _ASKS_HOW_COMMON.search(typed[-1]) and any(map(_NOT_FILING.search, typed[:-1])):
        return True
    asked = [sentence for sentence in sentences if _asks_about_fewer_filers(sentence)]
    return bool(asked) and not _PREDICTS.search(asked[-1])


# "is my tax return supposed to be kept confidential?", "isn't it private by law?": the law's own words
# ("Returns and return information shall be confidential"), not a report that it is supposed to be
_ASKS_IF_CONFIDENTIAL = re.compile(r"\b(supposed to|meant to|have to|required to|by law|kept|stay)\b[^?]{0,30}?"
                                   r"\b(confidential|private|secret)\b|\b(confidential|private|secret)\b[^?]{0,20}?"
                                   r"\bby law\b", re.I)
_STATES_CONFIDENTIAL = re.compile(r"\bshall be (kept )?confidential\b", re.I)
# "What must a request from ICE contain?", "What does ICE have to send the IRS before ...?": what a
# request sets forth ("... if the request is in writing and sets forth", "a written request ... that
# includes specific details")
_ASKS_WHAT_A_REQUEST_HOLDS = re.compile(r"\b(request|ice|agency)\b[^?]{0,40}?\b(contain|include|set forth|"
                                        r"(have|has) to (give|send|provide|include|contain|put in|list|specify|supply)|"
                                        r"must (give|send|provide|include|contain|put in|list|specify|supply))\b", re.I)
_STATES_WHAT_A_REQUEST_HOLDS = re.compile(r"\b(sets? forth|includes? specific details|must (first )?submit a written "
                                          r"request)\b", re.I)
_STATES_NO_MATCH = re.compile(r"\bno match\b", re.I)
# "has the irs already sent info about people like me to ICE?": where whether it has happened yet is said
_ASKS_IF_DONE_YET = re.compile(r"\b(already|yet|so far)\b[^?]{0,60}?\b(sent|handed|shared|turned|given|gave|give|"
                               r"passed|provided|transferred|disclosed|get|got|gotten|received|obtained|accessed)\b|"
                               r"\b(sent|handed|shared|turned over|given|gave|"
                               r"provided|transferred)\b[^?]{0,40}?\b(already|yet|so far)\b", re.I)
_SAYS_IF_DONE_YET = re.compile(r"\b(yet|so far|to date)\b", re.I)
# "What presidential action was the memorandum entered into to further?": where an executive order is named
_ASKS_PRESIDENTS_ACTION = re.compile(r"\bpresident(ial)?'?s? (action|order|directive)s?\b|"
                                     r"\b(which|what) (executive|presidential) (order|action|directive)s?\b", re.I)
_NAMES_PRESIDENTS_ACTION = re.compile(r"\b(executive orders?|proclamations?|presidential memorand\w+)\b", re.I)
# "Which criminal statute does the MOU single out?", "Which confidentiality exception in the Internal
# Revenue Code does the MOU rely on?": a passage naming a provision down to its subsection ("it
# specifically highlights 8 U.S.C. section 1253(a)(1)"), of the tax code if the question names it ("IRC
# section 6103(i)(2) allows ...")
_ASKS_WHICH_PROVISION = re.compile(r"\b(which|what)\s+((specific|particular|confidentiality|legal|statutory|federal|"
                                   r"criminal|tax)\s+)*(exception|provision|section|statute|law|subsection)s?\b", re.I)
_TAX_CODE = re.compile(r"\b(internal revenue code|tax code|IRC)\b", re.I)
_PROVISION = r"(section|sec\.|§)\s*\d{3,4}[A-Z]?\([a-z0-9]+\)"  # "section 1253(a)", "§ 6103(i)"
_NAMES_A_PROVISION = re.compile(rf"\b{_PROVISION}", re.I)
_NAMES_A_TAX_PROVISION = re.compile(rf"\b(IRC|Internal Revenue Code|26 U\.?S\.?C\.?)\s+{_PROVISION}", re.I)


def _asks_which_tax_provision(question: str) -> bool:
    return bool(_ASKS_WHICH_PROVISION.search(question) and _TAX_CODE.search(question))


# "Can I give the IRS permission to send my return to my lawyer?", "... if i say its ok": a taxpayer's
# own say-so is the law's consent ("to such person as the taxpayer may designate in a request for or
# consent to such disclosure"), which no other passage near the top may state
_CONSENT_TERMS = "consent designate"
_STATES_CONSENT = re.compile(r"\bconsent(s|ed)? to (such |the |its |their )?(disclosure|release|sharing)\b|"
                             r"\b(taxpayer|individual|person) may designate\b", re.I)


# "me and my ex filed together back then, can she get a copy of that return?": the law's list of who may see
# a return names "either of the individuals" of "an income tax return filed jointly", which the question's
# other words (a copy, the IRS) rank far down; a tax owed on it is § 6103(e)(8)'s deficiency, asked elsewhere
_FILED_JOINTLY = re.compile(r"\b(filed|file|files|filing)\b[^?]{0,30}?\b(together|jointly)\b|"
                            r"\bjoint(ly)? (tax )?(returns?|filing|filed|taxes)\b", re.I)
_STATES_FILED_JOINTLY = re.compile(r"\bfiled jointly\b", re.I)


def _asks_about_a_joint_return(question: str) -> bool:
    return bool(_FILED_JOINTLY.search(question)) and not {"deficiency assessed", "attempted collect deficiency"} & \
        _implied(question)


# "does my state's tax department get to look at what i file?": the law opens returns to the State agency
# "charged ... with responsibility for the administration of State tax laws"; other passages on State
# agencies (a combined employment tax program, what a State may pass on) rank above it
_STATE_TAX_AGENCY = "State agency body commission administration"  # LAY_TO_LEGAL's terms for a state's tax office
_STATES_STATE_TAX_AGENCY = re.compile(r"\b(administration of|administering) (the )?State tax laws\b", re.I)


# "me and my ex filed together and now there's a tax bill: is the irs going after him too?": the law lets
# either filer know whether the IRS "has attempted to collect such deficiency from such other individual"
_STATES_JOINT_DEFICIENCY = re.compile(r"\bdeficiency\b[^.]{0,80}?\bjoint return\b", re.I)


def _asks_about_a_joint_deficiency(question: str) -> bool:
    return bool(_FILED_JOINTLY.search(question)) and "deficiency assessed" in _implied(question)


# "would i even know if someone at the irs went through my file? do they ever tell you": whether the law
# has the taxpayer told ("the Secretary shall notify such taxpayer")
_ASKS_IF_TOLD = re.compile(r"\b(will|would|do|does|did)\s+(\w+\s+){0,2}?(ever\s+|even\s+)?(tell|notify|inform|let)\s+"
                           r"(me|you|us)\b(?!\s+(talk|see|deal|speak|get|have|look|handle|read|access))|"
                           r"\b(i|we|you)\s+(ever\s+|even\s+)?(be|get)\s+(told|notified|informed)\b|"
                           r"\bhow (would|do|will|can|could) (i|you|we) (even |ever )?(know|find out)\b", re.I)
_STATES_NOTICE = re.compile(r"\bnotif(y|ies)\s+(such |the |each |any )?(taxpayer|individual)\b", re.I)


# "is staying after a deportation order actually a crime, or just an immigration issue?": where it is said to be
# a crime, which the statute only implies by its penalty
_ASKS_IF_A_CRIME = re.compile(r"\b(crime|criminal)\b[^?]{0,40}?\b(or|not)\b[^?]{0,25}?\b(civil|immigration)\b", re.I)
_STATES_A_CRIME = re.compile(r"\b(makes? it a (federal )?crime|(is|as) a (federal )?crime|criminal offense)\b", re.I)


# "they dont pay anything, do they actually pay taxes?", "is there an actual number for how much they pay": a sum
_ASKS_IF_THEY_PAY = re.compile(r"\b(pay|pays|paid)\b[^?]{0,20}\b(anything|nothing|a dime|a cent|a penny)\b|"
                               r"\b(number|figure|amount)s? (for|on) how much\b", re.I)
_STATES_SUM_PAID = re.compile(r"\$\s?\d|\bdollars?\b", re.I).search


def _asks_about_a_state_tax_agency(question: str) -> bool:
    return _STATE_TAX_AGENCY in _implied(question)


# "how much money could i actually get if the irs shared my stuff illegally": what the law gives a taxpayer
# ("$1,000 for each act of unauthorized inspection or disclosure", "the actual damages sustained"), which
# the question's other words (the IRS, sharing) rank below reporting
_MONEY = "damages"  # LAY_TO_LEGAL's term for money one could get
_STATES_DAMAGES = re.compile(r"\$\s?[\d,]+ for each act\b|\b(actual|punitive) damages\b", re.I)


def _asks_for_damages(question: str) -> bool:
    """Whether the question asks how much money the law gives: "how much money could i get ...",
    "What is the minimum amount of damages ...?"."""
    return ((_MONEY in _implied(question) or bool(re.search(r"\bdamages\b", question, re.I)))
            and bool(re.search(r"\bhow much\b|\b(amount|sum|minimum|maximum|least|most)\b", question, re.I))
            and not _ASKS_PENALTY.search(question))  # "how much money would the fine be" is a penalty's


def states_what_a_court_requires(text: str) -> bool:
    """Whether the text says what a court or the law requires ("the court noted ... the IRS must comply")."""
    return bool(_COURT.search(text) and _NECESSITY.search(text))


@lru_cache(maxsize=256)  # asked by several steps of one answer
def _implied(question: str) -> frozenset[str]:
    """The legal terms the question's everyday words imply, each as LAY_TO_LEGAL gives them."""
    return frozenset(terms for _, terms in expansions(question))


def _asks_consent(question: str) -> bool:
    return _CONSENT_TERMS in _implied(question)


# Questions of no answer type above that a passage stating one thing answers: (a test of the question,
# the test a passage passes, whether that passage may rank anywhere among the candidates within reach
# of the best, as its wording can be far from the question's)
QUESTION_KINDS = [
    (_ASKS_PENALTY.search, _STATES_PENALTY.search, False),
    (_ASKS_TIME_TO_SUE.search, _STATES_TIME_TO_SUE.search, True),  # asked before any answer type (_picking_test)
    (_ASKS_COURT_ORDER.search, states_what_a_court_requires, True),
    # how much money a suit could bring is asked of the sum the law gives, not of whom to sue (and before the
    # amount answer type: _picking_test)
    (_asks_for_damages, _STATES_DAMAGES.search, True),
    # (suing over what someone was let see is not asking to consent to it)
    (_asks_to_sue_the_government, _SUIT_AGAINST_THE_GOVERNMENT.search, False),
    (_asks_consent, _STATES_CONSENT.search, True),
    (re.compile(_NO_ORDER, re.I).search, _STATES_ORDER_COVERED.search, True),
    (_ASKS_WHOM_IT_COVERS.search, _STATES_WHOM_IT_COVERS.search, True),
    (_asks_about_fewer_filers_now, _STATES_FEWER_FILERS_NOW.search, True),
    (_asks_about_fewer_filers, _STATES_FEWER_FILERS.search, True),
    (_ASKS_IF_CONFIDENTIAL.search, _STATES_CONFIDENTIAL.search, True),
    (_ASKS_WHAT_A_REQUEST_HOLDS.search, _STATES_WHAT_A_REQUEST_HOLDS.search, True),
    (_ASKS_IF_DONE_YET.search, _SAYS_IF_DONE_YET.search, True),
    (_ASKS_PRESIDENTS_ACTION.search, _NAMES_PRESIDENTS_ACTION.search, True),
    (_asks_which_tax_provision, _NAMES_A_TAX_PROVISION.search, True),
    (_ASKS_WHICH_PROVISION.search, _NAMES_A_PROVISION.search, True),
    (_ASKS_WHY_PAY.search, _STATES_WHY_PAY.search, True),
    (_ASKS_WHICH_COMMITTEE.search, _NAMES_A_COMMITTEE.search, True),
    (_ASKS_WHAT_THE_IRS_ANSWERS.search, _STATES_WHAT_THE_IRS_ANSWERS.search, True),
    (_asks_immigration_for_an_address, _IRS_GIVES_AN_ADDRESS.search, True),
    (_ASKS_WHAT_ICE_GETS.search, _IRS_HANDS_OVER.search, True),
    (_ASKS_IF_ICE_GETS_MINE.search, _STATES_WHOM_IT_COVERS.search, True),
    (_ASKS_LENGTH.search, _STATES_LENGTH.search, True),
    (_asks_about_a_joint_return, _STATES_FILED_JOINTLY.search, True),
    (_asks_about_a_joint_deficiency, _STATES_JOINT_DEFICIENCY.search, True),
    (_ASKS_IF_TOLD.search, _STATES_NOTICE.search, True),
    (_ASKS_IF_A_CRIME.search, _STATES_A_CRIME.search, True),
    (_ASKS_IF_THEY_PAY.search, _STATES_SUM_PAID, True),
    (_asks_about_a_state_tax_agency, _STATES_STATE_TAX_AGENCY.search, True),
]
_FOUND_ANYWHERE = frozenset(states for _, states, anywhere in QUESTION_KINDS if anywhere)


# "How many pages ...?": what is counted
_HOW_MANY = re.compile(r"\bhow many (?P<noun>[a-z]{3,})\b", re.I)


@lru_cache(maxsize=256)  # asked by the retrieval, the ordering and the abstention of one answer
def _picking_test(question: str):
    """A test of a passage's text for what the question asks, when it can pick passages out: the
    speaker a "What did X say?" question names, the answer type (in what the question does not
    state itself), or for a question of no other type the test of its kind in QUESTION_KINDS (a
    penalty clause for "What is the penalty ...?"). None for a question of no type, or one asking for
    an amount: any passage with a digit, a section number too, passes that test."""
    if "no match" in _implied(question):
        # "if the address doesnt match, what does the IRS tell them?" asks what happens on no match,
        # not what the IRS says
        return _STATES_NO_MATCH.search
    if did := _ANYONE_DID.search(question):
        # "is anybody suing to stop the irs ice deal": someone named doing it ("Public Citizen ... sued to
        # stop the plan"), not someone who did something else ("Rep. Jimmy Gomez ... trashed the deal")
        return partial(_someone_did, re.compile(rf"\b{did.group('verb')}(e|es|ed|ing|s)?\b", re.I))
    if _ASKS_LENGTH.search(question):
        return _STATES_LENGTH.search  # "How long is the memorandum filed in court?" is no time to sue
    if _ASKS_TIME_TO_SUE.search(question):
        # "how long do i have to take the irs to court?" asks for the law's time limit on suing, not for
        # any passage with a time ("reports shall be maintained ... for a period not exceeding 2 years")
        return _STATES_TIME_TO_SUE.search
    if _ASKS_WHAT_THE_IRS_ANSWERS.search(question):
        return _STATES_WHAT_THE_IRS_ANSWERS.search  # "what does the irs tell them back" asks no speaker's words
    if words := _speaker_words(question):
        return partial(_speaks, words)
    test = _answer_type(question)[1]
    if ((test in (*_ANY_NUMBER, _HAS_DURATION, _STATES_A_TIME) or getattr(test, "func", None) is _has_span_of)
            and _ASKS_PENALTY.search(question)):
        # "How many years in prison for leaking a tax return?": the penalty clause for that act states
        # them, and a span of years elsewhere ("within 90 days") does not answer it
        return _STATES_PENALTY.search
    if test is None:
        test = next((states for asks, states, _ in QUESTION_KINDS if asks(question)), None)
        if test is not None:
            return test
    if test in _ANY_NUMBER and _asks_for_damages(question):
        return _STATES_DAMAGES.search  # "how much money could i get": the sum the law gives, not any amount
    if test in _ANY_NUMBER and (counted := _HOW_MANY.search(question)):
        # "How many pages long is it?": a number of pages ("the 15-page memorandum") picks it out
        noun = re.sub(r"(?<=[^s])s$", "", counted.group("noun").lower())
        return _unstated(question, re.compile(rf"(?<![\w$.])(\d[\d,.]*|{_SMALL_NUMBERS})[ -]{noun}s?\b", re.I).search)
    if test is None or test in _ANY_NUMBER:
        return None
    return _unstated(question, test)


# "For penalty for disclosure or use of information by preparers of returns, see section 7216."
_CROSS_REFERENCE = re.compile(r"^\s*For (?P<topic>[^.]+?), see section (?P<section>\d+[A-Za-z]?)\b")
_GENERIC_TOPIC = frozenset(lexical_tokens("penalty penalties disclosure use information return returns provisions "
                                          "rules relating"))


def referred_elsewhere(question: str, hits: list[Hit]) -> tuple[str | None, str] | None:
    """(title, section) of a cross-reference among the hits that sends what the question asks about to
    another section: "For penalty for disclosure or use of information by preparers of returns, see
    section 7216" is where the law answers "what is the penalty for a tax preparer who ...?", not the
    penalty clauses for other people near it. None when no cross-reference's subject is the question's."""
    asked = _asked_terms(question)
    for hit in hits:
        if not (found := _CROSS_REFERENCE.match(hit.chunk.text)):
            continue
        topic = set(lexical_tokens(found.group("topic")))
        # a penalty's cross-reference answers a question asking for the penalty, not one asking whether a
        # preparer may see a return
        if topic & _PENALTY_WORDS and not _ASKS_PENALTY.search(question):
            continue
        topic -= _GENERIC_TOPIC
        if topic and topic <= asked:
            parsed = parse_locator(hit.chunk.locator)
            return (parsed[0] if parsed else None), found.group("section")
    return None


def wanted_passage(question: str):
    """The test of a passage's text for what the question asks, when what answers it may be worded far
    from the question (the kinds of QUESTION_KINDS marked so); None otherwise."""
    test = _picking_test(question)
    return test if test in _FOUND_ANYWHERE else None


def _unstated(question: str, test):
    """The test, run on a passage's text without the numbers and names the question states."""
    return lambda text: test(_without_stated(question, text))


_ASKS_WHICH_PERSON = re.compile(rf"^\s*{_WHICH_PERSON}\b", re.I)
# "is anybody suing ...?", "has anyone challenged it?": whether someone did it (the verb's stem)
_ANYONE_DID = re.compile(r"^\s*(?:is|are|has|have|did)\s+(?:any(?:one|body)|some(?:one|body)|any (?:groups?|"
                         r"organi[sz]ations?))\s+(?:already |actually |even |else )?(?P<verb>[a-z]{2,}?)(?:ing|ed)\b",
                         re.I)


def _someone_did(verb: re.Pattern, text: str) -> bool:
    """Whether the text names a person or an organisation and has the verb ("... sued to stop the plan")."""
    return bool(verb.search(text)) and (has_person_name(text) or _names_an_organization(text))


# "Who signed ...?", "who actually signed ...?", "Which officials signed ...?", "Which two secretaries put
# their names on ...?"
_WHO_DID = re.compile(rf"^\s*(?:who|{_WHICH_PERSON})\s+(?:(?:are|were|is|was) the (?:[\w-]+ ){{0,3}}?"
                      r"(?:officials?|people|persons?|ones?) (?:that|who) )?(?:actually |really |even |officially )?"
                      r"(?:(?P<verb>[a-z]{2,}ed)\b|put (?:their|his|her) (?:names?|signatures?) (?:on|to)\b)", re.I)
# "which Justice Department officials may authorize an application ...?": who may do what
_WHO_MAY = re.compile(r"^\s*(?:[^?,]*,\s*)?(?:who|which (?:[\w-]+ ){0,3}?(?:officials?|officers?|people|persons?|"
                      r"agenc(?:y|ies)))\s+(?:may|can|must|is allowed to|are allowed to)\s+(?P<verb>[a-z]{4,})", re.I)
# "Who is actually taking the government to court to stop ...?": who sued, or is suing
_WHO_SUES = re.compile(r"^\s*who\s+(?:is|are|was|were|has been|have been)\s+(?:actually |really )?"
                       r"(?:suing|taking\b[^?]{0,40}?\bto court|challenging)\b", re.I)
_SUING = re.compile(r"\b(sued|sues|suing|lawsuit|legal challenge)\b", re.I)
_WHEN_DID = re.compile(r"^\s*([^?,]*,\s*)?when (and [^?,]{0,40}? )?did (?P<what>[^?,]+)", re.I)
_QUOTATION = re.compile(r"^\s*[\"“][^\"“”]*[\"”]\s*$")  # a sentence that is all quotation
_QUOTE_MARK = re.compile(r"[\"“”]")
# speech whose speaker an earlier sentence names: "..., he added.", "The organization warned that ..."
_SPOKEN_BY_ANAPHOR = re.compile(
    r"\b(?:(?:he|she|they)\s+(?P<verb>said|says|added|adds|wrote|warned|argued|noted|told|stated|explained)|"
    r"(?:said|added|wrote) (?:he|she|they))\b|"
    r"^\s*The (?:organization|group|center|council|institute|nonprofit|coalition|agency|department|official|"
    r"spokes(?:person|man|woman))\s+(?P<verb2>said|says|added|warned|warns|argued|noted|wrote|stated|told|claimed)\b")


# "What must a judge find before ordering returns opened ...?", "What findings must a court make ...?":
# what the law has the judge determine ("may grant such order if he determines on the basis of the
# facts submitted by the applicant that— (i) ..."), which its list items state under that lead-in
_ASKS_FINDINGS = re.compile(r"\bwhat (findings|determinations?)\b|\bwhat (must|does|do|should|will) (a|the|any) "
                            r"([\w-]+ ){0,3}?(judges?|courts?)( [\w-]+){0,3}? (find|determine|conclude)\b|"
                            # "What predicate must exist before a court may grant an ex parte order ...?"
                            r"\bwhat (predicates?|prerequisites?|showings?|conditions?)\b[^?]{0,60}?\bbefore "
                            r"(a|the|any) ([\w-]+ ){0,3}?(judges?|courts?) (may|can|will|could) "
                            r"(grant|issue|approve|sign)\b", re.I)
_STATES_FINDINGS = re.compile(r"\b(judges?|courts?)\b[^.;]{0,120}?\b(determines?|finds?)\b[^.;]{0,80}?\bthat\b",
                              re.I)


def asks_findings(question: str) -> bool:
    """The question asks what a judge must find (or what must hold) before an order may issue."""
    return bool(_ASKS_FINDINGS.search(question))


def states_findings(text: str) -> bool:
    """The passage says what a judge or court determines or finds ("... if he determines ... that")."""
    return bool(_STATES_FINDINGS.search(text))


def typed_answer_first(question: str, hits: list[Hit], depth: int = 5, gap: float = 0.1) -> list[Hit]:
    """When the question asks for a name, a date, a ruling, a speaker, a penalty or what a judge must
    find and the best hit has none, the first of the next few hits nearly as relevant that has one goes
    first: "Who signed off on this deal?" opens with the sentence naming the signers, not with the one
    about the deal. A quotation's speaker may be named in the sentence before it."""
    if hits and _ASKS_FINDINGS.search(question) and not _STATES_FINDINGS.search(hits[0].chunk.context):
        # inside the location the question cites, if it cites one
        finds = lambda hit: (hit.cited or not hits[0].cited) and bool(  # noqa: E731
            _STATES_FINDINGS.search(hit.chunk.context))
        if moved := _first_to_front(hits, finds, reach=gap):
            return moved
    test = _picking_test(question)
    rules_on = _answer_type(question)[1] is _RULED and [ref for ref in parse_legal_refs(question) if ref.path]
    # a passage at the location the question cites answers it, unless it asks how a court read that location
    if test is None or not hits:
        return hits
    if hits[0].cited and (may := _WHO_MAY.search(question)):
        # "Under § 6103(i)(1), which officials may authorize an application ...?": the passage at the cited
        # location where someone may do that ("The Attorney General, ... may authorize an application"), not
        # its first passage
        verb = re.compile(rf"\b{re.escape(may.group('verb').rstrip('e'))}\w*", re.I)
        if not verb.search(hits[0].chunk.text) and (moved := _first_to_front(
                hits, lambda hit: hit.cited and bool(verb.search(hit.chunk.text)) and bool(test(hit.chunk.text)),
                stop=8)):
            return moved
    if hits[0].cited and not rules_on:
        return hits
    person = _unstated(question, has_person_name)
    if (did := _WHO_DID.search(question)) or _WHO_SUES.search(question):
        # "Who signed the memorandum of understanding on data sharing?": the question's long object
        # outweighs its verb, so the sentence in which people sign can rank far down; any candidate
        # that names a person with that verb answers it better than one without a person, and better
        # than one naming someone who did something else ("Who sued ...?" is not answered by "Rep.
        # Jimmy Gomez ... trashed the deal")
        verb = re.compile(rf"\b{did.group('verb') or 'signed'}\b", re.I) if did else _SUING
        acted = lambda hit: bool(verb.search(hit.chunk.text)) and (  # noqa: E731
            person(_said(hit)) or _names_an_organization(hit.chunk.text))
        if not acted(hits[0]) and (moved := _first_to_front(hits, acted)):
            return moved
    if (when := _WHEN_DID.search(question)) and (words := _plain_words(when.group("what"))):
        # "When did the IRS and ICE sign the memorandum?": a time beside the question's verb in the past
        # tense ("The deal, signed Monday by ..."), not the date of some other event ("On May 12, 2025, a
        # federal district court allowed ...")
        # (or in the past tense its everyday words imply: "take the ruling to an appeals court" is "appealed")
        past = sorted(w for terms in _implied(question) for w in terms.split() if w.endswith("ed"))
        done = re.compile(rf"\b({'|'.join([*(re.escape(w) + 'e?d' for w in sorted(words)), *past])})\b", re.I)
        dated = lambda hit: bool(done.search(hit.chunk.text)) and test(hit.chunk.text)  # noqa: E731
        if not dated(hits[0]) and (moved := _first_to_front(hits, dated, reach=2.5 * gap)):
            return moved
    if test == _STATES_PENALTY.search:
        # the penalty for what the best passage prohibits is in its own section ("Any violation of
        # subsection (a) shall be punishable ..."), however far down it ranks
        section = _section(hits[0]) if _PROHIBITS.search(hits[0].chunk.context) else None
        if section and not test(hits[0].chunk.text) and (
                moved := _first_to_front(hits, lambda hit: _section(hit) == section and test(hit.chunk.text))):
            return moved
        if moved := _penalty_for_the_act(question, hits, reach=2.5 * gap):
            return moved
    if refs := rules_on:
        # "How did the court construe § 6103(i)(2)?": the ruling on that provision ("she ruled section
        # 6103(i)(2)'s text is clear"), not another step in the case ("a district court denied ..."), however
        # much more of the question's other words a passage holds ("The plaintiffs argued that ICE did not intend")
        on_it = lambda hit: bool(_A_COURT_HELD(hit.chunk.text)) and any(  # noqa: E731
            same_provision(ref, other) for ref in refs for other in parse_legal_refs(hit.chunk.text))
        if not on_it(hits[0]) and (moved := _first_to_front(hits, on_it)):
            return moved
        if hits[0].cited:
            return hits
    answered = test(hits[0].chunk.text)
    if _ASKS_WHICH_PERSON.search(question):
        # "Which lawyer ...?" is answered by a person's name only: not by "Congress" or "the group"
        answered = answered and person(_said(hits[0]))
    if answered:
        return hits
    speaker = isinstance(test, partial) and test.func is _speaks
    asked = _ASKS_WHAT_SAID.search(question) if speaker else None  # a speaker is asked about only here
    if speaker:
        if spoken_before(hits[0].chunk.text, asked and asked.group("verb")) and test(hits[0].chunk.context):
            return hits  # speech whose speaker the sentence before it names
        depth += 3  # reports repeat one another's sentences: the speaker's can sit further down
    # "who" is best answered by a person's name, then by an office or a body ("a federal court")
    if _ASKS_WHO.search(question):
        # "Which secretaries ...?" has no other answer than a person's name: it may sit further below
        reach = 2.5 * gap if _ASKS_WHICH_PERSON.search(question) else gap
        if moved := _first_to_front(hits, lambda hit: person(_said(hit)), stop=depth, reach=reach):
            return moved
    defender = speaker and asked.group("defender")
    # "What did Justice Department lawyers argue in court filings about ...?": the question's other
    # words can outweigh who speaks, so the sentence where they speak may be less relevant
    reach = 2 * gap if speaker and not defender else gap
    if moved := _first_to_front(hits, lambda hit: test(hit.chunk.text), stop=depth, reach=reach):
        return moved
    if defender or test in _FOUND_ANYWHERE:
        # how someone defended something can be worded far from the question ("the legal footing" of
        # the deal is "longstanding authorities granted by Congress"), and so can what the kinds of
        # QUESTION_KINDS marked so ask for: any candidate where they speak, or that states it
        start = depth if defender else 1
        # a statute passage carries its provision's earlier sentences in its context: the one that states
        # it may rank further down than the passage that carries it
        states = lambda hit: test(hit.chunk.text) or (  # noqa: E731
            not defender and hit.chunk.kind == "statute" and test(hit.chunk.context))
        moved = _first_to_front(hits, states, start=start, reach=2.5 * gap) or hits
        carrier = moved[0]
        if moved is not hits and not test(carrier.chunk.text) and (stating := next((
                h for h in moved[1:] if h.chunk.doc_id == carrier.chunk.doc_id
                and h.chunk.locator == carrier.chunk.locator and test(h.chunk.text)), None)):
            # ... and when that sentence is a candidate too, it opens the answer with the scores of the one
            # that carried it ("The Secretary may ... disclose the return ... to such person as the taxpayer
            # may designate", not "However, return information shall not be disclosed to such person")
            moved = [replace(carrier, chunk=stating.chunk), carrier, *(h for h in moved[1:] if h is not stating)]
        return moved
    return hits


# a statute's exception: "No liability shall arise ... (1) which results from a good faith, but erroneous,
# interpretation", "It is not a violation of paragraph (1) to take any proper steps for the purpose of securing
# cancellation of ... such order"
_EXCEPTS = re.compile(r"\b(no liability shall arise|is not a violation|shall not (apply|be (liable|construed|"
                      r"required))|does not apply|nothing in this (section|subsection|paragraph))\b", re.I)


def exception_first(question: str, hits: list[Hit], depth: int = 4) -> list[Hit]:
    """When one of the next few statute passages, at least as relevant as the best, is an exception to a
    rule and holds two or more of the question's words (or the legal terms its everyday words imply)
    that the best passage lacks, it goes first: "can i recover damages if the employee's reading of the
    law was an honest mistake?" is answered where no liability arises from a "good faith, but erroneous,
    interpretation", not by the rule that gives damages."""
    if not hits or _EXCEPTS.search(hits[0].chunk.context):
        return hits
    # a question citing a whole section ("Under § 7431, is the government liable if ...?") may find the
    # exception among the section's passages; one citing a subsection has what it asks for there
    refs = parse_legal_refs(question)
    whole_section = hits[0].cited and bool(refs) and all(not ref.path for ref in refs)
    if hits[0].cited and not whole_section:
        return hits
    asked = {w for w in _asked_terms(question) if len(w) > 2 and w.isalpha()}
    best = _words(hits[0].chunk.context)
    return _first_to_front(hits, lambda hit: hit.chunk.kind == "statute" and bool(_EXCEPTS.search(hit.chunk.context))
                           and (not whole_section or _section(hit) == _section(hits[0]))
                           and len((_words(hit.chunk.context) & asked) - best) >= 2,
                           stop=None if whole_section else depth, reach=None if whole_section else 0.01) or hits


def _only_adds(clause: str) -> bool:
    """Whether a penalty clause only adds to another's punishment ("shall, in addition to any other
    punishment, be dismissed from office"), stating no fine or prison term of its own."""
    return bool(re.search(r"\bin addition to any other punishment\b", clause, re.I)
                and not re.search(r"\b(fine|fined|imprison\w*)\b", clause, re.I))


def _penalty_for_the_act(question: str, hits: list[Hit], reach: float) -> list[Hit] | None:
    """The hits with the penalty clause that best matches who did what in the question first: "an irs
    employee ... giving out my tax return" is punished where "any officer or employee of the United
    States ... willfully to disclose" is, not where inspecting is. A clause's words are its paragraph's
    and those of the provision it punishes ("Any violation of subsection (a)"); words every candidate
    clause has ("return information") say nothing, nor does an act the question negates ("even if they
    don't share it"). None when no clause stands out or the best one is first already."""
    unnegated = _NEGATED.sub(" ", question)
    asked = _asked_terms(unnegated)
    asked -= _PENALTY_WORDS | _LEGALITY  # what is asked about: not what is asked for, nor that it is unlawful
    acts = _acts(unnegated)
    clauses = [i for i, hit in enumerate(hits)
               if hit.relevance >= hits[0].relevance - reach and _STATES_PENALTY.search(hit.chunk.text)]
    if len(clauses) < 2:
        return None
    located = [(parse_locator(hit.chunk.locator), hit) for hit in hits]
    words = [_provision_words(located[i], located) & asked for i in clauses]
    common = set.intersection(*words)
    # the act first ("looking up a tax file" is inspecting), then the main penalty before a clause that only adds
    # to it ("shall, in addition to any other punishment, be dismissed from office"), unless the question asks
    # about losing a job, then who did it ("an IRS worker")
    job = "dismissed discharged employment" in _implied(question)
    scores = [(len((w - common) & acts), job or not _only_adds(hits[i].chunk.text), len(w - common))
              for i, w in zip(clauses, words, strict=True)]
    best = max(range(len(clauses)), key=lambda k: (scores[k], -k))
    if scores[best] == scores[0] or clauses[best] == 0:
        return None
    return _to_front(hits, clauses[best])


# "is it illegal for ...?", "is that even against the law?", "is it a crime to ...?"
_ASKS_IF_UNLAWFUL = re.compile(r"\b(illegal|unlawful|against the law|a crime|a criminal offense)\b", re.I)


_PROHIBITION_REACH = 3  # how far down a prohibition may rank and still open an "is it illegal?" answer


def sanction_after_prohibition(question: str, hits: list[Hit], sanctions: dict[str, list[Hit]]) -> list[Hit]:
    """For a question whether something is unlawful whose best hit is a statute prohibiting it ("It
    shall be unlawful for any officer ... willfully to inspect"), the hits with the sanction for it
    (`sanctions[chunk_id]`: "Any violation of subsection (a) shall be punishable ...") second, however
    far down it ranked: what makes it a crime is quoted with the rule it enforces. For a question asking the
    penalty for an act that the rule near the top prohibits, that sanction first, then the rule."""
    prohibits = lambda hit: bool(  # noqa: E731
        sanctions.get(hit.chunk.chunk_id) and _PROHIBITS.search(hit.chunk.context)
        and not _STATES_PENALTY.search(hit.chunk.text))
    if hits and _ASKS_PENALTY.search(question) and not _STATES_PENALTY.search(hits[0].chunk.text):
        # "what happens to an irs worker who goes digging through my return?": no penalty clause ranks near
        # the top, but the rule against that act is nearly as relevant, however far down the fusion put it,
        # and its penalty clause answers
        acts = _acts(question)
        i = next((i for i, hit in enumerate(hits) if hit.relevance >= hits[0].relevance - 0.1
                  and prohibits(hit) and acts & _words(hit.chunk.context)), None)
        if i is None:
            return hits
        sanction = sanctions[hits[i].chunk.chunk_id][0]
        rest = [h for h in hits if h is not hits[i] and h.chunk.chunk_id != sanction.chunk.chunk_id]
        return [sanction, hits[i], *rest]
    if not hits or not _ASKS_IF_UNLAWFUL.search(question) or _ASKS_PENALTY.search(question):
        return hits
    if not prohibits(hits[0]):
        # a prohibition ranked just below a passage that prohibits nothing, and as relevant: it answers
        acts = _acts(question)
        moved = next((i for i, hit in enumerate(hits[1:_PROHIBITION_REACH], 1)
                      if prohibits(hit) and (hit.relevance >= hits[0].relevance or (
                          hit.relevance >= hits[0].relevance - 0.1 and acts & _words(hit.chunk.context)))), None)
        if moved is None:
            return hits
        hits = _to_front(hits, moved)
    top = hits[0]
    found = sanctions.get(top.chunk.chunk_id)
    sanction = found[0]  # carrying the prohibition's scores: it is read with it
    return [top, sanction, *[h for h in hits[1:] if h.chunk.chunk_id != sanction.chunk.chunk_id]]


def punished_subsection(text: str) -> str | None:
    """The subsection a penalty clause punishes a violation of: "a" for "Any violation of subsection
    (a) shall be punishable ..."; None for text that is not such a clause."""
    referred = _REFERRED.search(text)
    return referred.group(2) if referred and _STATES_PENALTY.search(text) else None


def penalty_for_another_act(question: str, hits: list[Hit]) -> bool:
    """Whether a question asking the penalty for an act ("for filing my taxes late", "for lying on a
    tax return") finds penalty clauses among the hits, none of which punishes anything it names: the
    penalties for disclosing a return do not answer it. A question citing a provision, or naming no
    act ("What is the penalty?"), is not judged."""
    if not _ASKS_PENALTY.search(question) or parse_legal_refs(question):
        return False
    clauses = [i for i, hit in enumerate(hits) if _STATES_PENALTY.search(hit.chunk.text)]
    if _REENTRY in _implied(question):
        # "prison time for coming back into the us after being deported": the removal it names is what came
        # before the act, and the penalty for failing to depart after one does not punish reentering
        return not any(_REENTERS.search(hits[i].chunk.context) for i in clauses)
    acts = _acts(question)
    if not acts or not clauses:
        return False
    located = [(parse_locator(hit.chunk.locator), hit) for hit in hits]
    shared = {i: len(_provision_words(located[i], located) & acts) for i in clauses}
    if not any(shared.values()):
        return True
    # "the actual dollar amount of the fine for not leaving after a removal order": the clauses punishing
    # most of what it names ("shall be fined under title 18") state none, though other acts' clauses do
    # ("fined not more than $1,000" for failing to comply with a supervision order)
    # ("how much money exactly would the fine be?" asks for dollars too)
    dollars = _answer_type(question)[1] is _HAS_DOLLARS or bool(
        re.search(r"\bhow much\b", question, re.I) and re.search(r"\b(fines?|money)\b", question, re.I))
    most = max(shared.values())
    return dollars and not any(_HAS_DOLLARS(hits[i].chunk.text) for i in clauses if shared[i] == most)


def _acts(question: str) -> set[str]:
    """The words of what a penalty question asks about (and the legal terms its everyday words imply),
    without what it asks for, who did it, or the clauses' own wording."""
    return {w for w in _asked_terms(question) - _PENALTY_WORDS - _LEGALITY - _NOT_ACTS if len(w) > 2 and w.isalpha()}


def _asked_terms(text: str) -> set[str]:
    """The text's words and the legal terms its everyday words imply, as BM25 tokens."""
    asked = set(lexical_tokens(text))
    for terms in _implied(text):
        asked.update(lexical_tokens(terms))
    return asked


def _provision_words(clause: tuple, located: list[tuple]) -> set[str]:
    """The words of a statute clause's paragraph and of the subsection or paragraph it refers to
    ("Any violation of subsection (a)"), as far as the hits hold them; each hit with its parsed
    locator."""
    parsed, clause = clause
    words = set(_words(clause.chunk.context))
    if not parsed:
        return words
    path = parsed[2]
    wanted = [path[:2]]
    for kind, label in _REFERRED.findall(clause.chunk.text):
        wanted.append((label,) if kind.lower() == "subsection" else (*path[:1], label))
    for other, hit in located:
        if other and other[:2] == parsed[:2] and any(other[2][:len(w)] == w for w in wanted if w):
            words.update(_words(hit.chunk.context))
    return words


@lru_cache(maxsize=4096)  # the same passages come up for question after question
def _words(text: str) -> frozenset[str]:
    return frozenset(lexical_tokens(text))


def _plain_words(text: str) -> frozenset[str]:
    """The text's words as written, lower-cased, without stop words or a plural s: unlike stems,
    "legality" is not "legal"."""
    return frozenset(re.sub(r"(?<=[^s])s$", "", w) for w in re.findall(r"[a-z]{3,}", text.lower())
                     if w not in STOPWORDS)


def _first_to_front(hits: list[Hit], passes, start: int = 1, stop: int | None = None,
                    reach: float | None = None) -> list[Hit] | None:
    """The hits with the first of hits[start:stop] that passes (and, given a reach, is at most that
    much less relevant than the best) moved to the front; None when none does."""
    for i in range(start, len(hits) if stop is None else min(stop, len(hits))):
        hit = hits[i]
        if (reach is None or hit.relevance >= hits[0].relevance - reach) and passes(hit):
            return _to_front(hits, i)
    return None


def _to_front(hits: list[Hit], i: int) -> list[Hit]:
    """The hits with hits[i] moved to the front, the others in their order."""
    return [hits[i], *hits[:i], *hits[i + 1:]]


def _section(hit: Hit) -> tuple[str | None, str] | None:
    """The statute section a hit is in ((title, section)), None for reporting."""
    parsed = parse_locator(hit.chunk.locator)
    return parsed[:2] if parsed else None


def is_quotation(text: str) -> bool:
    """A sentence that is all quotation, so does not say whose it is ("“If allowed to stand, ...”")."""
    return bool(_QUOTATION.match(text))


def spoken_before(text: str, verb: str | None = None) -> bool:
    """A sentence whose speaker an earlier sentence names: all quotation, or a quotation that "he
    added", or what "the organization" did that the question asks (`verb`: "What did the NYU Tax Law
    Center warn ...?" is answered by "The organization warned that ...", "... say?" by its statement)."""
    if is_quotation(text):
        return True
    anaphor = _SPOKEN_BY_ANAPHOR.search(text)
    if not anaphor:
        return False
    spoken = (anaphor.group("verb") or anaphor.group("verb2") or "").lower()
    return bool(_QUOTE_MARK.search(text)) or bool(verb and spoken.startswith(verb.lower()[:4]))


# "Todd Lyons, acting director of ICE, defended the partnership at the Border Security Expo on Tuesday.":
# that someone spoke, without what they said
_SPOKE = re.compile(r"\b(defended|defends|argued|argues|spoke|testified|explained|warned|criticized|insisted|"
                    r"responded|addressed|touted)\b", re.I)
# "In addition, she ruled ...": a sentence that adds to what the one before says someone ruled or said
_ADDS = re.compile(r"^(In addition|Additionally|Also|Further(more)?|Moreover),?\s+(she|he|they|the (court|judge))\s+"
                   r"(also\s+)?(ruled|held|found|concluded|determined|said|noted|added|wrote|argued)\b")


_CHECKS_WHETHER = re.compile(r"\b(check|checks|verify|verifies|determine|determines|review|reviews) whether\b", re.I)
_OUTCOME = re.compile(r"\s*If\b")


def goes_on(frame: str, following: str) -> bool:
    """Whether `following`, the next sentence of a paragraph, says what `frame` reports someone said
    or ruled, or what follows the check it reports: the words of a person it says spoke without saying
    what ("Todd Lyons ... defended the partnership at the Border Security Expo." then "... 'strictly for
    the major criminal cases,' Lyons said"), more of a ruling ("The judge determined that ..." then "In
    addition, she ruled ..."), or the outcomes of a check ("the IRS will check whether ..." then "If
    there is no match, ...")."""
    if _ADDS.match(following):
        return bool(_RULED(frame) or _SPEECH.search(frame))
    if _CHECKS_WHETHER.search(frame) and _OUTCOME.match(following):
        return True  # what follows each outcome of a check ("will check whether ..." then "If there is no match")
    if _QUOTE_MARK.search(frame) or not _SPOKE.search(frame) or not _QUOTE_MARK.search(following):
        return False
    speakers = [m.group(0).split()[-1] for m in _CAPITALISED.finditer(frame) if has_person_name(m.group(0))]
    said = r"(said|says|added|argued|wrote|told|noted|explained|warned)"
    return any(re.search(rf"\b({re.escape(name)}|he|she)\s+{said}\b|\b{said}\s+{re.escape(name)}\b", following)
               for name in speakers)


def names_a_speaker(text: str) -> bool:
    """Whether the text says that someone spoke ("..., attorney Nandan Joshi said about the deal.")."""
    return bool(_SPEECH.search(text))


def _said(hit: Hit) -> str:
    """The hit's text, with the sentence before it for a quotation: that sentence says whose it is."""
    return hit.chunk.context if is_quotation(hit.chunk.text) else hit.chunk.text


def asks_about_events(question: str) -> bool:
    """Whether the question asks for a person, a date, a name, a ruling or what someone said: what
    reporting says and law does not (an amount or a number of years, the law states)."""
    if _speaker_words(question):
        return True
    answers = _answer_type(question)[1]
    return answers is not None and answers not in (*_ANY_NUMBER, _HAS_DOLLARS) and not (
        isinstance(answers, partial) and answers.func is _has_span_of)


def typed_source_first(question: str, hits: list[Hit], corroborating: dict) -> tuple[list[Hit], dict]:
    """A statement whose best source lacks the asked-for name, date or ruling, while another source
    of the same statement has it, is quoted from that one: "When was the agreement signed?" is
    answered by "The deal, signed Monday by ...", not by "... signed the agreement." Returns the hits
    and the corroborating sources, each statement's quoted source swapped with the one it replaces."""
    if (test := _picking_test(question)) is None:
        return hits, corroborating
    hits, corroborating = list(hits), dict(corroborating)
    for i, hit in enumerate(hits):
        same = corroborating.get(hit.chunk.chunk_id, [])
        if not same or test(hit.chunk.text):
            continue
        for other in same:
            if test(other.chunk.text):
                hits[i] = other
                corroborating[other.chunk.chunk_id] = [hit, *(h for h in same if h is not other)]
                break
    return hits, corroborating
