"""Query expansion: everyday words a person types -> the words statutes and court filings use.

Lexical retrieval only matches words that occur in the text; a lay question about someone who
"leaked my tax info" must still find "unauthorized disclosure of return information"."""

from __future__ import annotations

import re

LAY_TO_LEGAL: dict[str, str] = {
    # giving someone a return is disclosing it; giving permission is consenting (below)
    r"leak(s|ed|ing)?|(gave|giv(e|es|ing|en))( out)?(?!\s+(\w+\s+)?(permission|consent))|hand(s|ed)? over|"
    r"turn(s|ed)? over|share[sd]?|sharing|pass(es|ed)? on|blab(s|bed|bing)?|spill(s|ed|ing)?|"
    r"hand(s|ed|ing)? (my|his|her|their|your|our|the|a|someone'?s|somebody'?s|people'?s) (\w+ ){0,3}?to|"
    # selling a return is disclosing it (buying one is offering value for it, below); so is gossiping about it
    r"sell(s|ing)?|sold|gossip(s|ed|ing)?|(told|tell(s|ing)?) (people|others|everyone|everybody|friends|"
    r"the neighbors|coworkers)|"
    r"reveal(s|ed|ing)?|tip(s|ped|ping)? off|rat(s|ted|ting)? (\w+ )?out|snitch(es|ed|ing)?": "disclose disclosure",
    r"wrong(ly|ful|fully)?|illegal(ly)?|unlawful(ly)?|improper(ly)?|without permission": "unauthorized unlawful",
    r"snoop(s|ed|ing)?|peek(s|ed|ing)?|look(s|ed|ing)? (at|through|up)|brows(e|es|ed|ing)|"
    r"(pok|nos)(e|es|ed|ing) around|(go|goes|going|went|gone) through|(dig|digs|digging|dug) (through|into)":
        "inspect inspection",
    # looking at a return out of curiosity, telling no one, is the law's willful inspection (browsing)
    r"curiosity|curious|nos[e]?y|for (no reason|fun)|(have|has|had|with) no (good |real )?reason|"
    r"((does|do|did)(n[o'’]?t| not)|never) tell any(one|body)":
        "willfully inspect",
    r"sue[sd]?|suing|lawsuit|take (them|it|the \w+) to court": "civil action damages",
    r"deadline|time limit|how long do i have|too late": "period limitations within years after discovery",
    r"money|compensation|paid|payout|how much could i get": "damages",
    r"on purpose|intentional(ly)?|deliberate(ly)?|knowingly": "willfully willful",
    # a disclosure by mistake is the law's "good faith, but erroneous, interpretation"
    r"(honest |innocent )?mistakes?|mistaken(ly)?|by accident|accident(al|ally)|inadvertent(ly)?|"
    r"misread(s|ing)?|misinterpret(s|ed|ing|ation)?|misunderst(ood|and|ands|anding)|honest(ly)? (but )?wrong":
        "good faith erroneous",
    r"deport(ed|ation|ations|ing)?|kick(ed)? out|sen[dt] back": "removal removed depart",
    # "after a judge orders you out" is a final order of removal, not a court order to disclose
    r"order(s|ed)? (you|me|them|him|her|someone|people) (out|to leave|removed|deported)": "final order of removal",
    r"stay(s|ed|ing)? (in the country|here)|not leav(e|ing)|refus(e|es|ed|ing) to leave|overstay(s|ed|ing)?|"
    r"never (left|leave|leaves)|(did|does|has|have)(n[o'’]?t| not) (left|leave)|still (here|in the country)":
        "fails to depart removal",
    r"jail|prison|locked up|behind bars": "imprisonment imprisoned",
    # coming back after a removal is reentering, an act of its own: the penalty for failing to depart is not its
    r"(come|comes|coming|came|get|gets|getting|got|sneak(s|ed|ing)?|snuck) back (in|into|to)( the)? "
    r"(us|u\.?s\.?|united states|country|states)|re-?ent(er|ers|ered|ering|ry)": "reentry reenter",
    # "the maximum fine" is a penalty; "is it fine to ..." is not
    r"punish(ed|ment)?|penalt(y|ies)|consequences|in (\w+ )?trouble|get caught|"
    r"worst (that )?(\w+ )?(can|could|would) happen|"
    r"(the|a|any|maximum|max|minimum|biggest|largest|highest) fines?|what (kind|kinds|sort) of (trouble|punishment)":
        "penalty fined imprisoned felony",
    # "What happens to an IRS employee who leaks ...?" asks for the consequence, as "punishment" does
    r"what (actually |really )?(happens|will happen|would happen|could happen) to ([\w'’-]+ ){0,6}?(who|if)|"
    r"nothing (happens|will happen|would happen) to|get(s|ting)? away with|"
    r"what (could|can|would|will) (actually |really )?happen to (him|her|them)": "penalty fined imprisoned felony",
    r"fired|lose (his|her|their) job|lose (the|a) job": "dismissed discharged employment",
    r"tax (records?|info|information|data|files?|details|returns?|forms?|stuff)|my taxes":
        "return information returns taxpayer",
    r"private|privacy|secret|confidential(ity)?": "confidential confidentiality",
    r"scared|afraid|frightened|fearful|worried|nervous": "fear",
    r"fewer|decreas(e|es|ed|ing)|go(es|ing)? down|went down|drop(s|ped|ping)? off": "decline discourage",
    r"(does|do|did|wo) ?n[o'’]?t match|not (the same|a match|matching)|mismatch(es|ed)?|different (address|name)":
        "no match",
    r"judge|court order|warrant": "court order ex parte",
    r"immigrants?|migrants?|undocumented|noncitizens?|foreigners?|without papers": "alien immigrants undocumented",
    r"\bice\b|immigration enforcement": "Immigration Customs Enforcement",
    r"\birs\b|tax agency": "Internal Revenue Service",
    r"\bdhs\b": "Homeland Security",
    r"police|cops|law enforcement": "law enforcement agency",
    r"crime|criminal|illegal": "criminal offense violation",
    # "is that against the law?" asks whether the act is unlawful
    r"against the law|break(s|ing)? the law|law.?breaking": "unlawful violation",
    r"signatures?|signed|sign(s|ing)?|put (their|his|her) names? (on|to)": "signed",
    r"government (workers?|employees?|officials?)|federal (workers?|employees?)|"
    r"irs (workers?|employe(e|es|s)?|agents?)|"
    r"(someone|somebody|people|anyone|anybody) ((at|from|in)|(working|who works) (at|for)) the irs":
        "officer employee United States",
    r"ask(s|ed|ing)? for|request(s|ed|ing)?": "request",
    r"rules?|requirements?|conditions?|what must": "requirements",
    r"\bai\b|artificial intelligence|machine.learning|automated (analysis|tools?|systems?)|algorithms?":
        "artificial intelligence",
    r"info": "information",
    r"income|earnings|wages|salary|how much i (make|earn)": "income receipts",
    r"social security numbers?|\bssns?\b|\bitins?\b": "taxpayer identification number",
    r"statute of limitations": "period limitations",
    r"lawyer'?s? fees|attorney'?s? fees|legal fees": "costs attorneys fees",
    r"spy(ing)?|surveil(lance)?|watch(ing)?": "inspect",
    r"used against": "proceeding investigation",
    r"let (me|you|him|her|them|us|the taxpayer) know|tell(s)? (me|you|him|her|them|us)|"
    r"(be|get|gets|am|are|is) (told|informed|warned)": "notify notice",
    r"appeal(s|ed)?": "appealed Circuit",
    r"(file[sd]?|filing) ((our|my|their|the) )?((taxes|tax returns?|returns?) )?(together|jointly)|"
    r"(file[sd]?|filing) a joint return|joint(ly)? (returns?|filing|filed)|married filing jointly":
        "return filed jointly",
    # someone at risk of being hurt, not a case that might "hurt" ("will paying taxes hurt my case")
    r"(get|gets|got|getting|be|being) (hurt|killed|injured|harmed|attacked)|(hurt|kill|injure|harm|attack)s? "
    r"(someone|somebody|anyone|anybody|people|a person|others)|in danger|life.threatening|emergency":
        "imminent danger death physical injury",
    # data sent to an agency is data the reporting says was turned over, handed over or transferred
    r"(sent|send|sends|sending)(?! back)(?= (\w+ ){0,5}(info|information|data|records?|returns?|addresses)\b)":
        "disclose turned handed transferred",
    # a copy of a return is the law's reproduction of it, furnished to whoever may inspect it
    r"cop(y|ies)": "reproduction furnished inspection",
    # putting a return online is the law's printing or publishing it
    r"post(s|ed|ing)? (\w+ ){0,2}(online|on the internet|on social media|on facebook|on twitter|on x)|"
    r"put(s|ting)? (\w+ ){0,2}(online|on the internet|on social media)": "print publish",
    # an agent who comes asking questions is working a case: what they may say to get answers is the law's
    # disclosure "for investigative purposes", "in connection with his official duties"
    r"(agent|officer|auditor|investigator)s? (\w+ ){0,2}?(came|come|comes|showed up|stopped by|visited|called|"
    r"asked|asking|questioned)": "investigative official duties",
    # fighting a removal order in court is taking "proper steps for the purpose of securing cancellation of or
    # exemption from such order"
    r"(fight|fights|fighting|contest|contests|contesting|challenge|challenges|challenging|appealing) (it|the order|"
    r"(his|her|my|their|the) (deportation|removal)( order)?|the (deportation|case))":
        "proper steps securing cancellation exemption",
    # the court papers' abbreviations, written out as reporting writes them
    r"\btros?\b": "temporary restraining order",
    r"\bpoa\b": "power of attorney",
    # someone held in a prison: the law lets the IRS tell "the Federal Bureau of Prisons and ... any State
    # agency charged with the administration of prisons" (the place, not a sentence to it; see false_friends)
    r"(state|federal|county) prisons?|(with|to) the prisons?|prison (officials|staff|system|authorities)":
        "Bureau of Prisons State agency administration prisons",
    # a loophole in the law is one of its exceptions
    r"loop ?holes?|work ?arounds?|get around": "exception exemption",
    # a parent who died is the law's decedent, and the family are heirs and next of kin
    r"passed away|died|dead|deceased|late (father|mother|dad|mom|husband|wife|parents?)":
        "decedent heir next of kin estate",
    # a name "in the news" is disclosed to the law's "press and other media"
    r"(in|on|to) the news|newspapers?|on (tv|television|the radio)|(in|to) the papers?|reporters": "press media",
    # a state's tax office is the law's "State agency, body, or commission ... charged ... with responsibility
    # for the administration of State tax laws"
    r"states?(['’]s)? (tax |revenue )?(office|agency|agencies|department|board|officials?|authorities|government)":
        "State agency body commission administration",
    # a joint filer's tax bill is § 6103(e)(8)'s deficiency on a joint return, and whether the IRS tried to
    # collect it from the other filer is whether it "has attempted to collect such deficiency from such
    # other individual"
    r"owe[sd]? (\w+ )?(money|taxes|back taxes|more|extra)|back taxes|tax (bill|debt)": "deficiency assessed",
    r"collect(ed|ing)? (\w+ ){0,2}?from|get (the |that )?money from|(go(es|ing)?|gone|went|come|coming|came) after "
    r"(him|her|them|my ex|my (ex-?)?(husband|wife|spouse|partner))|"
    r"how much ([\w'’]+ ){0,2}?collected": "attempted collect deficiency",
    # someone who cannot manage their own affairs is the law's "legally incompetent", and whoever acts for
    # them the "committee, trustee, or guardian of his estate"
    r"dementia|alzheimer'?s|incompetent|incapacitated|guardian(ship)?|conservator(ship)?":
        "legally incompetent committee trustee guardian",
    # a taxpayer letting the IRS share their own return is the law's "consent" and "designate"
    r"(give|giving|gave|grant|granting) (\w+ ){0,2}permission|my (consent|permission)|(its|it's|it is) ok(ay)?|"
    r"if i say so|with my (ok|okay|permission)|on my behalf|"
    # "can i let my sister see my tax return and deal with the irs for me"
    r"let (my|a|an|the|someone|somebody|anyone|anybody|his|her) (?!(tax|taxes|info|information|returns?|data|records?|"
    r"files?|stuff|details)\b)(\w+ ){0,2}?(see|look at|have|handle|read|get|receive|access|talk|speak|deal)|"
    r"(deal|talk|speak) (with|to) (the irs|the tax agency|them)( [\w'’]+){0,5}? for (me|him|her|us)|"
    r"let (me|us) (talk|deal|speak) (to|with) (them|the irs)":
        "consent designate",
    # buying a return is offering "any item of material value in exchange for" it
    r"buy(s|ing)?|bought|bribe(s|d|ry)?|(cash|money) (\w+ ){0,3}?(for|in exchange)|"
    r"pa(y|ys|id|ying) (somebody|someone|anybody|anyone|a person|an? \w+|them|him|her) to (get|give|find|pull|look up|"
    r"hand|send)|pa(y|ys|id|ying) (somebody|someone|anybody|anyone|an? \w+) at the irs\b":
        "offer material value exchange",
}
# tax and immigration subjects a question names ("can i get the earned income credit with an itin?"): a
# corpus that never names one cannot answer a question about it, however close its other words come.
# Each pattern also matches the ways a corpus would write the subject.
TERMS_OF_ART = [
    r"child tax credits?|\bctc\b",
    r"earned income (tax )?credits?|\beitc\b",
    r"standard deductions?|itemi[sz]ed deductions?",
    r"tax brackets?|capital gains?",
    r"garnish(es|ed|ing|ment|ments)?",
    r"tax liens?",
    r"payment plans?|installment agreements?|offers? in compromise",
    r"amended (tax )?returns?",
    r"self.employment tax(es)?",
    r"green cards?|permanent residen(ts?|ce|cy)",
    r"citizenship|naturali[sz](e|es|ed|ing|ation)",
    r"asylum|asylees?",
    r"work permits?|employment authori[sz]ation",
    r"\bdaca\b|dreamers?|deferred action",
    r"\btps\b|temporary protected status",
    r"voluntary departure",
    r"bond hearings?|\bbail\b|immigration bonds?",
    r"\buscis\b|citizenship and immigration services",
    r"\bdmv\b|driver'?s?[’']?s? licen[cs]es?|motor vehicles?",
    r"food stamps?",
    r"medicaid|medicare",
    r"unemployment (benefits|insurance)",
    r"(tax filing|tax|filing) deadlines?|deadlines? (to|for) (file|filing)|due dates?|tax day|"
    r"(taxes|tax returns?|returns?) ((are|is) )?(actually |now )?due",
]
_TERMS_OF_ART = [re.compile(rf"\b(?:{pattern})\b", re.I) for pattern in TERMS_OF_ART]


def terms_of_art(question: str) -> list[tuple[str, re.Pattern]]:
    """The subjects of TERMS_OF_ART the question names: each as written, with the pattern that finds it
    in any wording."""
    return [(m.group(0), pattern) for pattern in _TERMS_OF_ART if (m := pattern.search(question))]


# everyday words the corpus uses in another sense: the legal terms they imply replace them rather
# than add to them ("years in prison" is "imprisoned"; the statutes' "prisons" are the Bureau's)
_FALSE_FRIENDS = re.compile(r"\b(?:prisons?)\b", re.I)
# ... and "is that illegal?" asks whether it is unlawful: the reporting's "illegal" is its "illegal immigrants"
_ILLEGAL_AS_UNLAWFUL = re.compile(r"\b(?:is|isn[’']?t|be|was|it[’']?s|its|that[’']?s|thats)\s+(?:(?:that|it|this|even|"
                                  r"actually|really|also|just|not)\s+){0,3}(illegal)\b", re.I)
_PATTERNS = [(re.compile(rf"\b(?:{pattern})\b", re.I), terms) for pattern, terms in LAY_TO_LEGAL.items()]


def expansions(question: str) -> list[tuple[tuple[str, ...], str]]:
    """For each kind of everyday wording the question uses: the words it used and the legal terms
    they imply, e.g. (('sue',), 'civil action damages')."""
    found = []
    for pattern, terms in _PATTERNS:
        if used := tuple(m.group(0) for m in pattern.finditer(question)):
            found.append((used, terms))
    return found


def expanded_spans(question: str) -> list[tuple[int, int]]:
    """Where the question uses words that the expansion translates."""
    return [m.span() for pattern, _ in _PATTERNS for m in pattern.finditer(question)]


_PRISON_AS_A_PLACE = re.compile(r"\b(state|federal|county) prisons?\b|\b(with|to) the prisons?\b|"
                                r"\bprison (officials|staff|system|authorities)\b", re.I)


def false_friends(question: str) -> list[str]:
    """The everyday words in the question that the corpus uses in another sense ("years in prison"),
    unless the question uses them in the corpus's sense too ("share it with the state prison")."""
    found = [] if _PRISON_AS_A_PLACE.search(question) else _FALSE_FRIENDS.findall(question)
    return found + _ILLEGAL_AS_UNLAWFUL.findall(question)
