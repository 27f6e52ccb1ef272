"""Extractive answers: merging the same statement, citation formatting, abstention, the answer object."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from types import SimpleNamespace

import pytest

from rag.answer import (
    ABSTAIN_TEXT,
    RELATED_TEXT,
    Answer,
    AnswerSentence,
    Citation,
    compose_answer,
    format_citation,
    pin_cite,
    same_statement,
    says_something,
    should_abstain,
    terminal_safe,
)
from rag.answer_types import (
    asks_how_a_court_ruled,
    asks_what_someone_said,
    exception_first,
    goes_on,
    has_person_name,
    missing_answer_type,
    penalty_for_another_act,
    punished_subsection,
    sanction_after_prohibition,
    typed_answer_first,
    typed_source_first,
)
from rag.chunking import Chunk, chunk_id
from rag.corpus import Document
from rag.retrieval import Hit
from rag.spans import adjacent_runs, common_locator

# The keys of docs/interfaces.md, and the extra keys this implementation adds (allowed by the contract:
# "Keys not listed here may be added"). A new key must be added here on purpose.
ANSWER_KEYS = {"question", "answer", "abstained", "citations", "timing_ms"}
ANSWER_EXTRAS = {"sentences"}
CITATION_KEYS = {"n", "doc_id", "title", "kind", "locator", "source", "start", "end", "quote", "score",
                 "relevance"}
CITATION_EXTRAS = {"publisher", "author", "date", "quoted", "parts"}

SPOKESPERSON = ("“The bases for this (memorandum of understanding) are founded in longstanding authorities granted by "
                "Congress, which serve to protect the privacy of law-abiding Americans while streamlining the ability "
                "to pursue criminals,” a Treasury spokesperson said in a statement to CNN.")
SPOKESPERSON_2 = ('"The bases for this (memorandum of understanding) are founded in longstanding authorities '
                  'granted by Congress, which serve to protect the privacy of law-abiding Americans while '
                  'streamlining the ability to pursue criminals," a Treasury spokesperson stated.')
SPOKESPERSON_PARAPHRASED = ("“The bases for this MOU are based in longstanding authorities granted by Congress, which "
                            "serve to guard the privateness of law-abiding People whereas streamlining the power to "
                            "pursue criminals,” the spokesperson added.")


def make_hit(text, doc_id="doc", *, kind="article", relevance=0.8, locator=None, cited=False, start=0,
             title=None) -> Hit:
    source = f"corpus/{kind}s/{doc_id}.txt"
    chunk = Chunk(chunk_id(source, start, start + len(text), text), doc_id, source, start, start + len(text), text,
                  locator, text, kind, title or doc_id.title(), 0)
    return Hit(chunk, score=relevance, relevance=relevance, dense=relevance, lexical=0.0, cited=cited)


def statute_hit(text, locator, relevance, context=None, cited=False, doc_id="26-usc-6103") -> Hit:
    """A statute passage read with its lead-in or headings (`context`, the text itself by default)."""
    hit = make_hit(text, doc_id, kind="statute", locator=locator, relevance=relevance, cited=cited)
    return replace(hit, chunk=replace(hit.chunk, context=context or text))


# ------------------------------------------------------------------ same statement

def test_same_statement_across_outlets():
    assert same_statement(SPOKESPERSON, SPOKESPERSON_2)
    assert same_statement(SPOKESPERSON_2, SPOKESPERSON)
    # a quote embedded in a longer passage is still the same statement
    assert same_statement(SPOKESPERSON_2, "The IRS agreed on Monday. " + SPOKESPERSON)
    # the machine-paraphrased copy still counts as the same statement (then the original wording is quoted)
    assert same_statement(SPOKESPERSON, SPOKESPERSON_PARAPHRASED)


def test_different_statements_are_not_merged():
    assert not same_statement(SPOKESPERSON, "Treasury Secretary Scott Bessent and Homeland Security Secretary "
                                            "Kristi Noem signed the agreement.")
    assert not same_statement("The IRS agreed to share addresses with ICE on Monday evening.",
                              "The court allowed the agreement between ICE and the IRS to take effect.")
    assert not same_statement("", SPOKESPERSON)
    assert not same_statement("IRS signed it.", "IRS signed it.")  # too short to call it a statement


def test_a_paraphrased_quote_says_what_its_odd_words_stand_for():
    text = "Migrants paid $25.7 billion in Social Safety taxes, in response to the Bipartisan Coverage Middle."
    hit = make_hit(text, "copy")
    copy = Document("copy", hit.chunk.source, "article", "Copy", text, paraphrased=True, glossary=(
        ("Bipartisan Coverage Middle", "Bipartisan Policy Center"), ("in response to", "according to"),
        ("Social Safety", "Social Security"), ("Safety", "Security"), ("courtroom", "court")))
    answer = compose_answer("how much do they pay into social security", [hit], documents={"copy": copy},
                            abstain_below=0.3)
    # in the order they appear, the longest phrase only, none the quote lacks
    assert answer.answer == (f"{text} (from a machine-paraphrased copy of a news report; the wording is not the "
                             "original's; “Social Safety” is Social Security; “in response to” is according to; "
                             "“Bipartisan Coverage Middle” is Bipartisan Policy Center) [1]")
    assert answer.citations[0].quote == text  # the file's words are quoted


# ------------------------------------------------------------------ citation formatting

def test_format_citation_of_a_statute_uses_the_pin_cite():
    citation = {"locator": "26 U.S.C. § 6103(i)(2)(C)", "title": "26 U.S.C. § 6103 - Confidentiality",
                "quote": "For purposes of this paragraph, a taxpayer’s identity shall not be\ntreated as taxpayer "
                         "return   information."}
    assert format_citation(citation) == ('26 U.S.C. § 6103(i)(2)(C) ("For purposes of this paragraph, a taxpayer’s '
                                         'identity shall not be treated as taxpayer return information.")')


def test_format_citation_of_an_article_uses_title_publisher_and_date():
    citation = {"locator": None, "title": "DHS and IRS finalize agreement", "publisher": "CNN", "date": "2025-04-08",
                "doc_id": "cnn", "quote": "Treasury Secretary Scott Bessent signed it."}
    assert format_citation(citation) == ('DHS and IRS finalize agreement, CNN, 2025-04-08 '
                                         '("Treasury Secretary Scott Bessent signed it.")')
    unknown_outlet = {**citation, "publisher": None, "date": None}
    assert format_citation(unknown_outlet) == ('DHS and IRS finalize agreement '
                                               '("Treasury Secretary Scott Bessent signed it.")')
    assert format_citation({**unknown_outlet, "title": None}) == 'cnn ("Treasury Secretary Scott Bessent signed it.")'


# ------------------------------------------------------------------ answer types

@pytest.mark.parametrize("question, passages, missing", [
    ("How much is the fine?", ["a fine in any amount not exceeding $5,000"], False),
    ("How much is the fine?", ["the offender shall be dismissed from office"], True),
    ("How many immigrants pay taxes?", ["two million immigrants pay taxes"], False),
    # a year is not an amount: a passage dated 2018 does not say what something costs
    ("How much does it cost to apply for an ITIN?", ["the Bipartisan Policy Center said in 2018."], True),
    ("How much did they pay in 2023?", ["They paid $96.7 billion in taxes in 2023."], False),
    ("How many people were named?", ["ICE sought addresses for 7,000 people."], False),
    # a number the question states is not the count it asks for
    ("How many of the 15 pages are redacted?", ["Parts of the 15-page memorandum are redacted."], True),
    ("How many of the 15 pages are redacted?", ["Four of the 15 pages are redacted."], False),
    ("How many of the 15 pages are redacted?", ["Parts of the 15-page memorandum, 12 pages, are redacted."], False),
    ("The $80 billion boost was later cut. Cut to how much?", ["the now-reduced $80 billion boost"], True),
    ("The $80 billion boost was later cut. Cut to how much?", ["the $80 billion boost, cut to $60 billion"], False),
    ("How long after the 90-day period can they be charged?", ["within 90 days of the final order"], False),
    ("When was the agreement signed?", ["The deal was signed Monday."], False),
    ("When was the agreement signed?", ["The deal was signed by the Secretary."], True),
    ("How long do I have to sue?", ["within 2 years after the date of discovery"], False),
    ("Who signed the agreement?", ["Treasury Secretary Scott Bessent and Homeland Security Secretary Kristi Noem "
                                   "signed the agreement."], False),
    ("Who signed the agreement?", ["the agreement was signed on monday."], True),
    ("What is the name of the judge?", ["a federal judge allowed it"], True),
    ("What is the name of the judge?", ["Judge Dabney Friedrich allowed it"], False),
    ("What is the name of the judge who allowed it?", ["On May 12, 2025, a federal district court allowed it"], True),
    # four words may stand before the office
    ("What is the name of the senior IRS privacy official who swore it?",
     ["A senior IRS privacy official has said in sworn affidavits that no data was shared."], True),
    ("Name the lawyer who sued.", ["Public Citizen sued on behalf of the First Circuit plaintiffs"], True),
    ("Name the lawyer who sued.", ["Nandan Joshi, a lawyer at Public Citizen, sued"], False),
    ("Name the groups that sued.", ["Public Citizen sued"], False),  # asks for organisations, not people
    # which judge: the court is not the judge
    ("Which judge ruled on the lawsuit?", ["The district court judge heard arguments in mid-April."], True),
    ("Which federal judge ruled on the lawsuit?", ["U.S. District Judge Dabney Friedrich ruled."], False),
    # statutes say who may act by office or role
    ("Who can request return information?", ["upon receipt of a request from the head of any Federal agency"], False),
    ("Who can see my return?", ["to officers and employees of such agency"], False),
    ("Who can see my return?", ["if the request is in writing and sets forth the reason"], True),
    ("On what date does the agreement expire?", ["The agreement was signed by the Secretary."], True),
    ("On what date does the agreement expire?", ["The agreement expires on June 30, 2026."], False),
    ("How did the appeals court rule?", ["The plaintiffs appealed the decision to the First Circuit."], True),
    ("How did the district court rule on the motion?", ["The district court rejected their arguments."], False),
    # a higher court's ruling: the trial court's does not answer it
    ("How did the First Circuit rule on the appeal?", ["A federal district court allowed the agreement.",
                                                       "The plaintiffs appealed to the First Circuit."], True),
    ("What did the appeals court decide?", ["A judge denied the injunction."], True),
    ("Has the First Circuit issued a ruling on the appeal?", ["The plaintiffs appealed to the First Circuit."], True),
    ("how did the first circuit end up ruling on the appeal",
     ["A federal district court allowed the agreement.", "The plaintiffs appealed to the First Circuit."], True),
    ("Did the First Circuit end up upholding or reversing the decision?",
     ["A federal district court allowed the agreement.", "The plaintiffs appealed to the First Circuit."], True),
    ("What did the First Circuit decide?", ["The First Circuit affirmed the ruling in June."], False),
    ("what did the first circuit end up deciding on the appeal?", ["The plaintiffs appealed to the First Circuit."],
     True),
    # the court named in full
    ("What did the First Circuit Court of Appeals decide on the appeal?",
     ["The plaintiffs appealed the decision to the First Circuit Court of Appeals."], True),
    ("Did the Court of Appeals block the agreement?",
     ["The plaintiffs appealed the decision to the First Circuit Court of Appeals."], True),
    ("What did the First Circuit Court of Appeals decide?", ["The First Circuit affirmed the ruling in June."], False),
    # a higher court's ruling on something else does not say how it ruled on what is asked
    ("What did the Supreme Court hold about the legality of the IRS-ICE memorandum?",
     ["The agreement follows a Supreme Court ruling that expanded Trump's authority to expedite deportations "
      "using legal frameworks."], True),
    ("What did the Supreme Court rule about the IRS-ICE agreement?",
     ["The Supreme Court ruled that the IRS-ICE agreement may stand."], False),
    ("How did the Supreme Court rule?", ["The Supreme Court declined to hear the case."], False),
    ("What did the judge decide?", ["The judge determined that the guidance was not binding."], False),
    # what could be determined later is not a ruling
    ("What did the judge rule?", ["The judge heard arguments so that its legality could be determined."], True),
    ("What is the case name of the lawsuit?", ["Immigrant rights groups filed a lawsuit last month."], True),
    ("What is the name of the case?", ["The suit, Centro de Trabajadores Unidos v. Bessent, was filed."], False),
    ("What was the lawsuit called?", ["In Doe v. United States, the court held ..."], False),
    # a resignation the question asks about must be mentioned
    ("Did the IRS commissioner resign over the deal?", ["The IRS commissioner defended the deal."], True),
    ("did the head of the irs quit because of this?", ["The acting commissioner stepped down in April."], False),
    ("Should I quit filing my taxes?", ["Immigrants are urged to file taxes."], False),
    # leaving an office is a departure; leaving the country is not
    ("Why did the IRS commissioner leave?", ["The commissioner defended the deal, failing to leave the country."],
     True),
    ("Why did the IRS commissioner leave?", ["The acting commissioner left her post in April."], False),
    ("When did the head of the IRS depart?", ["Billy Long was ousted in August."], False),
    ("Can ICE make people leave the country?", ["nothing about departures"], False),
    ("Can an employee who leaks my return get fired?", ["he shall be dismissed from office"], False),
    # a vote the question asks about must be mentioned; voter rolls are not a vote
    ("What was the vote in Congress on the agreement?", ["Congress granted longstanding authorities."], True),
    ("How did the Senate vote on the deal?", ["The Senate voted 52-48 to block it."], False),
    ("Will the data be used to clean voter rolls?", ["The data will help clean voter rolls."], False),
    # how to apply for something: a passage about what it is does not say
    ("how do i apply for an itin, what documents do i need", ["They use ITINs to file taxes."], True),
    ("How much does it cost to apply for an ITIN?", ["ITINs are issued by the IRS."], True),
    ("How do I apply for an ITIN?", ["You apply for an ITIN on Form W-7 at a tax office."], False),
    ("How can an agency apply for an order?",
     ["The agency may authorize an application to a federal district court judge for an order."], False),
    ("Can ICE apply for a court order to get my tax data?", ["The data is shared on request."], False),
    # when an agreement ends: the date it began does not say
    ("When does the agreement expire?", ["On May 12, 2025, a federal district court allowed the agreement."], True),
    ("When does the agreement expire?", ["The agreement expires on May 12, 2027."], False),
    ("How do I renew an ITIN?", ["They use ITINs to file taxes."], True),
    # which country: a country's name, not "a foreign country", an office or a sentence's first word
    ("Which countries are the immigrants from?", ["The Secretary of State shall act when a foreign country "
                                                  "denies the alien. Immigrant communities fear the IRS."], True),
    ("Which countries are the immigrants from?", ["Most come from Mexico and Guatemala."], False),
    ("What nationality are most ITIN filers?", ["Most filers are Guatemalan, the report said."], False),
    # who holds an office: the office alone does not answer (an unnamed spokesperson does)
    ("Who is the current IRS Commissioner?", ["the Commissioner of Social Security shall disclose"], True),
    ("Who is the current IRS Commissioner?", ["Acting Commissioner Melanie Krause resigned."], False),
    ("Who is the current IRS Commissioner?", ["The Commissioner of Social Security shall disclose filing status "
                                              "to the Secretary, said Todd Lyons."], True),
    ("Who is the head of ICE?", ["Todd Lyons, the head of ICE, defended it."], False),
    # whoever leads an agency heads it, whatever the office is called
    ("Who is the acting head of ICE?", ["Todd Lyons, acting director of ICE, defended it."], False),
    ("Who is the acting head of ICE?", ["The acting director of ICE defended the deal at an expo."], True),
    # the office the question names is where the answer names its holder
    ("Who is the Homeland Security Secretary?", ["Homeland Security Secretary Kristi Noem signed it."], False),
    ("Who is the spokesperson who defended it?", ["A Treasury spokesperson defended it."], False),
    # a name the question states is not the name it asks for
    ("Which Public Citizen lawyer sued?", ["Public Citizen sued."], True),
    ("Which Public Citizen lawyer sued?", ["Nandan Joshi of Public Citizen sued."], False),
    ("Name the organizations that Public Citizen represents.", ["Public Citizen represents immigrant groups."], True),
    ("Name the organizations that Public Citizen represents.",
     ["Public Citizen represents Centro de Trabajadores Unidos."], False),
    # a sum in dollars: a title number is not one
    ("What is the maximum dollar fine?", ["shall be fined under title 18"], True),
    ("What is the maximum dollar fine?", ["a fine in any amount not exceeding $5,000"], False),
    ("Roughly how many ITIN returns are filed each year?", ["Many immigrants file with ITINs."], True),
    ("Roughly how many ITIN returns are filed each year?", ["About 4 million returns are filed with ITINs."], False),
    # a count: a sum of money counts no people
    ("How many undocumented immigrants pay taxes?", ["they pay billions of dollars in taxes each year"], True),
    ("How many undocumented immigrants pay taxes?", ["they pay $96.7 billion in taxes"], True),
    ("How many people would it cost?", ["it would cost a million dollars"], True),
    ("How many undocumented immigrants pay taxes?", ["millions of immigrants pay $96.7 billion in taxes"], False),
    ("How many people did ICE ask about?", ["ICE sought home addresses for 700,000 people"], False),
    # a count of people counts people: a section's numbers and a prison term do not
    ("How many people have been prosecuted under 8 U.S.C. 1253?",
     ["shall be imprisoned not more than 10 years under section 1253(a)(1)"], True),
    ("How many taxpayers did ICE want to locate?", ["an agreement to locate up to 7 million taxpayers"], False),
    ("How many people's addresses did ICE ask for?", ["millions of undocumented immigrants pay taxes"], False),
    ("How many people did ICE ask about?", ["ICE asked about a million people"], False),
    # a budget is a sum of money: an office's name or a section number is not one
    ("What is the IRS's annual budget?", ["the Director of the Congressional Budget Office under section 6103(j)(6)"],
     True),
    ("What is the IRS's annual budget?", ["The IRS's budget is $12.3 billion."], False),
    # how long something lasts: the date it began does not say
    ("How long does the agreement last?", ["On May 12, 2025, a court allowed the agreement."], True),
    ("How long does the agreement last?", ["The agreement expires after two years."], False),
    ("How long is the memorandum?", ["the 15-page memorandum"], False),
    ("How many years back can the IRS audit me?", ["many pay billions of dollars in taxes each year"], True),
    ("Within how many years must charges be brought?", ["within 3 years after the offense"], False),
    # a prison term is a number of years, but not a time limit
    ("Within how many years must charges be brought?", ["imprisonment of not more than 5 years, or both"], True),
    ("How many years in prison can I get?", ["imprisonment of not more than 5 years, or both"], False),
    ("How many years do prosecutors have to bring charges?", ["imprisonment of not more than 5 years"], True),
    ("How many days do I have to leave?", ["within 90 days after the order"], False),
    # which court or city: a name; a later part of a longer question does not decide
    ("In which federal district court was the lawsuit filed?", ["Immigrant rights groups filed a lawsuit."], True),
    ("Which appeals court did they go to?", ["They appealed to the First Circuit Court of Appeals."], False),
    ("On what date did the court rule, and to which appeals court did they appeal?",
     ["On May 12, 2025, the court ruled."], False),
    # "What must a court determine ...?" asks what, not which court
    ("What must a court determine before issuing the order?", ["the judge determines that there is "
                                                              "reasonable cause to believe"], False),
    ("What did the district court rule?", ["The court held the request was lawful."], False),
    # a statute of limitations or a deadline is a span of time, and a prison term is not one
    ("What is the statute of limitations for suing?", ["at any time within 2 years after the date of discovery"],
     False),
    ("What is the statute of limitations for prosecuting a leak?", ["imprisonment of not more than 5 years"], True),
    ("Is there a deadline to sue?", ["such taxpayer may bring a civil action for damages"], True),
    ("What is the limitations period for prosecuting a disclosure?", ["imprisonment of not more than 5 years"], True),
    # "whats" is "what's" typed fast
    ("whats the name of the judge handling the lawsuit", ["Public Citizen, a nonprofit, sued to stop the plan."], True),
    ("whats the name of the judge handling the lawsuit", ["Judge Dabney Friedrich let it stand."], False),
    # an organisation is named beside what it is; a person's name does not answer
    ("Which advocacy group represents the plaintiffs?",
     ["Lawyers from the liberal organization Public Citizen, who represent the immigrant groups"], False),
    ("Which organization's lawyers sued?", ["Public Citizen, a nonprofit advocacy organization, sued."], False),
    ("Which advocacy group represents the plaintiffs?",
     ["Rep. Jimmy Gomez (D-CA), whose father was an immigrant from Mexico, trashed the deal."], True),
    ("Which group sued?", ["Immigrant rights groups filed a lawsuit last month."], True),
    ("Which specific immigrant rights organizations are the plaintiffs?",
     ["said Nandan Joshi, an attorney, who represents immigrant rights groups"], True),
    # ... other than the one the question names
    ("Which group did Public Citizen sue for?", ["Public Citizen, a nonprofit advocacy organization, sued."], True),
    # the law says who by role as well as by office
    ("Who pays the costs of the action?", ["the defendant shall be liable to the plaintiff for the costs"], False),
    ("Who can be punished?", ["It shall be unlawful for any person willfully to disclose"], False),
    ("Who can sue?", ["(2) the costs of the action, plus"], True),
    # who, after an opening clause
    ("Under § 6103(i)(2)(A), which officials may submit a request?", ["(ii) any investigation, or"], True),
    ("Under § 6103(i)(2)(A), which officials may submit a request?", ["from the head of any Federal agency"], False),
    ("Who is entitled to inspect a corporation's return?",
     ["(iii) any bona fide shareholder of record owning 1 percent or more of the outstanding stock"], False),
    ("What is return information?", ["nothing relevant"], False),  # not a typed question
    ("Can the IRS share my address?", [], False),
    # "may" is no month, "march" no date: "how long" is answered by a time
    ("How long does it take to get an ITIN?", ["Immigrants register with ITINs that may support residency."], True),
    ("How long does it take to get an ITIN?", ["Protesters march as ITINs are processed."], True),
    ("How long does it take to get an ITIN?", ["ITINs are issued within seven weeks."], False),
    ("When did the IRS sign it?", ["The IRS signed it in May."], False),
    # "when may ...?" asks in what circumstances, which the law states without a date
    ("When may the Secretary disclose it?", ["The Secretary shall disclose it upon written request."], False),
    ("When are punitive damages available?", ["in the case of a willful disclosure, punitive damages"], False),
    ("When was the deal signed?", ["Bessent and Noem signed the deal."], True),
    # ... nor does a question that opens with a "when" clause ask when
    ("When a noncitizen is sentenced, on what basis can the court suspend the sentence?",
     ["The court may for good cause suspend the sentence of an alien."], False),
    # how soon the law wants something done is a time
    ("How soon must the Secretary tell the taxpayer?", ["the Secretary shall notify such taxpayer as soon as "
                                                        "practicable of such inspection or disclosure."], False),
    # the Justice Department's officials are named by office; a justice is a person
    ("Which Justice Department officials can authorize an application?",
     ["The Attorney General, the Deputy Attorney General, or any United States attorney may authorize it."], False),
    ("Which justice wrote the opinion?", ["The Supreme Court wrote the opinion."], True),
    # how to get something is answered where applying for it is said, or a form named
    ("how do i get an itin number, like what form do i fill out", ["They use ITINs to file taxes."], True),
    ("what form do i have to fill out", ["Immigrants register with the IRS and pay taxes under ITINs."], True),
    ("how do i get an itin number", ["Immigrants apply for an ITIN with a form."], False),
    # "who is the official who ...?" asks who that is: the official's description does not say
    ("Who is the senior IRS privacy official who filed the affidavits?",
     ["A senior privacy officer at the IRS affirmed in a sworn affidavit Monday that nothing was shared."], True),
    ("Who is the acting ICE official quoted defending the deal?",
     ["Todd Lyons, the acting ICE director, defended it at a conference."], False),
    ("Who is the IRS allowed to share my address with?", ["the IRS may share it with the head of any agency"], False),
    # how many people were deported (arrested, prosecuted): a count of people who were
    ("how many people has ice actually deported using addresses they got from the irs",
     ["Reports surfaced that ICE sought home addresses from the IRS for 700,000 people, but it was rejected.",
      "The plan will likely boost ICE's deportation efforts."], True),
    ("how many people has ice actually deported using addresses they got from the irs",
     ["ICE has deported 1,200 people located through IRS addresses, officials said."], False),
    ("How many years does the government have to bring criminal charges for tax evasion?",
     ["an action may be brought at any time within 2 years after the date of discovery"], True),
    # a company is an organisation, named
    ("which company makes the AI that ICE is going to use to go through the tax data",
     ["The agreement also allows for the use of artificial intelligence tools by ICE to analyze taxpayer data."], True),
    # how many of something: a number beside what is counted
    ("How many address-confirmation requests has ICE submitted to the IRS so far?",
     ["ICE sought home addresses from the IRS for 700,000 people, but the request was initially rejected."], True),
    ("How many address-confirmation requests has ICE submitted to the IRS so far?",
     ["ICE has submitted 1,200 requests so far."], False),
    ("How many pages is the memorandum filed in court?", ["According to a 15-page memorandum of understanding"], False),
    ("How many home addresses did ICE first ask the IRS for?",
     ["ICE sought home addresses from the IRS for 700,000 people, but the request was initially rejected."], False),
    # a case's official name or docket number: a caption
    ("whats the actual name of the lawsuit against the irs ice deal, like the official case name or docket number?",
     ["Several nonprofit organizations filed a lawsuit to prevent this information sharing."], True),
    # a deadline to respond is a time given for responding
    ("How many days does the IRS have to respond to an ICE address request?",
     ["Within 30 days after the close of each quarter, the head of any agency shall file a report.",
      "If there is no match, the IRS will respond with “no match.”"], True),
    ("How many days does the IRS have to respond to an ICE address request?",
     ["The IRS must respond within 10 days of a request."], False),
    # who that person is, when the question places them ("the U.S. attorney in California")
    ("Who is the U.S. attorney in California touting the new taskforce?",
     ["In California, a U.S. attorney is touting a new taskforce made up of ICE and FBI agents."], True),
    # what a named person said in public: where they speak, not where they sign
    ("What did Homeland Security Secretary Kristi Noem say publicly about the agreement after she signed it?",
     ["Treasury Secretary Scott Bessent and Homeland Security Secretary Kristi Noem signed the agreement."], True),
    ("What did Homeland Security Secretary Kristi Noem say publicly about the agreement after she signed it?",
     ["“This is a historic step,” Noem said in a statement."], False),
    ("How did the Ways and Means Committee Democrat from California publicly respond to it?",
     ["Rep. Jimmy Gomez, a Ways and Means Committee Democrat from California, trashed the deal."], False),
    # ... also after an opening phrase
    ("According to the Bipartisan Policy Center, how many tax returns are filed each year using ITINs?",
     ["“Most experts believe that the vast majority of tax returns filed with ITINs are filed by undocumented "
      "immigrants,” the Bipartisan Policy Center said in 2018."], True),
    ("According to the Bipartisan Policy Center, how many tax returns are filed each year using ITINs?",
     ["About 4 million returns are filed with ITINs each year, the Center said."], False),
    # a higher court's ruling: not the appeal to it, nor another court's ruling
    ("When did the First Circuit Court of Appeals rule on the appeal, and what did it decide?",
     ["On May 21, the plaintiffs appealed the judge's decision to the First Circuit Court of Appeals."], True),
    ("When did the First Circuit Court of Appeals rule on the appeal, and what did it decide?",
     ["On May 12, 2025, a federal district court allowed the agreement to take effect."], True),
    ("did the appeals court end up overturning the judge?",
     ["On July 2, the First Circuit reversed the judge and blocked the deal."], False),
    # ... asking when and where the plaintiffs appealed asks about no ruling
    ("When and to which appellate court did the plaintiffs appeal the district court's decision?",
     ["On May 21, the plaintiffs appealed the judge's decision to the First Circuit Court of Appeals."], False),
    # an exact date is a day of a month, of the month the question names
    ("On what exact date in March did the court deny the motion?", ["In March, a district court denied it."], True),
    ("On what exact date in March did the court deny the motion?", ["On May 12, 2025, a court allowed it."], True),
    ("On what exact date in March did the court deny the motion?", ["On March 21, a court denied it."], False),
    ("What was the exact date the deal was signed?", ["The deal was signed on April 7, 2025."], False),
    # when someone left a post is answered by a departure, not by a description of the post
    ("What position did Nina Olson hold at the IRS before she left?", ["former IRS official Nina Olson said"], True),
    ("When did Krause leave?", ["Acting Commissioner Melanie Krause resigned in April."], False),
    ("When did Krause leave?", ["Acting Commissioner Melanie Krause said it in April."], True),
    # the time to prosecute is not the time to sue
    ("how long after a leak can they still be criminally charged for it?",
     ["an action may be brought at any time within 2 years after the date of discovery"], True),
    ("how long does the government have to bring criminal charges against him?",
     ["an action may be brought at any time within 2 years after the date of discovery"], True),
    ("What is the statute of limitations for prosecuting a disclosure?",
     ["no prosecution shall be instituted unless the indictment is found within 6 years"], False),
    # which office-holder: a name beside that office
    ("Which IRS commissioner signed off on it?", ["signed by Treasury Secretary Scott Bessent"], True),
    ("Which IRS commissioner signed off on it?", ["Acting IRS Commissioner Melanie Krause signed it."], False),
    # people's names, and a law's name
    ("What are the names of the two Columbia students whose apartment was searched?",
     ["ICE searched the apartment of two Columbia students."], True),
    ("What are the names of the two Columbia students whose apartment was searched?",
     ["ICE searched the apartment of Mahmoud Khalil."], False),
    ("whats the name of that old 1700s law the court let him use",
     ["a ruling that let him use legal frameworks dating back to the 18th century"], True),
    ("whats the name of that old 1700s law the court let him use", ["he invoked the Alien Enemies Act of 1798"], False),
    # after a statement setting the scene, the last sentence asks: an amount the question states is no answer
    ("The funding boost was $80 billion before it was cut. How much is it now?",
     ["the now-reduced $80 billion funding boost"], True),
    ("The funding boost was $80 billion before it was cut. How much is it now?",
     ["the boost was cut to $60 billion"], False),
])
def test_missing_answer_type(question, passages, missing):
    assert missing_answer_type(question, passages) is missing


@pytest.mark.parametrize("text, named", [
    ("Treasury Secretary Scott Bessent signed it", True),
    ("Aaron Reichlin-Melnick says", True),
    ("Public Citizen sued", False),
    ("an appeal to the First Circuit Court of Appeals", False),
    ("In March, a district court denied it", False),
    ("U.S. Immigration and Customs Enforcement", False),
    ("a report for the Oversight Board", False),
])
def test_has_person_name(text, named):
    assert has_person_name(text) is named


def test_what_a_judge_must_find_is_answered_where_the_law_has_the_judge_determine_it():
    statute = statute_hit
    opened = statute("the return shall, upon the grant of an ex parte order by a Federal district court judge, be open",
                     "26 U.S.C. § 6103(i)(5)(A)", 0.62, "Disclosure to locate fugitives: the return shall ...", True)
    warrant = statute("(i) a Federal arrest warrant has been issued for an individual who is a fugitive from justice,",
                      "26 U.S.C. § 6103(i)(5)(B)(i)", 0.57, "Upon such application, such judge may grant such order "
                      "if he determines on the basis of the facts submitted by the applicant that (i) a Federal "
                      "arrest warrant has been issued", True)
    question = "Under 26 U.S.C. 6103(i)(5), what must a judge find before tax information can be opened up?"
    assert typed_answer_first(question, [opened, warrant]) == [warrant, opened]
    assert typed_answer_first("What findings must a federal judge make before granting an order?",
                              [opened, warrant])[0] is warrant
    # a passage outside the cited location does not come first, nor does one much less relevant
    outside = replace(warrant, cited=False)
    assert typed_answer_first(question, [opened, outside]) == [opened, outside]
    far = replace(warrant, relevance=0.4)
    assert typed_answer_first(question, [opened, far]) == [opened, far]
    # nor does any of this apply to another kind of question
    assert typed_answer_first("What does a judge do with the order?", [opened, warrant])[0] is opened


def test_an_exception_the_question_describes_comes_before_the_rule():
    def statute(text, locator, relevance, context=None):
        return statute_hit(text, locator, relevance, context, doc_id="26-usc-7431")

    rule = statute("If any officer or employee of the United States knowingly, or by reason of negligence, inspects "
                   "or discloses any return ..., such taxpayer may bring a civil action for damages against the "
                   "United States", "26 U.S.C. § 7431(a)(1)", 0.667)
    exception = statute("(1) which results from a good faith, but erroneous, interpretation of section 6103, or",
                        "26 U.S.C. § 7431(b)(1)", 0.691, "No liability shall arise under this section with respect "
                        "to any inspection or disclosure (1) which results from a good faith, but erroneous, "
                        "interpretation of section 6103, or")
    question = "Can I recover damages if the employee's disclosure rested on an honest but mistaken reading of the law?"
    assert exception_first(question, [rule, exception]) == [exception, rule]
    # not when the exception holds none of what the question describes, nor when it is less relevant
    assert exception_first("Can I recover damages if an employee disclosed my return?", [rule, exception]) == [
        rule, exception]
    assert exception_first(question, [rule, replace(exception, relevance=0.6)])[0] is rule
    close = replace(exception, relevance=0.66)  # as relevant, to within 0.01
    assert exception_first(question, [rule, close])[0] is close
    # nor when it is a report, not the law
    assert exception_first(question, [rule, replace(exception, chunk=replace(exception.chunk, kind="article"))])[
        0] is rule
    # a question citing the whole section finds the exception among its passages, however far down
    cited_rule = replace(statute("For purposes of this section, any reference to section 6103 shall be treated as "
                                 "including a reference to section 6311(e).", "26 U.S.C. § 7431(h)", 0.9), cited=True)
    cited_question = ("Under 26 U.S.C. § 7431, is the government liable if an employee disclosed it on a "
                      "good-faith but mistaken reading of section 6103?")
    far = replace(exception, relevance=0.78)
    assert exception_first(cited_question, [cited_rule, rule, far])[0] is far
    # ... but not one citing a subsection: what it asks for is there
    assert exception_first(cited_question.replace("§ 7431", "§ 7431(h)"), [cited_rule, rule, far])[0] is cited_rule


@pytest.mark.parametrize("question, wrong, right", [
    # suing over what someone at the IRS did is suing the United States
    ("someone at the irs went thru my tax return for no reason can i take them to court",
     "If any person who is not an officer or employee of the United States ... inspects ..., such taxpayer may "
     "bring a civil action for damages against such person",
     "If any officer or employee of the United States ... inspects ..., such taxpayer may bring a civil action for "
     "damages against the United States"),
    # whether someone else is "in trouble too" asks for a penalty
    ("if a paper prints my leaked return, is the newspaper in trouble too",
     "The Secretary may disclose taxpayer identity information to the press and other media",
     "It shall be unlawful ... willfully to print or publish .... Any violation of this paragraph shall be a felony "
     "punishable upon conviction by a fine"),
    # a time limit on "doing something about it legally" is the time to sue
    ("is there a time limit on doing something about it legally",
     "Such reports shall be maintained by the Joint Committee for a period not exceeding 2 years",
     "an action to enforce any liability created under this section may be brought, without regard to the amount "
     "in controversy, at any time within 2 years after the date of discovery"),
    # "what kind of trouble can they get in" asks for a penalty
    ("somebody at the IRS leaked my tax return to my ex. what kind of trouble can they get in",
     "Information disclosed under clause (i) may be disclosed only to the extent necessary",
     "Any violation of this paragraph shall be a felony punishable upon conviction by a fine"),
    # whether "the tax people" may hand someone's information to immigration: whom the deal covers
    ("can the tax people just hand my info over to immigration??",
     "The IRS has allowed immigrants without legal status to file tax returns with taxpayer numbers",
     "As part of the deal, the IRS agreed to turn over information about undocumented immigrants who DHS says "
     "are already facing deportation orders"),
    # someone with no removal order asks whom the deal covers
    ("i dont have papers but no deportation order, is ice going to get my address from the irs",
     "Once ICE provides this information, the IRS will check whether the address ICE submitted matches",
     "As of this writing, the agreement is limited to people ICE identifies as having a final order of removal."),
    ("my neighbor has a green card and files her taxes. is this ice irs thing about everybody who files or only "
     "certain people", "According to a memorandum of understanding, ICE will provide the IRS with names and addresses",
     "As of this writing, the agreement is limited to people ICE identifies as having a final order of removal."),
    ("she doesnt have any deportation order. is the deal going to hit her",
     "It seems aimed at criminal investigations for willful failure to depart after a removal order, he said.",
     "As of this writing, the agreement is limited to people ICE identifies as having a final order of removal."),
    # either filer of a joint return may see it
    ("me and my ex used to file together, can i still get a copy of those old returns",
     "A reproduction or certified reproduction of a return shall, upon written request, be furnished",
     "The return of a person shall, upon written request, be open to inspection by or disclosure to (B) in the "
     "case of an income tax return filed jointly, either of the individuals with respect to whom the return is filed"),
    # a state's tax office is the State agency charged with administering the State's tax laws
    ("does my state's tax department get to look at what i file with the feds",
     "The Secretary may disclose taxpayer identity information and signatures to any agency, body, or commission of "
     "any State for the purpose of carrying out a combined Federal and State employment tax reporting program",
     "Returns and return information shall be open to inspection by any State agency, body, or commission which is "
     "charged under the laws of such State with responsibility for the administration of State tax laws"),
    # whether the taxpayer is ever told: the law's notice to the taxpayer
    ("how would i even know if someone at the irs went through my tax file without permission? do they ever tell you",
     "Returns and return information shall be open to inspection by officers and employees of the Department of "
     "the Treasury whose official duties require such inspection",
     "the Secretary shall notify such taxpayer as soon as practicable of such inspection or disclosure."),
    # whether they pay anything: a sum paid
    ("do undocumented people actually pay taxes? my coworker keeps saying they dont pay anything",
     "Undocumented immigrants are often urged to register with the IRS and pay their federal taxes.",
     "many members of that community register with the agency and pay billions of dollars in taxes each year"),
    # whether the asker's own records are in it: whom the deal covers
    ("i have a green card and i file my taxes every year. is my stuff part of this deal??",
     "This marks the first time the IRS has formally agreed to provide taxpayer information to ICE.",
     "As of this writing, the agreement is limited to people ICE identifies as having a final order of removal."),
    # what ICE gets back: what the IRS hands over
    ("if ice asks the irs about me what do they actually get back? my whole tax return or what",
     "\"The IRS has gone back on its duty to protect taxpayer information,\" said Nandan Joshi.",
     "The IRS could then turn over tax information with earnings, addresses, and other information."),
    # whether staying is a crime or only an immigration matter: where it is said to be a crime
    ("I got a deportation order and I'm still here. Is staying actually a crime, or is it just an immigration issue?",
     "As part of the deal, the IRS agreed to turn over information about immigrants facing deportation orders",
     "That statute makes it a federal crime for a noncitizen to willfully fail or refuse to leave the United States"),
    # a joint return's tax bill, and whether the IRS went after the other filer: the deficiency passage
    ("me and my ex filed together back when we were married and now theres a tax bill. is the irs going after "
     "him for it too", "(B) in the case of an income tax return filed jointly, either of the individuals",
     "If any deficiency of tax with respect to a joint return is assessed and the individuals filing such return "
     "are no longer married"),
    # money one could get is the damages the law gives, not just any amount
    ("how much money could i actually get if the irs shares my stuff illegally",
     "Many of them pay billions of dollars in taxes each year.",
     "(A) $1,000 for each act of unauthorized inspection or disclosure of a return or return information"),
    # ... also when the question says whom it would sue
    ("somebody at the IRS looked up my tax return just to be nosy. If I sue over it, how much money could I get?",
     "If any officer or employee of the United States ... inspects ..., such taxpayer may bring a civil action for "
     "damages against the United States",
     "(A) $1,000 for each act of unauthorized inspection or disclosure of a return or return information"),
])
def test_what_the_question_asks_of_the_law_picks_the_passage(question, wrong, right):
    first = make_hit(wrong, "statute-a", kind="statute", relevance=0.6)
    second = make_hit(right, "statute-b", kind="statute", relevance=0.59)
    assert typed_answer_first(question, [first, second]) == [second, first]


def test_a_provision_sentence_that_states_what_is_asked_opens_the_answer_rather_than_the_one_carrying_it():
    consent = ("The Secretary may disclose the return of any taxpayer to such person or persons as the taxpayer may "
               "designate in a request for or consent to such disclosure.")
    however = "However, return information shall not be disclosed to such person if it would impair tax administration."
    carrier = statute_hit(however, "26 U.S.C. § 6103(c)", 0.5, context=f"{consent} {however}")
    stating = statute_hit(consent, "26 U.S.C. § 6103(c)", 0.41)
    article = make_hit("The deal maintains that the plan will adhere to laws on what can be shared.", relevance=0.55)
    question = "can i let my daughter handle my tax stuff for me? can the irs share it with her if i say its ok"
    found = typed_answer_first(question, [article, carrier, stating])
    assert [h.chunk.text for h in found] == [consent, however, article.chunk.text]
    assert found[0].relevance == 0.5  # with the scores of the passage that carried it


def test_who_may_do_something_at_a_cited_location_is_answered_where_someone_may_do_it():
    opening = statute_hit("Any return shall, upon the grant of an ex parte order by a Federal district court judge, be "
                          "open to officers and employees of any Federal agency", "26 U.S.C. § 6103(i)(1)(A)", 1.0,
                          cited=True)
    authorizes = statute_hit("The Attorney General, the Deputy Attorney General, any United States attorney may "
                             "authorize an application to a Federal district court judge for the order",
                             "26 U.S.C. § 6103(i)(1)(B)", 0.98, cited=True)
    asked = "Under 26 U.S.C. § 6103(i)(1), which officials may authorize an application for an ex parte order?"
    assert typed_answer_first(asked, [opening, authorizes])[0] is authorizes
    assert typed_answer_first("What does 26 U.S.C. § 6103(i)(1) say about ex parte orders?",
                              [opening, authorizes])[0] is opening


def test_a_joint_filer_asking_about_collection_is_not_asking_who_may_see_the_return():
    jointly = make_hit("(B) in the case of an income tax return filed jointly, either of the individuals with respect "
                       "to whom the return is filed", "statute-a", kind="statute", relevance=0.3)
    collected = make_hit("If any deficiency of tax with respect to a joint return is assessed and the individuals "
                         "filing such return are no longer married, the Secretary may disclose whether there has "
                         "been any attempt to collect such deficiency from such other individual", "statute-b",
                         kind="statute", relevance=0.5)
    asked = "me and my ex filed a joint return and now the IRS says we owe. did they collect the money from him?"
    assert typed_answer_first(asked, [collected, jointly])[0] is collected
    assert typed_answer_first("me and my ex filed a joint return, can she get a copy?", [collected, jointly])[0] \
        is jointly


@pytest.mark.parametrize("question, said", [
    ("At the hearing, what did the plaintiffs argue ICE's real purpose was in invoking section 6103(i)(2)?", True),
    ("What did the Treasury spokesperson say about the agreement?", True),
    ("What does section 6103(i)(2) say about requests?", False),
    ("What does the MOU's first recital say?", False),
    ("What does the IRS's own website say about Section 6103?", False),
])
def test_asks_what_someone_said(question, said):
    assert asks_what_someone_said(question) is said


def test_an_amount_far_below_the_best_passage_does_not_answer_by_how_much():
    question = "By how much has Congress cut the $80 billion in IRS funding?"
    best = make_hit("Noem cited the agency's expanded capacity following the now-reduced $80 billion funding boost.",
                    relevance=0.57)
    far = make_hit("Many of them pay billions of dollars in taxes each year.", "other", relevance=0.2, start=500)
    answer = compose_answer(question, [best, far], documents={}, abstain_below=0.1)
    assert answer.abstained
    near = replace(far, relevance=0.5)
    assert not compose_answer(question, [best, near], documents={}, abstain_below=0.1).abstained


def test_the_findings_a_judge_must_make_are_cited_in_their_own_order():
    lead = make_hit("Upon such application, such judge may grant such order if he determines on the basis of the "
                    "facts submitted by the applicant that", "26-usc-6103", kind="statute", relevance=0.9,
                    locator="26 U.S.C. § 6103(i)(5)(B)")
    items = [make_hit(text, "26-usc-6103", kind="statute", relevance=0.9, locator=f"26 U.S.C. § 6103(i)(5)(B)({n})",
                      start=200 + 200 * i)
             for i, (n, text) in enumerate([("i", "(i) a Federal arrest warrant has been issued for an individual,"),
                                            ("ii", "(ii) the return is sought exclusively for use in locating such "
                                                   "individual, and"),
                                            ("iii", "(iii) there is reasonable cause to believe that the return may "
                                                    "be relevant in locating such individual.")])]
    located = items[1]  # ranked first: it shares the question's "locate"
    hits = [located, items[0], items[2], lead]

    def ask(question):
        return compose_answer(question, hits, documents={}, abstain_below=0.3,
                              lead_ins={h.chunk.chunk_id: lead for h in items},
                              list_items={lead.chunk.chunk_id: items}).citations[0].quote

    # each finding is required: the list is read from its first, whichever ranked first
    assert ask("What predicate must exist before a court may grant an order to locate an individual?") \
        == items[0].chunk.text
    assert ask("What must a judge find before the return is opened to locate a fugitive?") == items[0].chunk.text
    # any other question about the list cites the item that answers it best
    assert ask("Is the return used for locating the individual?") == located.chunk.text


def test_how_long_a_document_is_is_answered_in_pages():
    filed = make_hit("The memorandum of understanding was filed in court on Monday evening.", "a", relevance=0.74)
    pages = make_hit("Parts of the 15-page memorandum of understanding are redacted.", "b", relevance=0.58)
    question = "How long is the IRS-ICE memorandum of understanding filed in court, and was it released in full?"
    assert typed_answer_first(question, [filed, pages]) == [pages, filed]
    assert not missing_answer_type(question, [filed.chunk.text])  # never refused for want of pages
    # how long it lasts is a time
    assert typed_answer_first("How long is the agreement in effect?", [filed, pages])[0] is filed


def test_how_a_court_read_a_provision_is_answered_by_its_ruling_on_that_provision():
    denied = make_hit("In March, a district court denied an emergency motion under Section 6103.", "a", relevance=0.70)
    law = make_hit("IRC section 6103(i)(2) allows the head of a federal agency to request information.", "b",
                   relevance=0.83)
    ruled = make_hit("In addition, she ruled section 6103(i)(2)'s text is clear.", "c", relevance=0.73)
    other = make_hit("She also ruled section 6103(i)(7) does not apply.", "d", relevance=0.75)
    question = "How did the district court construe IRC § 6103(i)(2) when it declined to enjoin the agreement?"
    assert typed_answer_first(question, [denied, law, other, ruled]) == [ruled, denied, law, other]
    # however much more of the question's other words a passage holds
    argued = make_hit("The plaintiffs argued that ICE did not intend to bring charges.", "e", relevance=0.97)
    assert typed_answer_first(question, [argued, law, ruled])[0] is ruled
    # what the court said about a provision is its ruling on it, even below a passage naming the provision
    cited_law = replace(law, cited=True)
    question = "What did the district court say about whether the IRS can refuse a 6103(i)(2) request?"
    assert typed_answer_first(question, [cited_law, ruled])[0] is ruled
    assert typed_answer_first("What does 6103(i)(2) allow?", [cited_law, ruled])[0] is cited_law
    # a ruling on no named provision keeps the order
    assert typed_answer_first("How did the district court rule?", [denied, law, ruled]) == [denied, law, ruled]


def test_plural_number_words_are_amounts():
    assert not missing_answer_type("How much do immigrants pay in taxes?",
                                   ["many members of that community pay billions of dollars in taxes each year"])


def test_a_close_passage_with_the_asked_for_name_date_or_ruling_goes_first():
    about = make_hit("The deal lets ICE check addresses with the IRS.", "a", relevance=0.70)
    far = make_hit("Judge Dabney Friedrich let it stand.", "b", relevance=0.50)
    named = make_hit("The deal was signed by Scott Bessent and Kristi Noem.", "c", relevance=0.62)
    hits = [about, far, named]
    assert typed_answer_first("Who signed the deal?", hits) == [named, about, far]
    # "who" is answered best by a person's name, then by a body: "a federal court" comes after "Scott Bessent"
    court = make_hit("On May 12, a federal district court allowed the deal.", "f", relevance=0.66)
    assert typed_answer_first("Who signed off on the deal?", [about, court, named]) == [named, about, court]
    assert typed_answer_first("Who signed off on the deal?", [about, court]) == [court, about]
    assert typed_answer_first("Which two cabinet officials signed the deal?", [about, named]) == [named, about]
    # ... after an adverb too, however far down
    signers = make_hit("Scott Bessent and Kristi Noem signed the agreement.", "s", relevance=0.45)
    assert typed_answer_first("who actually signed the irs ice agreement", [about, court, signers])[0] is signers
    assert typed_answer_first("who are the big officials that actually put their names on the irs ice agreement",
                              [about, court, signers])[0] is signers
    # "which secretaries" has no answer but a person's name, which may sit further below
    names_lower = make_hit("Scott Bessent and Kristi Noem signed the agreement.", "u", relevance=0.48)
    assert typed_answer_first("Which two secretaries put their names on it?", [about, names_lower])[0] is names_lower
    assert typed_answer_first("Who was behind it?", [about, names_lower])[0] is about
    # "who <did>" by a sentence naming a person with that verb, however far down: the question's long
    # object ("the memorandum of understanding on data sharing") can outweigh its verb
    signed_by_body = make_hit("The memorandum signed by the Treasury Department lists guardrails.", "s", relevance=0.72)
    signers = make_hit("Scott Bessent and Kristi Noem signed the agreement.", "t", relevance=0.42)
    ranked = [signed_by_body, about, far, signers]
    assert typed_answer_first("Who signed the memorandum on data sharing?", ranked)[0] is signers
    assert typed_answer_first("Who ruled on the memorandum?", ranked)[0] is signed_by_body  # no one signs here
    assert typed_answer_first("Which officials signed the memorandum on data sharing?", ranked)[0] is signers
    assert typed_answer_first("Which officials put their signatures on the memorandum?", ranked)[0] is signers
    # ... before a sentence naming someone who did something else; an organisation can be who did it
    gomez = make_hit("Rep. Jimmy Gomez, whose father was an immigrant, trashed the deal.", "g1", relevance=0.62)
    sued = make_hit("Public Citizen, a nonprofit advocacy organization, sued to stop the plan.", "g2", relevance=0.58)
    assert typed_answer_first("Who sued to stop the agreement?", [gomez, sued]) == [sued, gomez]
    assert typed_answer_first("Who criticized the agreement?", [gomez, sued]) == [gomez, sued]
    # a penalty by the clause that states one, not by the prohibition it punishes
    banned = make_hit("It shall be unlawful for any person willfully to disclose any return.", "p", relevance=0.70)
    punished = make_hit("Any violation shall be a felony punishable by a fine of $5,000.", "q", relevance=0.65)
    assert typed_answer_first("What is the penalty for disclosing a return?", [banned, punished]) == [punished, banned]
    assert typed_answer_first("Could I go to jail for that?", [banned, punished]) == [punished, banned]
    assert typed_answer_first("what happens to an irs worker who leaks my return", [banned, punished]) \
        == [punished, banned]
    assert typed_answer_first("What happens to my return once ICE asks?", [banned, punished]) == [banned, punished]
    assert typed_answer_first("i work at the irs. what happens if i look at someones tax file out of curiosity?",
                              [banned, punished]) == [punished, banned]
    assert typed_answer_first("what happens if the address ICE sends doesnt match?", [banned, punished]) == [
        banned, punished]
    assert typed_answer_first("Is it legal to disclose a return?", [banned, punished]) == [banned, punished]
    assert typed_answer_first("can he get in trouble for it?", [banned, punished]) == [punished, banned]
    assert typed_answer_first("Could she get in legal trouble just for looking?", [banned, punished]) == [
        punished, banned]
    # ... and the clause that punishes what the best passage prohibits, in its own section, however
    # far down it ranks: not another section's penalty for another act
    inspect = make_hit("It shall be unlawful for any officer willfully to inspect any return.", "r", kind="statute",
                       relevance=0.73, locator="26 U.S.C. § 7213A(a)(1)")
    other = make_hit("Any violation of this paragraph shall be a felony punishable by a fine of $5,000.", "s",
                     kind="statute", relevance=0.70, locator="26 U.S.C. § 7213(a)(1)")
    fillers = [make_hit(f"The Secretary shall notify the taxpayer {n}.", f"n{n}", kind="statute", relevance=0.65,
                        locator=f"26 U.S.C. § 7431(e)({n})") for n in range(6)]
    own = make_hit("Any violation of subsection (a) shall be punishable by a fine of $1,000.", "t", kind="statute",
                   relevance=0.55, locator="26 U.S.C. § 7213A(b)(1)")
    asked = "what happens to an irs worker who snoops through my return"
    assert typed_answer_first(asked, [inspect, other, *fillers, own])[0] is own
    assert typed_answer_first(asked, [inspect, other, *fillers])[0] is other  # none in its section
    notify = replace(fillers[0], chunk=replace(fillers[0].chunk, context="The Secretary shall notify"))
    assert typed_answer_first(asked, [notify, other, own])[0] is other  # the best passage prohibits nothing
    # the penalty for the act asked about: the clause of the provision that prohibits it, also where
    # it punishes "any violation of subsection (a)" and the act is stated there
    def statute(text, doc, locator, relevance, context):
        hit = make_hit(text, doc, kind="statute", relevance=relevance, locator=locator)
        return replace(hit, chunk=replace(hit.chunk, context=context))

    inspect_penalty = statute("Any violation of subsection (a) shall be punishable by a fine of $1,000.", "ip",
                              "26 U.S.C. § 7213A(b)(1)", 0.70, "Unauthorized inspection Penalty Any violation of "
                              "subsection (a) shall be punishable by a fine of $1,000.")
    inspect_ban = statute("It shall be unlawful for any officer willfully to inspect any return.", "ib",
                          "26 U.S.C. § 7213A(a)(1)", 0.60, "Unauthorized inspection Prohibitions It shall be "
                          "unlawful for any officer willfully to inspect any return.")
    disclose_penalty = statute("Any violation of this paragraph shall be a felony punishable by a fine of $5,000.",
                               "dp", "26 U.S.C. § 7213(a)(1)", 0.65, "Unauthorized disclosure It shall be unlawful "
                               "for any officer willfully to disclose any return. Any violation of this paragraph "
                               "shall be a felony punishable by a fine of $5,000.")
    ranked = [inspect_penalty, disclose_penalty, inspect_ban]
    assert typed_answer_first("can an irs employee go to jail for leaking my tax return?", ranked)[0] \
        is disclose_penalty
    assert typed_answer_first("what happens to a worker who snoops in my return?", ranked)[0] is inspect_penalty
    # ... not an act the question says did not happen
    assert typed_answer_first("can they go to jail for snooping in my return, even if they dont leak it?",
                              ranked)[0] is inspect_penalty
    assert typed_answer_first("can they go to jail for snooping in my return, even if they dont leak it?",
                              [disclose_penalty, inspect_penalty, inspect_ban])[0] is inspect_penalty
    assert typed_answer_first("can they go to jail for it?", ranked)[0] is inspect_penalty  # no act: as ranked
    # that the act is illegal says nothing of which act: every clause says so
    crime = statute("Any violation of this paragraph shall be a felony.", "dc", "26 U.S.C. § 7213(a)(1)", 0.68,
                    "Unauthorized disclosure It shall be unlawful for any officer or employee of the United States "
                    "willfully to disclose any return. Any violation shall be a felony; the offense is criminal.")
    asked = "is it illegal for an irs worker to just look at my tax return out of curiosity? whats the punishment"
    ban = statute("It shall be unlawful for any officer or employee of the United States willfully to inspect any "
                  "return.", "ib", "26 U.S.C. § 7213A(a)(1)", 0.60, "Unauthorized inspection It shall be unlawful "
                  "for any officer or employee of the United States willfully to inspect any return.")
    assert typed_answer_first(asked, [crime, inspect_penalty, ban])[0] is inspect_penalty
    # the act outweighs who did it: a clause naming the officer but another act does not answer for looking
    officer_disclose = statute("Any violation of this paragraph shall be a felony.", "od", "26 U.S.C. § 7213(a)(1)",
                               0.62, "Unauthorized disclosure It shall be unlawful for any officer or employee of the "
                               "United States willfully to disclose any return. Any violation shall be a felony.")
    bare_inspect = statute("Any violation of subsection (a) shall be punishable by a fine of $1,000.", "bi",
                           "26 U.S.C. § 7213A(b)(1)", 0.55, "Unauthorized inspection of returns Penalty Any "
                           "violation of subsection (a) shall be punishable by a fine of $1,000.")
    asked = "Can an IRS worker get in trouble just for looking up somebody's tax file, even if they never share it?"
    assert typed_answer_first(asked, [officer_disclose, bare_inspect])[0] is bare_inspect
    # the main penalty before a clause that only adds to it, unless the question asks about losing a job
    dismissed = statute("An officer or employee of the United States who is convicted of any violation of subsection "
                        "(a) shall, in addition to any other punishment, be dismissed from office.", "dm",
                        "26 U.S.C. § 7213A(b)(2)", 0.6, "Unauthorized inspection of returns Penalty An officer or "
                        "employee of the United States who is convicted of any violation of subsection (a) shall, in "
                        "addition to any other punishment, be dismissed from office.")
    asked = "What if an IRS employee just peeks at my return out of curiosity? Is there any punishment for looking?"
    assert typed_answer_first(asked, [dismissed, bare_inspect])[0] is bare_inspect
    asked = "can an irs worker get fired for snooping in my tax file?"
    assert typed_answer_first(asked, [dismissed, bare_inspect])[0] is dismissed
    # whom the deal covers: where that is stated, however far down
    hub = make_hit("Public advocacy groups expressed concern about the deal between the IRS and ICE.", "wh",
                   relevance=0.7)
    limited = make_hit("The agreement is limited to people ICE identifies as having a final order of removal.", "wl",
                       relevance=0.5)
    ranked = [hub, *[make_hit(f"The deal was reported in part {n}.", f"wr{n}", relevance=0.6) for n in range(6)],
              limited]

    def picks(found, over, questions, other):
        """Each of `questions` opens with `found`, from below `over` and six filler passages; `other`, a
        question of another kind, keeps `over` first."""
        for asked in questions:
            assert typed_answer_first(asked, [over, *ranked[1:-1], found])[0] is found, asked
        assert typed_answer_first(other, [over, found])[0] is over, other

    for asked in ("does the irs ice deal apply to every undocumented person or only some people",
                  "I don't have a deportation order. Does this deal put me at risk?"):
        assert typed_answer_first(asked, ranked)[0] is limited, asked
    assert typed_answer_first("why do people pay taxes, doesnt that put them at risk", ranked)[0] is hub
    # whether anybody is doing it: someone named doing it, not someone doing something else
    trashed = make_hit("Rep. Jimmy Gomez, whose father was an immigrant, trashed the deal.", "s1", relevance=0.67)
    sued = make_hit("Public Citizen, a nonprofit advocacy organization, sued to stop the plan.", "s2", relevance=0.58)
    assert typed_answer_first("is anybody suing to stop the irs ice deal", [trashed, sued])[0] is sued
    assert typed_answer_first("who criticised the irs ice deal", [trashed, sued])[0] is trashed
    assert typed_answer_first("Who is actually taking the government to court to stop the IRS from giving info to ICE?",
                              [trashed, sued])[0] is sued
    # whether ICE may get someone's tax information: answered there too
    for asked in ("is the irs allowed to hand my tax info over to ice now??", "can ICE get my tax records now?",
                  "my uncle is undocumented, could the irs hand his info to ICE"):
        assert typed_answer_first(asked, ranked)[0] is limited, asked
    assert typed_answer_first("did the irs hand over the data yesterday", ranked)[0] is hub
    crime = make_hit("Any alien against whom a final order of removal is outstanding shall be fined.", "wc",
                     kind="statute", relevance=0.65)
    asked = "I've never been ordered deported. Who exactly is this IRS and ICE deal going after?"
    assert typed_answer_first(asked, ranked)[0] is limited
    asked = "Does this affect every undocumented person, or only people who already have a removal order?"
    assert typed_answer_first(asked, [crime, *ranked[1:]])[0] is limited
    # whether fewer people file: where a decline or a deterrent is reported
    declined = make_hit("Anecdotal reporting indicates a decline in tax filings.", "fd", relevance=0.45)
    for asked in ("r undocumented ppl gonna stop filing taxes bc of this", "are immigrants filing less taxes now?"):
        assert typed_answer_first(asked, [*ranked[:-1], declined])[0] is declined, asked
    assert typed_answer_first("should i just stop filing?", [*ranked[:-1], declined])[0] is hub
    # a provision's sentence that states what is asked may rank below the next one, which carries it in
    # its context: "let me talk to them for him" is the taxpayer's consent
    designee = make_hit("However, return information shall not be disclosed to such person if the Secretary "
                        "determines that such disclosure would seriously impair Federal tax administration.", "dc",
                        kind="statute", relevance=0.5)
    designee = replace(designee, chunk=replace(designee.chunk, context="Disclosure to designee of taxpayer The "
                       "Secretary may disclose the return to such person as the taxpayer may designate in a request "
                       "for or consent to such disclosure… " + designee.chunk.text))
    asked = "my brother got deported, can he let me talk to them and see his tax stuff for him?"
    assert typed_answer_first(asked, [*ranked[:-1], designee])[0] is designee
    asked = "can i sue the goverment if an irs worker carelessly let someone see my tax stuff"
    assert typed_answer_first(asked, [*ranked[:-1], designee])[0] is not designee
    for asked in ("I keep hearing that fewer immigrants are filing taxes because of the ICE deal. Any sign of it?",
                  "Are undocumented people still filing their taxes after all this or are they too scared now?",
                  "She says the IRS will tip off ICE. Are a lot of immigrants pulling back from filing?"):
        assert typed_answer_first(asked, [*ranked[:-1], declined])[0] is declined, asked
    # whether people are scared to file now: what is already seen, before what someone fears will come
    feared = make_hit("There's concern immigrants will not pay their taxes in fear of ICE.", "ff", relevance=0.67)
    for asked in ("are immigrants scared to do their taxes now because of all this",
                  "are undocumented people holding off on filing taxes this year",
                  "is it true less people filed taxes this year bc of the whole ice thing?"):
        assert typed_answer_first(asked, [feared, *ranked[:-1], declined])[0] is declined, asked
    asked = "why are people saying immigrants will stop paying taxes because of this"
    assert typed_answer_first(asked, [feared, *ranked[:-1], declined])[0] is feared
    # someone the asker knows not filing, then whether that is common: what is seen now
    for asked in ("my tia says shes not filing taxes this year becuase of ice. are a lot of people actually doing that",
                  "ppl at my church say they wont file taxes this year. is that happening other places too or just us"):
        assert typed_answer_first(asked, [feared, *ranked[:-1], declined])[0] is declined, asked
    # whether a return is confidential by law: the law's words, not a report that it is supposed to be
    report = make_hit("They say IRS data is supposed to stay confidential.", "kr", relevance=0.62)
    law = make_hit("Returns and return information shall be confidential.", "kl", kind="statute", relevance=0.45)
    picks(law, report, ("is my tax return suposed to be kept confidential?", "Isn't my return private by law?"),
          "Who said it should stay confidential?")
    # what a request must hold: where what it sets forth is stated
    memo = make_hit("This marks the first time the IRS agreed to provide information to ICE.", "rm", relevance=0.7)
    holds = make_hit("ICE must first submit a written request that includes specific details: the name and "
                     "address.", "rh", relevance=0.5)
    picks(holds, memo, ("What must a request from ICE contain?", "What information does ICE have to give the IRS?",
                        "what particulars does ICE have to put in its written submission?"),
          "What did ICE request?")
    # what the IRS sends back: what it does with what ICE sends, not what ICE sends, nor what the IRS "says"
    sends = make_hit("ICE will provide the IRS with names and addresses of individuals.", "sa", relevance=0.75)
    checks = make_hit("Once ICE provides this information, the IRS will check whether the address matches.", "sb",
                      relevance=0.63)
    for asked in ("if ice sends the irs my name and where i live, what does the irs send back to them",
                  "if ice sends the irs an address thats not the one on file, what does the irs tell them back",
                  "so what does the irs actually do when ice sends them a persons name"):
        assert typed_answer_first(asked, [sends, checks])[0] is checks, asked
    assert typed_answer_first("what does ICE send the IRS?", [sends, checks])[0] is sends
    check = make_hit("The IRS will check whether the address ICE submitted matches its records.", "nc",
                     relevance=0.75)
    no_match = make_hit("If there is no match, the IRS will respond with “no match.”", "nm", relevance=0.71)
    asked = "if ICE gives the IRS an old address that doesnt match, what does the IRS tell them"
    assert typed_answer_first(asked, [check, no_match]) == [no_match, check]
    assert typed_answer_first("what does the IRS check?", [check, no_match]) == [check, no_match]
    # whether it has happened yet: where that is said
    not_yet = make_hit("IRS officials insist that no data has been handed over to ICE yet.", "ny", relevance=0.5)
    picks(not_yet, memo, ("has the irs already sent info about people like me to ICE??",
                          "did immigration already get people's tax files or not yet",
                          "is my info already sitting with ice or has the irs not actually sent them anything"),
          "what info has the irs sent to ICE?")
    # a president's action: where an executive order is named
    recital = make_hit("The first recital says it furthers President Trump's January 20 executive order.", "eo",
                       relevance=0.5)
    picks(recital, memo, ("What presidential action was the memorandum entered into to further?",
                          "Which executive order does the MOU's first recital invoke?"),
          "What did the president say?")
    # which provision: the passage naming one down to its subsection, of the tax code if the question says so
    relies = make_hit("The MOU relies on one of 13 exceptions to bypass these safeguards.", "pr", relevance=0.7)
    focus = make_hit("It specifically highlights 8 U.S.C. section 1253(a)(1) as a key focus.", "pf", relevance=0.68)
    irc = make_hit("IRC section 6103(i)(2) allows the head of a federal agency to request some information.", "pi",
                   relevance=0.5)
    asked = "Which confidentiality exception in the Internal Revenue Code does the MOU rely on?"
    assert typed_answer_first(asked, [relies, focus, *ranked[1:-1], irc])[0] is irc
    asked = "Which criminal statute does the MOU single out?"
    assert typed_answer_first(asked, [relies, *ranked[1:-1], focus, irc])[0] is focus
    assert typed_answer_first("What does the MOU rely on?", [relies, focus, irc])[0] is relies
    # the time allowed to sue: where the law sets it, not any passage with a time in it
    kept = make_hit("Such reports shall be maintained for a period not exceeding 2 years.", "tk", kind="statute",
                    relevance=0.66)
    within = make_hit("An action to enforce any liability created under this section may be brought at any time "
                      "within 2 years after the date of discovery.", "tw", kind="statute", relevance=0.5)
    picks(within, kept, ("how long do i have to take the irs to court after i find out?",
                         "is there a deadline for taking them to court?",
                         "they shared my return 3 years ago, is it too late to do anything about it"),
          "how long are reports kept?")
    # why people pay taxes: where a reason follows paying, not where paying gives the reason for something else
    addresses = make_hit("The IRS has addresses for immigrants because many of them register and pay billions in "
                         "taxes each year.", "ya", relevance=0.73)
    reason = make_hit("Some immigrants do pay taxes in order to comply with the law.", "yr", relevance=0.6)
    picks(reason, addresses, ("why would undocumented people even pay taxes?",
                              "why do people without papers bother filing?"), "why does the IRS have addresses?")
    # which committee: where one is named, when that is what the question asks first
    post = make_hit("“The IRS should never be weaponized,” he said in a post on X.", "cp", relevance=0.67)
    serves = make_hit("“I serve on the [Ways and Means Committee]. I will fight this.", "cs", relevance=0.49)
    picks(serves, post, ("In his post on X, what congressional committee did Rep. Gomez say he serves on?",),
          "What did he say in his post on X?")
    # whether the IRS gives an address: where it is said to, not where ICE sought addresses or gives them
    sought = make_hit("Reports surfaced that ICE sought home addresses from the IRS for 700,000 people.", "as",
                      relevance=0.67)
    gives = make_hit("ICE will provide the IRS with names and addresses of individuals.", "ag", relevance=0.6)
    confirms = make_hit("If the addresses align, the IRS will confirm and disclose the last known address.", "ac",
                        relevance=0.5)
    for asked in ("can the irs give my home adress to ice now??", "can ice just go ask the irs where i live??"):
        assert typed_answer_first(asked, [sought, gives, *ranked[1:-1], confirms])[0] is confirms, asked
    assert typed_answer_first("what did ICE ask the IRS for?", [sought, confirms])[0] is sought
    # ... by immigration enforcement: a child support office asking is answered elsewhere
    asked = "My ex owes child support. Can the child support office get his address from the IRS?"
    assert typed_answer_first(asked, [sought, gives, *ranked[1:-1], confirms])[0] is sought
    # what ICE gets: where the IRS is said to hand something over
    concern = make_hit("Public advocacy groups previously expressed concern about a deal between the IRS and ICE.",
                       "gc", relevance=0.72)
    turn_over = make_hit("The IRS could then turn over tax information with earnings, addresses, and other "
                         "information.", "gt", relevance=0.55)
    picks(turn_over, concern, ("what info can ice actually get out of the irs with this deal",
                               "what exactly does the IRS give ICE under this deal?"),
          "what are groups concerned about?")
    # when something was done: a time beside the question's verb in the past tense
    other_date = make_hit("On May 12, 2025, a federal district court allowed the agreement.", "wd", relevance=0.66)
    signed = make_hit("The deal, signed Monday by the two secretaries, permits access.", "ws", relevance=0.52)
    picks(signed, other_date, ("When did the IRS and ICE sign the memorandum?",), "When did the court allow it?")
    # ... or in the past tense its everyday words imply: taking a ruling to an appeals court is appealing it
    appealed = make_hit("On May 21, the plaintiffs appealed the decision to the First Circuit.", "wa", relevance=0.49)
    picks(appealed, other_date, ("When and to which appeals court did the plaintiffs take the ruling?",),
          "When was the ruling?")
    # suing the government: the law letting a taxpayer sue the United States, not a person
    person = make_hit("If any person who is not a federal employee discloses a return, the taxpayer may bring a "
                      "civil action for damages against such person.", "sp", kind="statute", relevance=0.64)
    government = make_hit("If any federal employee discloses a return, the taxpayer may bring a civil action for "
                          "damages against the United States.", "sg", kind="statute", relevance=0.62)
    for asked in ("Can I sue the government if the IRS hands my information over?", "can i sue the goverment"):
        assert typed_answer_first(asked, [person, government]) == [government, person], asked
    assert typed_answer_first("Can I sue a contractor who leaks it?", [person, government]) == [person, government]
    # a taxpayer's own say-so is the law's consent, however far down the passage stating it ranks
    helpers = [make_hit(f"Tax preparers may receive information in case {n}.", f"tp{n}", relevance=0.62)
               for n in range(6)]
    consent = make_hit("The Secretary may disclose the return to such person as the taxpayer may designate in a "
                       "request for or consent to such disclosure.", "cs", kind="statute", relevance=0.45)
    gift = make_hit("The spouse signified their consent to consider a gift as made one-half by each.", "cg",
                    kind="statute", relevance=0.6)
    for asked in ("can i let my sister see my irs records if i say its ok",
                  "Can I give the IRS permission to send my records to my lawyer?"):
        assert typed_answer_first(asked, [*helpers, gift, consent])[0] is consent, asked
    assert typed_answer_first("can my sister see my irs records?", [*helpers, gift, consent])[0] is helpers[0]
    # whether a court order is needed: by what a court or the law says is required, however far down
    memo = make_hit("ICE will provide the IRS with names and addresses under the memorandum.", "cm", relevance=0.62)
    others = [make_hit(f"The judge heard arguments in part {n}.", f"co{n}", relevance=0.6) for n in range(8)]
    ruled = make_hit("She ruled that if a valid written request meets the requirements, the IRS must share the "
                     "address.", "cr", relevance=0.45)
    for asked in ("Does ICE need a judge to sign off before the IRS gives them my address?",
                  "Does the law require a court order?", "doesnt ICE need a warrant first"):
        assert typed_answer_first(asked, [memo, *others, ruled])[0] is ruled, asked
    assert typed_answer_first("What did the judge hear?", [memo, *others, ruled])[0] is memo
    assert typed_answer_first("Does ICE need a judge to sign off?", [memo, *others])[0] is memo  # none says
    must_file = make_hit("ICE must first submit a written request.", "cw", relevance=0.6)
    assert typed_answer_first("Does ICE need a judge to sign off?", [memo, must_file])[0] is memo  # no court
    # "how many pages" by a number of pages, not by the digits of a section
    terms = make_hit("The terms of the deal say ICE will ask under section 6103(i)(2).", "v", relevance=0.66)
    pages = make_hit("Parts of the 15-page memorandum are redacted.", "w", relevance=0.64)
    assert typed_answer_first("How many pages long is the memorandum?", [terms, pages]) == [pages, terms]
    assert typed_answer_first("How many agencies signed the memorandum?", [terms, pages]) == [terms, pages]
    # "which group" by an organisation's name, which a person's is not
    group = make_hit("Public Citizen, a nonprofit advocacy organization, sued.", "g", relevance=0.60)
    assert typed_answer_first("Which advocacy group sued?", [named, group]) == [group, named]
    # not when the best already has one, the question asks for no type, or none is close enough
    assert typed_answer_first("Who signed the deal?", [named, about]) == [named, about]
    assert typed_answer_first("Can ICE check addresses?", hits) == hits
    assert typed_answer_first("Who signed the deal?", [about, far]) == [about, far]
    # nor for an amount: any passage with a digit passes that test, a section number too
    counted = make_hit("Section 6103 has 13 exceptions.", "d", relevance=0.69)
    assert typed_answer_first("How many requests has ICE sent?", [about, counted]) == [about, counted]
    # nor past a passage the question cites
    cited = replace(about, cited=True)
    assert typed_answer_first("Who signed the deal?", [cited, named]) == [cited, named]
    ruled = make_hit("The district court rejected their arguments.", "e", relevance=0.66)
    answer = compose_answer("What did the judge rule?", [about, ruled], documents={}, abstain_below=0.45)
    assert answer.answer.startswith("The district court rejected their arguments. [1]")


def test_a_quotation_is_quoted_after_the_sentence_that_says_whose_it_is():
    said = make_hit("“It is wrong,” attorney Nandan Joshi said.", "a", relevance=0.60)
    quote = make_hit("“It will be a roadmap.”", "a", relevance=0.70, start=len(said.chunk.text) + 1)
    answer = compose_answer("What was the warning about?", [quote, said], documents={}, abstain_below=0.45,
                            lead_ins={quote.chunk.chunk_id: said})
    assert answer.answer.startswith("“It is wrong,” attorney Nandan Joshi said. “It will be a roadmap.” [1][2]")
    # cited as ranked: the quotation ranked first here ...
    assert [c.quote for c in answer.citations] == [quote.chunk.text, said.chunk.text]
    # ... and second here
    answer = compose_answer("What was the warning about?", [said, quote], documents={}, abstain_below=0.45,
                            lead_ins={quote.chunk.chunk_id: said})
    assert answer.answer.startswith("“It is wrong,” attorney Nandan Joshi said. “It will be a roadmap.” [1][2]")
    assert [c.quote for c in answer.citations] == [said.chunk.text, quote.chunk.text]
    # a question asking who spoke is answered by the sentence that says so: it is cited first (the
    # quotation ranks first, its context naming the speaker)
    quote = make_hit("“It will be a roadmap for any agency.”", "a", relevance=0.70, start=len(said.chunk.text) + 1)
    quote = replace(quote, chunk=replace(quote.chunk, context=f"{said.chunk.text} {quote.chunk.text}"))
    answer = compose_answer("Which attorney said it would be a roadmap?", [quote, said], documents={},
                            abstain_below=0.45, lead_ins={quote.chunk.chunk_id: said})
    assert [c.quote for c in answer.citations] == [said.chunk.text, quote.chunk.text]


@pytest.mark.integration
def test_the_main_clause_after_a_list_is_quoted_with_its_list_once_on_the_real_index(real_assistant):
    """§ 7431(e): "If any person is criminally charged ... in violation of (1) ..., (2) ..., or (3) ...,
    the Secretary shall notify such taxpayer ...": the notice is what the provision says."""
    answer = real_assistant.ask("Under section 7431(e), what must the Secretary do when someone is criminally "
                                "charged with unlawfully inspecting a taxpayer's return information?")
    assert "United States Code, the Secretary shall notify such taxpayer as soon as practicable" in answer.answer
    assert answer.answer.count("the Secretary shall notify such taxpayer as soon as practicable") == 1
    notice = next(c for c in answer.citations if "the Secretary shall notify such taxpayer as soon" in c.quote)
    assert notice.locator == "26 U.S.C. § 7431(e)"
    assert "26 U.S.C. § 7431(e)(1)" in {part.locator for part in notice.parts}  # the list and its main clause


@pytest.mark.integration
def test_a_quotation_on_the_real_index_says_whose_it_is(real_assistant):
    """The roadmap quotation is a sentence of its own; the one before it names Nandan Joshi."""
    answer = real_assistant.ask("What did Public Citizen attorney Nandan Joshi warn the agreement would become a "
                                "roadmap for?")
    first = answer.sentences[0].text
    assert "said Nandan Joshi, an attorney at Public Citizen" in first
    assert first.index("said Nandan Joshi") < first.index("If allowed to stand, this agreement will provide a roadmap")


def test_what_someone_said_opens_with_them_speaking():
    warned = make_hit("The organization warned that officials could face sanctions.", "a", relevance=0.70)
    center = make_hit("The NYU Tax Law Center issued a statement Monday arguing it is unlawful.", "b", relevance=0.62)
    justice = make_hit("In filings, the Department of Justice wrote that it is lawful.", "c", relevance=0.66)
    spokesperson = make_hit("It is legal, a Treasury spokesperson said.", "d", relevance=0.61)
    judge = make_hit("The judge stated she would presume the IRS will follow the law.", "e", relevance=0.68)
    asked = "What did the NYU Tax Law Center say about the deal?"
    assert typed_answer_first(asked, [warned, center]) == [center, warned]
    # a word every department's name has is not the speaker; nor is a name after what someone said
    asked = "What does the Treasury Department say about the agreement?"
    assert typed_answer_first(asked, [warned, justice, spokesperson]) == [spokesperson, warned, justice]
    assert typed_answer_first("What does the IRS say about it?", [warned, judge]) == [warned, judge]
    # a speaker named by a role, also after an opening clause
    denied = make_hit("In March, a district court denied the motion for a restraining order.", "j", relevance=0.66)
    asked = "When the court denied the order in March, what did the judge say she would presume?"
    assert typed_answer_first(asked, [denied, judge]) == [judge, denied]
    assert typed_answer_first("What did they say about it?", [denied, judge]) == [denied, judge]
    # what a part of a text says is written in it, not said by whoever the text names
    confirmed = make_hit("A spokesperson confirmed the MOU and stated it is lawful.", "r1", relevance=0.62)
    recital = make_hit("The MOU's first recital makes it clear that it furthers an executive order.", "r2",
                       relevance=0.60)
    asked = "What does the MOU's first recital say the agreement furthers?"
    assert typed_answer_first(asked, [recital, confirmed]) == [recital, confirmed]
    attest = make_hit("“Every request will attest that the data is used for proceedings,” the MOU says.", "r3",
                      relevance=0.58)
    assert typed_answer_first("What does the MOU say each request will attest?", [recital, attest])[0] is attest
    # what someone asked for is what they said
    signers = make_hit("Secretary Scott Bessent and Secretary Kristi Noem signed the agreement.", "m", relevance=0.63)
    asked_for = make_hit("Earlier, Noem asked Bessent to loan investigators.", "n", relevance=0.56)
    asked = "What did Kristi Noem ask Scott Bessent for earlier in 2025?"
    assert typed_answer_first(asked, [signers, asked_for]) == [asked_for, signers]
    # how someone defended something is what they said
    lyons = make_hit("It is strictly for the major criminal cases, Lyons said of the arrangement.", "k", relevance=0.61)
    justice_wrote = replace(justice, relevance=0.58)
    asked = "How did Justice Department lawyers defend the arrangement in court?"
    assert typed_answer_first(asked, [lyons, justice_wrote]) == [justice_wrote, lyons]
    assert typed_answer_first("How did the arrangement start?", [lyons, justice_wrote]) == [lyons, justice_wrote]
    asked = "How did Justice Department lawyers characterize the memorandum in their filing?"
    assert typed_answer_first(asked, [lyons, justice_wrote]) == [justice_wrote, lyons]
    # ... however far down it ranks, when worded far from the question
    fillers = [make_hit(f"The deal is lawful, critics of part {n} argue.", f"f{n}", relevance=0.6) for n in range(8)]
    bases = make_hit("The bases are authorities granted by Congress, a Treasury spokesperson said.", "z",
                     relevance=0.45)
    asked = "How did a Treasury spokesperson defend the legal footing of the deal?"
    assert typed_answer_first(asked, [lyons, *fillers, bases])[0] is bases
    assert typed_answer_first("What did a Treasury spokesperson say about it?", [lyons, *fillers, bases])[0] is lyons
    # the theory someone sued on is what they argued
    heard = make_hit("In mid-April, the judge heard arguments for a preliminary injunction.", "p1", relevance=0.63)
    argued = make_hit("The plaintiffs argued that ICE did not intend to seek information for a criminal case.",
                      "p2", relevance=0.50)
    asked = "On what theory did the plaintiffs seek a preliminary injunction against the MOU?"
    assert typed_answer_first(asked, [heard, *fillers[:3], argued])[0] is argued
    assert typed_answer_first("Did the plaintiffs seek a preliminary injunction?", [heard, argued])[0] is heard
    # a quotation is the speaker's when the sentence before it names them (the passage's context)
    quoted = make_hit("“It will be a roadmap for law enforcement.”", "h", relevance=0.70)
    quoted = replace(quoted, chunk=replace(quoted.chunk, context=f"{center.chunk.text} {quoted.chunk.text}"))
    asked = "What did the NYU Tax Law Center warn it would be a roadmap for?"
    assert typed_answer_first(asked, [quoted, center]) == [quoted, center]
    # ... and not when nothing before it does
    unnamed = make_hit("“It will be a roadmap for law enforcement.”", "i", relevance=0.70)
    assert typed_answer_first(asked, [unnamed, center]) == [center, unnamed]
    # ... or that "he added" / "the organization warned", after the sentence naming who speaks: a
    # quotation or the act asked about, not a paraphrase of another act ("say" asks for its statement)
    def after_center(text, doc):
        hit = make_hit(text, doc, relevance=0.70)
        return replace(hit, chunk=replace(hit.chunk, context=f"{center.chunk.text} {text}"))

    added = after_center("“It will be a roadmap for law enforcement,” he added.", "ha")
    assert typed_answer_first(asked, [added, center]) == [added, center]
    sanctions = after_center("The organization warned that officials could face sanctions.", "hs")
    assert typed_answer_first("What did the NYU Tax Law Center warn officials could face?",
                              [sanctions, center]) == [sanctions, center]
    assert typed_answer_first("What did the NYU Tax Law Center say in its statement?",
                              [sanctions, center]) == [center, sanctions]
    unattributed = make_hit("The organization warned that officials could face sanctions.", "hu", relevance=0.70)
    assert typed_answer_first("What did the NYU Tax Law Center warn officials could face?",
                              [unattributed, center]) == [center, unattributed]
    # "the United States" says nothing; a statute the question cites is found by the citation
    law = make_hit("The Department of Justice of the United States may inspect returns.", "g", relevance=0.70)
    asked = "What did the Justice Department argue in court?"
    justice = replace(justice, relevance=0.65)
    assert typed_answer_first(asked, [law, justice]) == [justice, law]
    assert typed_answer_first("What does Section 6103 say about Treasury?", [warned, spokesperson]) == [
        warned, spokesperson]
    # a named speaker's sentence can be much less relevant than the question's other words make others
    filings = make_hit("The court filings were filed in a case to stop the agreement.", "p", relevance=0.68)
    argued = make_hit("Justice Department lawyers said in a filing that it is lawful.", "q", relevance=0.50)
    asked = "What did Justice Department lawyers argue in court filings about the legality of the MOU?"
    assert typed_answer_first(asked, [filings, argued]) == [argued, filings]
    assert typed_answer_first(asked, [filings, replace(argued, relevance=0.45)])[0] is filings
    # reporting, which says who said what, comes before the law
    asked = "What does the Treasury Department say about the agreement?"
    law = make_hit("Returns shall be open to the Department of the Treasury.", "f", kind="statute", relevance=0.66)
    answer = compose_answer(asked, [law, spokesperson], documents={}, abstain_below=0.45)
    assert answer.answer.startswith("It is legal, a Treasury spokesperson said. [1]")
    assert answer.citations[0].score < answer.citations[1].score == 1.0  # each keeps its own rank score


def test_the_source_of_a_statement_that_has_the_asked_for_date_is_quoted():
    """Two articles report the signing; only one says when."""
    plain = make_hit("Treasury Secretary Scott Bessent and Homeland Security Secretary Kristi Noem signed the "
                     "agreement.", "a", relevance=0.65)
    dated = make_hit("The deal, signed Monday by Treasury Secretary Scott Bessent and Homeland Security Secretary "
                     "Kristi Noem, permits ICE to access tax data.", "b", relevance=0.65)
    other = make_hit("The agreement lets ICE check addresses.", "c", relevance=0.6)
    hits, same = typed_source_first("When was the agreement signed?", [plain, other], {plain.chunk.chunk_id: [dated]})
    assert hits == [dated, other] and same == {plain.chunk.chunk_id: [dated], dated.chunk.chunk_id: [plain]}
    answer = compose_answer("When was the agreement signed?", [plain, other], documents={}, abstain_below=0.45,
                            corroborating={plain.chunk.chunk_id: [dated]})
    assert not answer.abstained and answer.answer.startswith("The deal, signed Monday by")
    assert [c.doc_id for c in answer.citations][:2] == ["b", "a"]
    # a question that asks for no type, or for an amount, keeps the best source
    assert typed_source_first("Who agreed?", [dated, other], {dated.chunk.chunk_id: [plain]})[0] == [dated, other]
    assert typed_source_first("What was signed?", [plain], {plain.chunk.chunk_id: [dated]})[0] == [plain]
    # without the dated source the question is refused
    assert compose_answer("When was the agreement signed?", [plain, other], documents={},
                          abstain_below=0.45).abstained


# ------------------------------------------------------------------ composing answers

def _listed(text, locator, start):
    return make_hit(text, "26-usc-6103", kind="statute", locator=locator, start=start, relevance=0.7)


def test_common_locator_is_the_deepest_level_holding_every_passage():
    assert common_locator(["26 U.S.C. § 7213A(a)(1)", "26 U.S.C. § 7213A(a)(1)(A)",
                           "26 U.S.C. § 7213A(a)(1)(B)"]) == "26 U.S.C. § 7213A(a)(1)"
    assert common_locator(["26 U.S.C. § 7431(c)(1)(A)", "26 U.S.C. § 7431(c)(1)(B)(i)"]) == "26 U.S.C. § 7431(c)(1)"
    assert common_locator(["8 U.S.C. § 1253(a)(1)(D)", "8 U.S.C. § 1253(b)"]) == "8 U.S.C. § 1253"
    assert common_locator(["26 U.S.C. § 6103(i)(2)(B)(iv)"]) == "26 U.S.C. § 6103(i)(2)(B)(iv)"
    assert common_locator([None, None]) is None


_LIST_TEXT = ("It shall be unlawful for\n\n(A) any officer or employee, or\n\n(B) any other person, to inspect."
              "\n\n(2) Other.")


def _in_list_text(piece, locator, doc_id="26-usc-7213A"):
    return make_hit(piece, doc_id, kind="statute", locator=locator, start=_LIST_TEXT.index(piece), relevance=0.7)


def test_pin_cite_of_a_single_passage_is_its_locator():
    assert pin_cite({"locator": "26 U.S.C. § 6103(i)(2)(B)", "parts": []}) == "26 U.S.C. § 6103(i)(2)(B)"
    assert pin_cite({"locator": None, "parts": []}) is None
    same = [{"locator": "26 U.S.C. § 7213(a)(1)", "start": 0, "end": 5}, {"locator": "26 U.S.C. § 7213(a)(1)",
                                                                          "start": 6, "end": 9}]
    assert pin_cite({"locator": "26 U.S.C. § 7213(a)(1)", "parts": same}) == "26 U.S.C. § 7213(a)(1)"


def test_adjacent_passages_of_one_file_form_runs_in_reading_order():
    lead = _in_list_text("It shall be unlawful for", "26 U.S.C. § 7213A(a)(1)")
    a = _in_list_text("(A) any officer or employee, or", "26 U.S.C. § 7213A(a)(1)(A)")
    b = _in_list_text("(B) any other person, to inspect.", "26 U.S.C. § 7213A(a)(1)(B)")
    other = _in_list_text("(2) Other.", "26 U.S.C. § 7213A(a)(2)")
    texts = {"26-usc-7213A": _LIST_TEXT}
    assert adjacent_runs([b, lead, a], texts) == [[lead, a, b]]
    # a gap with words in it, a document whose text is unknown, a run past the limit: not joined
    assert adjacent_runs([lead, b], texts) == [[lead], [b]]
    assert adjacent_runs([b, lead, a], {}) == [[b], [lead], [a]]
    assert adjacent_runs([lead, a, b], texts, limit=60) == [[lead, a], [b]]
    # runs come in the order of their best passage
    assert adjacent_runs([other, a, lead], texts) == [[other], [lead, a]]


def test_a_statement_quoting_a_list_cites_it_as_one_verbatim_span():
    lead = _in_list_text("It shall be unlawful for", "26 U.S.C. § 7213A(a)(1)")
    a = _in_list_text("(A) any officer or employee, or", "26 U.S.C. § 7213A(a)(1)(A)")
    b = _in_list_text("(B) any other person, to inspect.", "26 U.S.C. § 7213A(a)(1)(B)")
    doc = SimpleNamespace(text=_LIST_TEXT, publisher=None, author=None, date=None)
    answer = compose_answer("Is it unlawful to inspect?", [b], documents={"26-usc-7213A": doc}, abstain_below=0.45,
                            lead_ins={a.chunk.chunk_id: lead, b.chunk.chunk_id: lead},
                            list_items={lead.chunk.chunk_id: [a, b]})
    first = answer.citations[0]
    assert first.quote == _LIST_TEXT[first.start:first.end] == _LIST_TEXT[:_LIST_TEXT.index("\n\n(2)")]
    assert first.locator == "26 U.S.C. § 7213A(a)(1)"
    assert [p.locator for p in first.parts] == ["26 U.S.C. § 7213A(a)(1)", "26 U.S.C. § 7213A(a)(1)(A)",
                                               "26 U.S.C. § 7213A(a)(1)(B)"]
    assert answer.sentences[0].citations == (1,) and answer.answer.count("[1]") == 1
    assert pin_cite(first.to_dict()) == "26 U.S.C. § 7213A(a)(1), with (A), (B)"
    assert "[1] Law · 26 U.S.C. § 7213A(a)(1), with (A), (B)" in answer.to_text()
    # without the document's text the passages keep a citation each, as before
    apart = compose_answer("Is it unlawful to inspect?", [b], documents={}, abstain_below=0.45,
                           lead_ins={a.chunk.chunk_id: lead, b.chunk.chunk_id: lead},
                           list_items={lead.chunk.chunk_id: [a, b]})
    assert len([c for c in apart.citations if c.quoted]) == 3 and not any(c.parts for c in apart.citations)


_REPORT = ("Todd Lyons, acting director of ICE, defended the partnership at the Expo on Tuesday. Working with "
           "Treasury is \"strictly for the major criminal cases,\" Lyons said.\nADVERTISEMENT\nCritics disagreed.")


def _in_report(piece, relevance):
    return make_hit(piece, "report", start=_REPORT.index(piece), relevance=relevance)


def test_sentences_of_reporting_that_follow_one_another_are_quoted_as_one_passage():
    intro = _in_report("Todd Lyons, acting director of ICE, defended the partnership at the Expo on Tuesday.", 0.8)
    said = _in_report("Working with Treasury is \"strictly for the major criminal cases,\" Lyons said.", 0.78)
    later = _in_report("Critics disagreed.", 0.76)
    doc = SimpleNamespace(text=_REPORT, publisher=None, author=None, date=None)
    answer = compose_answer("How did Todd Lyons characterize the work with Treasury?", [intro, said, later],
                            documents={"report": doc}, abstain_below=0.45)
    first = answer.citations[0]
    assert (first.start, first.end) == (intro.chunk.start, said.chunk.end) and first.quote == _REPORT[:said.chunk.end]
    assert answer.sentences[0].text == f"{intro.chunk.text} {said.chunk.text}"
    assert answer.sentences[0].citations == (1,)
    # a banner line between them keeps a sentence apart
    assert answer.sentences[1].text == "Critics disagreed." and answer.sentences[1].citations == (2,)
    # read in the article's order whichever ranks first
    answer = compose_answer("What did Lyons say?", [said, intro], documents={"report": doc}, abstain_below=0.45)
    assert answer.sentences[0].text == f"{intro.chunk.text} {said.chunk.text}"


def test_when_the_askers_story_happened_is_not_what_is_asked():
    from rag.answer import _asking_part

    assert "year" not in _asking_part("i got a deportation order a few years ago and never left, is that a crime")
    assert "year" not in _asking_part("i got ordered deported a couple years back and never left, is that a crime")
    assert "years" in _asking_part("how many years in prison for leaking a return?")


def test_a_sentence_that_says_someone_spoke_goes_on_to_what_they_said():
    intro = "Todd Lyons, acting director of ICE, defended the partnership at the Expo on Tuesday."
    said = "Working with Treasury is \"strictly for the major criminal cases,\" Lyons said."
    assert goes_on(intro, said)
    assert goes_on(intro, "“It is for criminal cases,” he said.")
    assert not goes_on(intro, "“It is for criminal cases,” Noem said.")  # someone else's words
    assert not goes_on(intro, "Critics disagreed.")
    assert not goes_on("Todd Lyons, acting director of ICE, was at the Expo.", said)  # he did not speak there
    assert not goes_on("Lyons said it is \"strictly for criminal cases.\"", said)  # it says what already
    # more of a ruling
    ruled = "The judge determined that no guidance barred the agreement."
    assert goes_on(ruled, "In addition, she ruled section 6103(i)(2)’s text is clear.")
    assert not goes_on("The plaintiffs appealed in May.", "In addition, she ruled the text is clear.")
    assert not goes_on(ruled, "She is a district judge.")
    # what follows each outcome of a check
    check = "Once ICE provides this information, the IRS will check whether the address matches its records."
    assert goes_on(check, "If there is no match, the IRS will respond with “no match.”")
    assert not goes_on(check, "The agreement was signed in April.")
    assert not goes_on("The IRS keeps addresses on file.", "If there is no match, the IRS will respond.")


def test_a_statement_that_someone_spoke_is_quoted_on_to_what_they_said():
    intro = _in_report("Todd Lyons, acting director of ICE, defended the partnership at the Expo on Tuesday.", 0.8)
    said = _in_report("Working with Treasury is \"strictly for the major criminal cases,\" Lyons said.", 0.3)
    doc = SimpleNamespace(text=_REPORT, publisher=None, author=None, date=None)
    asked = "How did the acting head of ICE justify the partnership?"
    answer = compose_answer(asked, [intro], documents={"report": doc}, abstain_below=0.45,
                            continuations={intro.chunk.chunk_id: said})
    first = answer.citations[0]
    assert (first.start, first.end) == (intro.chunk.start, said.chunk.end) and first.quote == _REPORT[:said.chunk.end]
    assert answer.sentences[0].text == f"{intro.chunk.text} {said.chunk.text}"
    assert len(answer.citations) == 1
    alone = compose_answer(asked, [intro], documents={"report": doc}, abstain_below=0.45)
    assert alone.citations[0].quote == intro.chunk.text


@pytest.mark.integration
def test_what_the_head_of_ice_said_is_quoted_with_who_said_it_on_the_real_index(real_assistant):
    answer = real_assistant.ask("How did the acting head of ICE justify the partnership with Treasury in his "
                                "remarks at the Phoenix border conference?")
    first = answer.citations[0]
    assert first.quote.startswith("Todd Lyons, acting director of ICE, defended the partnership")
    assert "\"strictly for the major criminal cases,\" Lyons said" in first.quote


def test_related_passages_that_follow_one_another_are_listed_as_one():
    lead = _in_list_text("It shall be unlawful for", "26 U.S.C. § 7213A(a)(1)")
    a = _in_list_text("(A) any officer or employee, or", "26 U.S.C. § 7213A(a)(1)(A)")
    b = _in_list_text("(B) any other person, to inspect.", "26 U.S.C. § 7213A(a)(1)(B)")
    best = make_hit("Inspecting a return without authority is a crime.", "report", relevance=0.9)
    others = [make_hit(f"Another passage, number {n}.", f"other{n}", relevance=0.6) for n in range(4)]
    doc = SimpleNamespace(text=_LIST_TEXT, publisher=None, author=None, date=None)
    answer = compose_answer("Is it a crime to inspect a return?", [best, a, lead, b, *others],
                            documents={"26-usc-7213A": doc}, abstain_below=0.45)
    related = [c for c in answer.citations if not c.quoted]
    assert related[0].locator == "26 U.S.C. § 7213A(a)(1)" and len(related[0].parts) == 3
    assert related[0].quote == _LIST_TEXT[related[0].start:related[0].end]
    assert len(answer.citations) == 5 and len(related) == 4  # room left for three more passages


def test_the_answer_reads_on_into_a_next_sentence_among_the_best_hits():
    text = ("Once ICE provides a name, the IRS will check whether the address matches its records. If there is no "
            "match, the IRS will respond with no match.\nADVERTISEMENT\nThe agency declined to comment.")
    doc = SimpleNamespace(text=text, publisher=None, author=None, date=None)

    def sentence(words, relevance):
        return make_hit(words, "report", start=text.index(words), relevance=relevance)

    check = sentence("Once ICE provides a name, the IRS will check whether the address matches its records.", 0.85)
    no_match = sentence("If there is no match, the IRS will respond with no match.", 0.6)
    declined = sentence("The agency declined to comment.", 0.6)
    answer = compose_answer("What does the IRS tell ICE when the address does not match?", [check, no_match, declined],
                            documents={"report": doc}, abstain_below=0.45)
    assert answer.sentences[0].text == f"{check.chunk.text} {no_match.chunk.text}"
    assert (answer.citations[0].start, answer.citations[0].end) == (check.chunk.start, no_match.chunk.end)
    # a sentence beyond site furniture is not read on into; it stays a related passage
    assert [c.quote for c in answer.citations if not c.quoted] == [declined.chunk.text]


def test_pieces_of_a_provision_quoted_as_separate_statements_are_read_in_order_once():
    text = ("The return of a person shall be open to inspection by\n\n(A) the individual;\n\n"
            "(B) in the case of a joint return, either spouse;\n\n(C) a partner.")
    lead = make_hit(text[:text.index("\n\n(B)")], "26-usc-6103", kind="statute", locator="26 U.S.C. § 6103(e)(1)",
                    relevance=0.7)
    joint = make_hit(text[text.index("(B)"):text.index("\n\n(C)")], "26-usc-6103", kind="statute",
                     locator="26 U.S.C. § 6103(e)(1)(B)", start=text.index("(B)"), relevance=0.72)
    doc = SimpleNamespace(text=text, publisher=None, author=None, date=None)
    answer = compose_answer("Can my ex see our joint return?", [joint, lead], documents={"26-usc-6103": doc},
                            abstain_below=0.45)
    assert answer.sentences[0].text == ("26 U.S.C. § 6103(e)(1): “The return of a person shall be open to inspection "
                                        "by (A) the individual; (B) in the case of a joint return, either spouse;”")
    assert answer.sentences[0].citations == (1,) and answer.citations[0].quote == text[:joint.chunk.end]


def test_an_ellipsis_marks_only_text_the_answer_leaves_out():
    text = "A request sets forth\n\n(i) the name;\n\n(ii) the period;\n\n(iii) the authority."
    doc = SimpleNamespace(text=text, publisher=None, author=None, date=None)

    def piece(words, locator):
        return make_hit(words, "26-usc-6103", kind="statute", locator=locator, start=text.index(words),
                        relevance=0.7)

    lead, first, third = (piece("A request sets forth", "26 U.S.C. § 6103(i)(2)(B)"),
                          piece("(i) the name;", "26 U.S.C. § 6103(i)(2)(B)(i)"),
                          piece("(iii) the authority.", "26 U.S.C. § 6103(i)(2)(B)(iii)"))
    lists = {lead.chunk.chunk_id: [first, third]}
    lead_ins = {first.chunk.chunk_id: lead, third.chunk.chunk_id: lead}
    answer = compose_answer("What does a request set forth?", [first, third], documents={"26-usc-6103": doc},
                            abstain_below=0.45, list_items=lists, lead_ins=lead_ins)
    assert "“A request sets forth (i) the name; … (iii) the authority.”" in answer.answer
    # without the file's text, items of a list are taken to be apart
    answer = compose_answer("What does a request set forth?", [first, third], documents={}, abstain_below=0.45,
                            list_items=lists, lead_ins=lead_ins)
    assert "“A request sets forth … (i) the name; … (iii) the authority.”" in answer.answer


def test_a_quoted_list_is_cited_first_where_its_own_words_answer():
    lead = _listed("Upon written request by the President, signed by him personally, the Secretary shall furnish "
                   "a return or return information with respect to any taxpayer named in such request,",
                   "26 U.S.C. § 6103(g)(1)", 0)
    a = _listed("(A) the name and address of the taxpayer,", "26 U.S.C. § 6103(g)(1)(A)", 200)
    c = _listed("(C) the taxable period or periods covered by such return or return information, and",
                "26 U.S.C. § 6103(g)(1)(C)", 240)
    lists, lead_ins = {lead.chunk.chunk_id: [a, c]}, {a.chunk.chunk_id: lead, c.chunk.chunk_id: lead}

    def cited(question, hits):
        answer = compose_answer(question, hits, documents={}, abstain_below=0.45, list_items=lists, lead_ins=lead_ins)
        return [x.locator for x in answer.citations]

    # (C) ranked first for its list's context, but only the lead-in says what is asked
    question = "can the president just ask the irs for anybodys tax returns"
    assert cited(question, [c, lead]) == [lead.chunk.locator, c.chunk.locator, a.chunk.locator]
    # nor do the words of a condition after what is asked ("... when someone is criminally charged ...")
    charged = _listed("If any person is criminally charged by indictment with disclosure of a taxpayer's return "
                      "in violation of", "26 U.S.C. § 7431(e)", 800)
    first = _listed("(1) section 7213(a), or", "26 U.S.C. § 7431(e)(1)", 900)
    notify = _listed("the Secretary shall notify such taxpayer as soon as practicable.", "26 U.S.C. § 7431(e)", 930)
    lists[charged.chunk.chunk_id] = [first, notify]
    answer = compose_answer("what must the Secretary do when someone is criminally charged with disclosing my "
                            "return?", [charged], documents={}, abstain_below=0.45, list_items=lists)
    assert [c.quote for c in answer.citations][:2] == [notify.chunk.text, charged.chunk.text]
    # a question citing where the list is asks for its items, which its lead-in frames in the same words
    assert cited("under 26 U.S.C. § 6103(g)(1), can the president ask for anybodys tax returns", [c, lead])[0] == \
        c.chunk.locator
    # ... unless the lead-in has the kind of thing asked for and the item lacks it: who may ask is named there
    heads = _listed("Upon receipt of a request from the head of any Federal agency or the Inspector General thereof, "
                    "the Secretary shall disclose return information for use in", "26 U.S.C. § 6103(i)(2)(A)", 600)
    ii = _listed("(ii) any investigation which may result in such a proceeding, or", "26 U.S.C. § 6103(i)(2)(A)(ii)",
                 750)
    i = _listed("(i) preparation for any judicial proceeding,", "26 U.S.C. § 6103(i)(2)(A)(i)", 700)
    lists[heads.chunk.chunk_id] = [i, ii]
    lead_ins.update({i.chunk.chunk_id: heads, ii.chunk.chunk_id: heads})
    assert cited("Who is allowed to make a disclosure request under Internal Revenue Code 6103(i)(2)(A)?",
                 [ii, heads])[0] == heads.chunk.locator
    # but not when the question cites that very item
    assert cited("Who is allowed to make a disclosure request under Internal Revenue Code 6103(i)(2)(A)(ii)?",
                 [ii, heads])[0] == ii.chunk.locator
    # the words of an opening condition and the words every question has do not count
    assert cited("if the president signs it, can it include a return for a taxable period", [c, lead])[0] == \
        c.chunk.locator
    # nor do the words of a citation: "(3) ... described in section 7430(c) ..." shares "section" and "c"
    # with "under section 7431(c)", not what is asked
    fees = _listed("(3) for a plaintiff described in section 7430(c), reasonable attorneys fees",
                   "26 U.S.C. § 7431(c)(3)", 500)
    actual = _listed("(B) the actual damages sustained by the plaintiff", "26 U.S.C. § 7431(c)(1)(B)", 450)
    liable = _listed("the defendant shall be liable to the plaintiff in an amount equal to the sum of",
                     "26 U.S.C. § 7431(c)", 400)
    lists[liable.chunk.chunk_id] = [actual, fees]
    lead_ins.update({actual.chunk.chunk_id: liable, fees.chunk.chunk_id: liable})
    assert cited("What damages can a plaintiff recover under section 7431(c)?", [fees, liable])[0] == \
        actual.chunk.locator
    # nor does a member win that lacks the kind of thing asked for, which the best ranked has
    penalty = _listed("(B) willfully fails to depart, shall be fined under title 18, or imprisoned not more than "
                      "4 years", "8 U.S.C. § 1253(a)(1)(B)", 400)
    depart = _listed("(A) willfully fails or refuses to depart from the United States within 90 days,",
                     "8 U.S.C. § 1253(a)(1)(A)", 300)
    alien = _listed("Any alien against whom a final order of removal is outstanding, who", "8 U.S.C. § 1253(a)(1)", 250)
    lists[alien.chunk.chunk_id] = [depart, penalty]
    lead_ins.update({depart.chunk.chunk_id: alien, penalty.chunk.chunk_id: alien})
    assert cited("What is the penalty for an alien who fails to depart within 90 days?", [penalty, alien])[0] == \
        penalty.chunk.locator


def test_a_lead_in_chosen_alone_is_quoted_with_its_list():
    lead = _listed("The term “return information” means", "26 U.S.C. § 6103(b)(2)", 0)
    a = _listed("(A) a taxpayer’s identity,", "26 U.S.C. § 6103(b)(2)(A)", 40)
    b = _listed("(B) any written determination.", "26 U.S.C. § 6103(b)(2)(B)", 70)
    lists = {lead.chunk.chunk_id: [a, b]}
    answer = compose_answer("What does return information mean?", [lead], documents={}, abstain_below=0.45,
                            list_items=lists)
    assert answer.answer == ("26 U.S.C. § 6103(b)(2): “The term “return information” means … (A) a taxpayer’s "
                             "identity, … (B) any written determination.” [1][2][3]")
    # the lead-in only names the list: the items are cited first, in reading order
    assert [c.locator for c in answer.citations] == [a.chunk.locator, b.chunk.locator, lead.chunk.locator]
    # with an item of the list chosen too, the item leads and the lead-in is quoted once
    answer = compose_answer("What does return information mean?", [b, lead], documents={}, abstain_below=0.45,
                            list_items=lists, lead_ins={b.chunk.chunk_id: lead})
    assert answer.answer.count("The term “return information” means") == 1
    assert answer.citations[0].locator == b.chunk.locator
    # unless the lead-in ranks above the item: then the list was matched as a whole
    answer = compose_answer("What does return information mean?", [lead, b], documents={}, abstain_below=0.45,
                            list_items=lists, lead_ins={b.chunk.chunk_id: lead})
    assert [c.locator for c in answer.citations] == [a.chunk.locator, b.chunk.locator, lead.chunk.locator]
    # a lead-in that says more than the list's name keeps its place
    long_lead = _listed("Upon receipt of a request from the head of any Federal agency, the Secretary shall disclose "
                        "return information for use in", "26 U.S.C. § 6103(i)(2)(A)", 0)
    answer = compose_answer("Who may ask?", [long_lead], documents={}, abstain_below=0.45,
                            list_items={long_lead.chunk.chunk_id: [a, b]})
    assert answer.citations[0].locator == long_lead.chunk.locator


def test_an_item_that_leads_into_its_own_list_is_quoted_with_it():
    def damages(text, place, start):
        return make_hit(text, "26-usc-7431", kind="statute", locator=f"26 U.S.C. § 7431(c){place}", start=start,
                        relevance=0.7)

    lead = damages("the defendant shall be liable in an amount equal to the sum of", "", 0)
    greater = damages("(1) the greater of", "(1)", 70)
    a = damages("(A) $1,000 for each act of unauthorized disclosure, or", "(1)(A)", 90)
    b = damages("(B) the actual damages sustained by the plaintiff, plus", "(1)(B)", 150)
    costs = damages("(2) the costs of the action, plus", "(2)", 210)
    fees = damages("(3) reasonable attorneys fees.", "(3)", 250)
    lists = {lead.chunk.chunk_id: [greater, costs, fees], greater.chunk.chunk_id: [a, b]}
    answer = compose_answer("What damages can a plaintiff recover under section 7431(c)?", [fees], documents={},
                            abstain_below=0.45, list_items=lists, lead_ins={fees.chunk.chunk_id: lead})
    assert "… (1) the greater of … (A) $1,000 for each act of unauthorized disclosure, or … (B) the actual " in \
        answer.answer
    assert answer.answer.index("(B) the actual") < answer.answer.index("(2) the costs")
    # the item whose own words answer is cited first ("the actual damages sustained by the plaintiff")
    assert [c.locator for c in answer.citations][:3] == [b.chunk.locator, fees.chunk.locator, lead.chunk.locator]
    assert {a.chunk.locator, b.chunk.locator} <= {c.locator for c in answer.citations}
    # a sub-list already quoted as its own statement is not quoted again
    answer = compose_answer("What damages?", [b, fees], documents={}, abstain_below=0.45, list_items=lists,
                            lead_ins={fees.chunk.chunk_id: lead, b.chunk.chunk_id: greater})
    assert answer.answer.count("(B) the actual damages") == 1


@pytest.mark.integration
def test_the_damages_list_is_quoted_whole_on_the_real_index(real_assistant):
    answer = real_assistant.ask("What damages can a plaintiff recover under section 7431(c)?")
    text = answer.answer
    assert "(1) the greater of (A) $1,000 for each act" in text  # not "(1) the greater of" alone
    assert text.count("(i) the actual damages sustained") == 1
    assert "26 U.S.C. § 7431(c)(1)(A)" in {part.locator for c in answer.citations for part in c.parts}


def test_a_list_item_that_only_points_elsewhere_is_cited_after_its_lead_in():
    assert not says_something("(2) section 7213A(a), or")
    assert not says_something("(1) paragraph (1) or (2) of section 7213(a),")
    assert not says_something("(B) the sum of")
    assert says_something("(i) the actual damages sustained by the plaintiff")
    lead = _listed("If any person is criminally charged with inspection or disclosure in violation of",
                   "26 U.S.C. § 7431(e)", 0)
    pointer = _listed("(2) section 7213A(a), or", "26 U.S.C. § 7431(e)(2)", 90)
    other = _listed("(1) paragraph (1) or (2) of section 7213(a),", "26 U.S.C. § 7431(e)(1)", 80)
    answer = compose_answer("What does 7431(e) require?", [pointer, lead], documents={}, abstain_below=0.45,
                            list_items={lead.chunk.chunk_id: [other, pointer]},
                            lead_ins={pointer.chunk.chunk_id: lead})
    assert answer.citations[0].locator == lead.chunk.locator
    # an item that says something leads, as ranked
    said = _listed("(3) the Secretary shall notify such taxpayer as soon as practicable.", "26 U.S.C. § 7431(e)(3)",
                   100)
    answer = compose_answer("What does 7431(e) require?", [said, lead], documents={}, abstain_below=0.45,
                            list_items={lead.chunk.chunk_id: [other, pointer, said]},
                            lead_ins={said.chunk.chunk_id: lead})
    assert answer.citations[0].locator == said.chunk.locator


DOCUMENTS = {"cnn": Document("cnn", "corpus/articles/cnn.txt", "article", "CNN story", "", publisher="CNN",
                             author="Marshall Cohen", date="2025-04-08")}


def test_abstains_when_nothing_is_relevant_enough():
    hits = [make_hit("The weather was mild.", "a", relevance=0.30),
            make_hit("Bread prices rose.", "b", relevance=0.20, start=40),
            make_hit("Flour was scarce.", "c", relevance=0.10, start=80),
            make_hit("Rye was cheap.", "d", relevance=0.05, start=120)]
    answer = compose_answer("Can the IRS share my address?", hits, documents={}, abstain_below=0.45)
    assert answer.abstained is True
    assert answer.answer == ABSTAIN_TEXT
    assert [c.n for c in answer.citations] == [1, 2, 3]  # the nearest passages, not claimed to answer
    assert [c.doc_id for c in answer.citations] == ["a", "b", "c"]
    assert answer.sentences == ()
    assert should_abstain(hits, 0.45)


def test_a_weak_first_passage_does_not_refuse_when_the_second_is_related():
    # e.g. a bare word match ranked first by BM25, with a meaning far from the question
    weak, related = make_hit("Workers were told.", "a", relevance=0.30), make_hit("Leaks are felonies.", "b",
                                                                                  relevance=0.60, start=40)
    assert not should_abstain([weak, related], 0.45)
    assert should_abstain([weak, make_hit("Rye was cheap.", "c", relevance=0.40, start=80), related], 0.45)
    assert not compose_answer("What happens to a leaker?", [weak, related], documents={},
                              abstain_below=0.45).abstained


def test_abstains_with_no_hits_at_all():
    answer = compose_answer("Anything?", [], documents={}, abstain_below=0.45)
    assert (answer.abstained, answer.citations, answer.answer) == (True, (), ABSTAIN_TEXT)


def test_abstention_names_the_unknown_terms():
    hits = [make_hit("Many undocumented immigrants pay taxes.", "a", relevance=0.9)]
    answer = compose_answer("Are DACA recipients affected?", hits, documents={}, abstain_below=0.45,
                            unknown_terms=["DACA"])
    assert answer.abstained
    assert answer.answer.startswith("The documents in this corpus don't say")
    assert "“DACA”" in answer.answer


def test_abstains_when_the_question_asks_for_a_person_nobody_names():
    hits = [make_hit("the agreement was signed on monday by the agencies.", "a", relevance=0.9)]
    answer = compose_answer("Who signed the agreement?", hits, documents={}, abstain_below=0.45)
    assert answer.abstained


def test_abstains_when_no_penalty_clause_punishes_the_act_asked_about():
    def clause(text, doc, locator, relevance, context):
        hit = make_hit(text, doc, kind="statute", relevance=relevance, locator=locator)
        return replace(hit, chunk=replace(hit.chunk, context=context))

    hits = [clause("Any violation of this paragraph shall be a felony punishable by a fine of $5,000.", "d",
                   "26 U.S.C. § 7213(a)(1)", 0.6, "Unauthorized disclosure It shall be unlawful for any officer "
                   "willfully to disclose any return. Any violation of this paragraph shall be a felony."),
            clause("shall be fined under title 18, or imprisoned not more than 4 years", "r",
                   "8 U.S.C. § 1253(a)(1)", 0.55, "Penalties Any alien who willfully fails or refuses to depart")]

    def abstains(question):
        return compose_answer(question, hits, documents={}, abstain_below=0.45).abstained

    # the corpus punishes disclosing a return and failing to depart, not filing late or lying
    assert abstains("whats the penalty for filing my taxes late")
    assert abstains("What is the penalty for lying on a tax return?")
    assert abstains("What is the penalty for not filing a state tax return in California?")
    assert abstains("how much can a business get fined for hiring workers who dont have papers")
    assert abstains("What fines can a business face for knowingly hiring undocumented workers?")  # "knowingly"
    # that the act is a crime says nothing of which act: every penalty clause says so
    assert abstains("What's the criminal penalty for a worker who uses someone else's Social Security number?")
    assert not abstains("can an irs employee go to jail for leaking my tax return?")  # leaking is disclosing
    # ... so is blabbing it; who did it ("a government worker", "someone") is not the act
    assert not abstains("if a government worker blabs my tax return to someone can they go to jail for it")
    assert not abstains("whats the punishment for not leaving the US after a deportation order")
    # coming back after a removal is an act of its own, which the penalty for not departing does not punish
    assert abstains("whats the max prison time for coming back into the us after being deported")
    assert abstains("What is the maximum prison sentence for a noncitizen who reenters after being deported?")
    reentry = clause("shall be fined, or imprisoned not more than 2 years", "u", "8 U.S.C. § 1326(a)", 0.5,
                     "Reentry of removed aliens Any alien who has been removed and thereafter enters the United "
                     "States shall be fined, or imprisoned not more than 2 years")
    assert not compose_answer("What is the maximum prison sentence for a noncitizen who reenters after being "
                              "deported?", [*hits, reentry], documents={}, abstain_below=0.45).abstained
    assert not abstains("What is the penalty?")  # no act named
    assert not abstains("What is the penalty under 26 U.S.C. § 7213(a)(1) for filing late?")  # a cited provision


def test_a_cited_location_answers_a_typed_question_from_anywhere_in_it():
    def item(text, place):
        return make_hit(text, "26-usc-6103", kind="statute", locator=f"26 U.S.C. § 6103(i)(2){place}",
                        relevance=0.6, cited=True, start=len(place) * 100)
    lead = item("A request meets the requirements of this subparagraph if the request is in writing and sets forth",
                "(B)")
    period = item("(ii) the taxable period or periods to which such return information relates;", "(B)(ii)")
    head = item("upon receipt of a request from the head of any Federal agency", "(A)")
    answer = compose_answer("Who must sign the request under 6103(i)(2)?", [lead, period, head], documents={},
                            abstain_below=0.45)
    assert not answer.abstained
    assert compose_answer("Who must sign the request under 6103(i)(2)?", [lead, period], documents={},
                          abstain_below=0.45).abstained


def test_a_cited_passage_is_answered_even_with_low_similarity():
    hits = [make_hit("(ii) the taxable period or periods to which such return information relates;", "26-usc-6103",
                     kind="statute", locator="26 U.S.C. § 6103(i)(2)(B)(ii)", relevance=0.2, cited=True)]
    answer = compose_answer("What does 6103(i)(2)(B)(ii) say?", hits, documents={}, abstain_below=0.45)
    assert not answer.abstained
    assert answer.answer == ("26 U.S.C. § 6103(i)(2)(B)(ii): “(ii) the taxable period or periods to which such "
                             "return information relates;” [1]")


def test_the_same_statement_from_several_sources_appears_once_citing_all():
    head = make_hit(SPOKESPERSON, "cnn", relevance=0.8)
    copy = make_hit(SPOKESPERSON_2, "other", relevance=0.7, start=500)
    answer = compose_answer("What did the Treasury spokesperson say?", [head, copy], documents=DOCUMENTS,
                            abstain_below=0.45, corroborating={head.chunk.chunk_id: [copy]})
    assert not answer.abstained
    assert len(answer.sentences) == 1
    assert answer.sentences[0].citations == (1, 2)
    assert answer.answer.endswith("[1][2]") and answer.answer.count("bases for this") == 1
    assert [(c.n, c.doc_id) for c in answer.citations] == [(1, "cnn"), (2, "other")]
    cnn = answer.citations[0]
    assert (cnn.publisher, cnn.author, cnn.date) == ("CNN", "Marshall Cohen", "2025-04-08")
    assert cnn.quote == SPOKESPERSON and (cnn.start, cnn.end) == (0, len(SPOKESPERSON))


def test_law_comes_before_reporting():
    article = make_hit("The IRS agreed to share taxpayer addresses with immigration authorities.", "news",
                       relevance=0.80)
    statute = make_hit("Returns and return information shall be confidential.", "26-usc-6103", kind="statute",
                       locator="26 U.S.C. § 6103(a)", relevance=0.78)
    answer = compose_answer("Can the IRS share addresses?", [article, statute], documents={}, abstain_below=0.45)
    assert [s.kind for s in answer.sentences] == ["statute", "article"]
    assert answer.answer.startswith("26 U.S.C. § 6103(a): “Returns and return information shall be confidential.”")
    assert [c.doc_id for c in answer.citations] == ["news", "26-usc-6103"]  # numbered by relevance
    assert answer.answer.endswith("immigration authorities. [1]")
    # a question about people, dates or rulings opens with the reporting when it holds the best passage
    named = make_hit("Treasury Secretary Scott Bessent signed it.", "news", relevance=0.80)
    office = make_hit("Returns shall be open to officers of the Department of the Treasury.", "26-usc-6103",
                      kind="statute", locator="26 U.S.C. § 6103(j)(3)", relevance=0.78)
    for question, kinds in [("Who is the Treasury Secretary?", ["article", "statute"]),
                            ("What does the Treasury Secretary do?", ["statute", "article"])]:
        answer = compose_answer(question, [named, office], documents={}, abstain_below=0.45)
        assert [s.kind for s in answer.sentences] == kinds, question


def test_a_passage_that_bears_on_nothing_is_not_quoted_beside_the_answer():
    # a tiny corpus: a statute sentence sharing one word with the question ranks right behind the
    # answer, and law is quoted first, so it would have opened the answer
    answer_hit = make_hit("Tickets cost 12 dollars.", "ferry", relevance=0.66)
    statute = make_hit("It shall be unlawful for any person willfully to offer any item of material value.",
                       "26-usc-7213", kind="statute", locator="26 U.S.C. § 7213(a)(4)", relevance=0.07)
    statute = replace(statute, score=0.6)
    answer = compose_answer("How much do tickets cost?", [answer_hit, statute], documents={}, abstain_below=0.45)
    assert answer.answer == "Tickets cost 12 dollars. [1]"
    assert [c.doc_id for c in answer.citations] == ["ferry"]
    # a passage the question cites is still quoted however it scores
    cited = replace(statute, cited=True)
    answer = compose_answer("How much do tickets cost?", [answer_hit, cited], documents={}, abstain_below=0.45)
    assert [c.doc_id for c in answer.citations] == ["ferry", "26-usc-7213"]


def test_every_sentence_cites_existing_numbers():
    texts = ["The agreement was signed by two secretaries on a Monday in April.",
             "Immigration officers may request taxpayer addresses for criminal investigations.",
             "Advocates sued to stop the plan before it could take effect.",
             "A federal court later allowed the information sharing to proceed.",
             "Some former officials warned that tax collections might fall as a result.",
             "The memorandum runs to fifteen pages and parts of it are redacted."]
    hits = [make_hit(text, f"d{i}", relevance=0.8 - i / 100, start=i * 100) for i, text in enumerate(texts)]
    answer = compose_answer("What about the agreement?", hits, documents={}, abstain_below=0.45, max_sentences=4)
    numbers = {c.n for c in answer.citations}
    # four quoting sentences, then the fifth passage listed as related, unquoted (top 5 in all)
    assert [s.kind for s in answer.sentences] == ["article"] * 4 + ["related"]
    assert all(s.citations and set(s.citations) <= numbers for s in answer.sentences)
    assert {n for s in answer.sentences for n in s.citations} == numbers
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert [c.quoted for c in answer.citations] == [True] * 4 + [False]



def test_related_passages_follow_the_answer_unquoted():
    answer_hit = make_hit("The IRS will confirm the last known address of each person ICE names.", "a")
    near = replace(make_hit("ICE will send the IRS names and addresses of people under investigation.", "b",
                            relevance=0.6, start=100), score=0.5)  # too far below to be quoted
    weak = replace(make_hit("Tax filings declined this spring.", "c", relevance=0.44, start=200), score=0.45)
    copy = replace(make_hit("The IRS will confirm the last known address of each person ICE names.", "d",
                            start=300), score=0.5)  # restates the answer
    overlap = replace(answer_hit, chunk=replace(answer_hit.chunk, chunk_id="x", end=answer_hit.chunk.end - 5),
                      score=0.4, relevance=0.7)  # the quoted passage itself, cut differently
    answer = compose_answer("Can ICE get my address?", [answer_hit, near, weak, copy, overlap],
                            documents={}, abstain_below=0.45)
    assert [(c.doc_id, c.quoted) for c in answer.citations] == [("a", True), ("b", False)]
    assert answer.sentences[-1] == AnswerSentence(RELATED_TEXT, (2,), "related")
    assert answer.answer.endswith(f"[1] {RELATED_TEXT} [2]")
    assert answer.to_text().count("(related, not quoted)") == 1
    assert answer.to_markdown().count("(related, not quoted)") == 1
    # no room left: top_k passages are already quoted
    assert [c.doc_id for c in compose_answer("Can ICE get my address?", [answer_hit, near], documents={},
                                             abstain_below=0.45, max_citations=1).citations] == ["a"]
    # an abstention's closest passages are not quoted either
    refused = compose_answer("Can ICE get my address?", [weak], documents={}, abstain_below=0.45)
    assert refused.abstained and [c.quoted for c in refused.citations] == [False]


@pytest.mark.parametrize("qualifier", ["However, return information shall not be disclosed to such persons if it "
                                       "would seriously impair Federal tax administration.",
                                       "The Secretary shall also notify such persons if it would seriously impair "
                                       "Federal tax administration.",
                                       "Persons so designated shall not use the information for any other purpose."])
def test_a_provision_quoted_whole_cites_the_rule_before_a_sentence_that_qualifies_it(qualifier):
    rule = make_hit("The Secretary may disclose the return of any taxpayer to such person as the taxpayer may "
                    "designate in a request for or consent to such disclosure.", "26-usc-6103", kind="statute",
                    relevance=0.7, locator="26 U.S.C. § 6103(c)", start=100)
    top = make_hit(qualifier, "26-usc-6103", kind="statute", relevance=0.75, locator="26 U.S.C. § 6103(c)",
                   start=100 + len(rule.chunk.text) + 1)
    pieces = [rule, top]
    answer = compose_answer("return information and designated persons", [top, rule], documents={},
                            abstain_below=0.3, provisions={h.chunk.chunk_id: pieces for h in pieces})
    assert answer.answer.startswith(f"26 U.S.C. § 6103(c): “{rule.chunk.text} {top.chunk.text}” [1][2]")
    # "However, ..." means little before the rule it limits, "... shall also ..." before the rule it adds
    # to; any other best sentence is cited first
    first = top if qualifier.startswith("Persons") else rule
    assert answer.citations[0].quote == first.chunk.text


PROHIBITION = make_hit("(A) any officer or employee of the United States, willfully to inspect any return.", "7213a",
                       kind="statute", relevance=0.7, locator="26 U.S.C. § 7213A(a)(1)(A)")
PROHIBITION = replace(PROHIBITION, chunk=replace(PROHIBITION.chunk, context="It shall be unlawful for "
                                                 + PROHIBITION.chunk.text))
SANCTION = make_hit("Any violation of subsection (a) shall be punishable upon conviction by a fine in any amount not "
                    "exceeding $1,000.", "7213a", kind="statute", relevance=0.4, locator="26 U.S.C. § 7213A(b)(1)",
                    start=500)
NOTICE = make_hit("The Secretary shall notify such taxpayer of such inspection.", "7431", kind="statute",
                  relevance=0.65, locator="26 U.S.C. § 7431(e)")


@pytest.mark.parametrize("question, order", [
    ("is it illegal for an irs clerk to browse my return?", "rule, sanction"),
    ("is that even against the law?", "rule, sanction"),
    # a penalty question is answered by the penalty, then the rule it enforces
    ("what is the penalty for browsing a return illegally?", "sanction, rule"),
    ("what happens to an irs worker who goes digging through my return?", "sanction, rule"),
    ("who can see my return?", "as ranked"),
])
def test_a_question_whether_it_is_unlawful_quotes_the_sanction_after_the_prohibition(question, order):
    rule, sanction, notice = PROHIBITION.chunk.locator, SANCTION.chunk.locator, NOTICE.chunk.locator
    expected = {"rule, sanction": [rule, sanction, notice], "sanction, rule": [sanction, rule, notice]}
    sanctions = {PROHIBITION.chunk.chunk_id: [replace(PROHIBITION, chunk=SANCTION.chunk)]}
    found = sanction_after_prohibition(question, [PROHIBITION, NOTICE], sanctions)
    assert [h.chunk.locator for h in found] == expected.get(order, [rule, notice])
    # a best hit that prohibits nothing has no sanction to add: a prohibition just below it and as
    # relevant opens the answer instead (for a penalty question, one nearly as relevant); a less relevant
    # one does not
    found = sanction_after_prohibition(question, [NOTICE, PROHIBITION], sanctions)
    assert [h.chunk.locator for h in found] == expected.get(order, [notice, rule])
    weaker = replace(PROHIBITION, relevance=0.5)
    assert sanction_after_prohibition(question, [NOTICE, weaker], sanctions) == [NOTICE, weaker]
    # nor does a prohibition of another act answer a penalty question
    if order == "sanction, rule":
        assert sanction_after_prohibition("what is the penalty for lying on a return?", [NOTICE, PROHIBITION],
                                          sanctions) == [NOTICE, PROHIBITION]


def test_a_penalty_question_finds_the_rule_against_its_act_however_far_down_it_ranked():
    others = [make_hit(f"An unrelated passage {n}.", f"other{n}", relevance=0.72, start=n * 100) for n in range(5)]
    sanctions = {PROHIBITION.chunk.chunk_id: [replace(PROHIBITION, chunk=SANCTION.chunk)]}
    question = "what happens to somebody at the irs who goes digging through my tax return"
    found = sanction_after_prohibition(question, [*others, PROHIBITION], sanctions)
    assert [h.chunk.locator for h in found[:2]] == [SANCTION.chunk.locator, PROHIBITION.chunk.locator]
    # ... as long as it is nearly as relevant as the best passage
    far = replace(PROHIBITION, relevance=0.55)
    assert sanction_after_prohibition(question, [*others, far], {far.chunk.chunk_id: sanctions[
        PROHIBITION.chunk.chunk_id]}) == [*others, far]


def test_a_prohibition_of_the_act_asked_about_opens_an_is_it_illegal_answer_when_nearly_as_relevant():
    sanctions = {PROHIBITION.chunk.chunk_id: [replace(PROHIBITION, chunk=SANCTION.chunk)]}
    close = replace(PROHIBITION, relevance=0.6)
    question = "is it illegal for an irs worker to inspect my return for no reason?"
    found = sanction_after_prohibition(question, [NOTICE, close], sanctions)
    assert [h.chunk.locator for h in found[:2]] == [PROHIBITION.chunk.locator, SANCTION.chunk.locator]
    # ... not when it names nothing the question does
    assert sanction_after_prohibition("is that even legal?", [NOTICE, close], sanctions) == [NOTICE, close]


DEPARTURE_PENALTY = make_hit("(A) willfully fails or refuses to depart from the United States within a period of 90 "
                             "days from the date of the final order of removal, shall be fined under title 18, or "
                             "imprisoned not more than four years.", "1253", kind="statute", relevance=0.7,
                             locator="8 U.S.C. § 1253(a)(1)(A)")


@pytest.mark.parametrize("question, another", [
    # the clause punishing the act names no dollar sum; another act's clause does: not an answer
    ("what is the actual dollar amount of the fine for failing to depart after a final removal order?", True),
    # a sum of dollars is not asked for: the clause punishing the act answers
    ("what is the penalty for failing to depart after a final removal order?", False),
    ("if my uncle gets convicted for not leaving after his removal order, how much money exactly would the fine be",
     True),
    # nothing punishes what it names
    ("what is the penalty for lying on a tax form?", True),
])
def test_a_penalty_question_is_judged_by_the_clause_punishing_its_act(question, another):
    assert penalty_for_another_act(question, [SANCTION, DEPARTURE_PENALTY]) is another


def test_the_sanctions_of_a_section_are_mapped_to_the_subsections_whose_violation_they_punish():
    from rag.assistant import _sanction_map

    assert punished_subsection(SANCTION.chunk.text) == "a"
    assert punished_subsection("Any violation of subsection (a) shall be reported.") is None  # no penalty
    assert punished_subsection(NOTICE.chunk.text) is None
    chunks = [PROHIBITION.chunk, NOTICE.chunk, SANCTION.chunk,
              replace(SANCTION.chunk, chunk_id="other", locator="26 U.S.C. § 7213A(c)",
                      text="Any violation of subsection (b) shall be punishable by a fine.")]
    # the prohibition's sanction; and the sanction's own, for a violation of subsection (b)
    assert _sanction_map(chunks) == {0: [2], 2: [3]}


# ------------------------------------------------------------------ the answer object

def citation(n=1, **overrides) -> Citation:
    values = dict(n=n, doc_id="26-usc-6103", title="26 U.S.C. § 6103 - Confidentiality", kind="statute",
                  locator="26 U.S.C. § 6103(i)(2)(A)", source="corpus/statutes/26-usc-6103.md", start=10, end=20,
                  quote="0123456789", score=0.83)
    return Citation(**{**values, **overrides})


def test_answer_object_keys_match_the_contract():
    answer = Answer("Q?", "A [1].", False, (citation(),), timing_ms={"retrieve": 1.0, "answer": 0.5, "total": 1.5})
    data = answer.to_dict()
    assert "id" not in data
    assert set(data) == ANSWER_KEYS | ANSWER_EXTRAS
    assert set(data["citations"][0]) == CITATION_KEYS | CITATION_EXTRAS
    assert data["citations"][0]["locator"] == "26 U.S.C. § 6103(i)(2)(A)"
    assert set(data["timing_ms"]) == {"retrieve", "answer", "total"}
    with_id = Answer("Q?", "A.", False, (), id="q17").to_dict()
    assert with_id["id"] == "q17" and list(with_id)[0] == "id"
    assert set(with_id) == ANSWER_KEYS | ANSWER_EXTRAS | {"id"}


def test_answer_json_round_trips():
    import json

    answer = Answer("Q?", "A [1].", False, (citation(quote="“quoted” §\u202f6103"),), id="x")
    assert json.loads(answer.to_json()) == answer.to_dict()
    assert "§\u202f6103" in answer.to_json()  # not escaped: readable output


def test_text_output_numbers_the_sources():
    answer = Answer("Q?", "It is so [1][2].", False,
                    (citation(1), citation(2, kind="article", locator=None, title="A news story", quote="Some  text")))
    text = answer.to_text()
    assert text.startswith("It is so [1][2].")
    assert "Sources:" in text
    assert "[1] Law · 26 U.S.C. § 6103(i)(2)(A)" in text
    assert "[2] Reporting · A news story" in text
    assert '"Some text"' in text
    assert "corpus/statutes/26-usc-6103.md [10:20]" in text
    abstained = Answer("Q?", ABSTAIN_TEXT, True, (citation(),)).to_text()
    assert "Closest passages (not an answer):" in abstained and "Sources:" not in abstained


def test_text_output_shows_control_characters_instead_of_sending_them_to_the_terminal():
    hostile = "\x1b]0;PWNED\x07\x1b[31mred\x9b2J\rover\x7f"
    answer = Answer("Q?", f"It is {hostile} [1].\n\tIndented.", False,
                    (citation(quote=hostile, title=hostile, locator=None, source=f"corpus/{hostile}.txt"),))
    text = answer.to_text()
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    assert "It is \\x1b]0;PWNED\\x07\\x1b[31mred\\x9b2J\\rover\\x7f [1].\n\tIndented." in text
    assert text.count("\\x1b]0;PWNED") == 4  # answer, title, quote and source
    assert json.loads(answer.to_json())["citations"][0]["quote"] == hostile  # the JSON stays exact
    assert terminal_safe("tab\tnewline\nlone \ud800 surrogate") == "tab\tnewline\nlone \\ud800 surrogate"


# ------------------------------------------------------------------ the real thing

@pytest.mark.integration
def test_answers_are_deterministic(real_assistant):
    for question in ["Who signed the agreement?", "What must a request under section 6103(i)(2) include?",
                     "What is the capital of France?"]:
        first, second = real_assistant.ask(question).to_dict(), real_assistant.ask(question).to_dict()
        assert first.pop("timing_ms").keys() == second.pop("timing_ms").keys()
        assert first == second


@pytest.mark.integration
def test_real_answer_is_cited_verbatim(real_assistant):
    data = real_assistant.ask("Who signed the agreement?", id="q1").to_dict()
    assert data["id"] == "q1" and data["abstained"] is False
    assert "Scott Bessent" in data["answer"] and "Kristi Noem" in data["answer"]
    assert set(data) == ANSWER_KEYS | ANSWER_EXTRAS | {"id"}
    root = real_assistant.settings.root_dir
    assert data["citations"]
    for c in data["citations"]:
        assert set(c) == CITATION_KEYS | CITATION_EXTRAS
        assert (root / c["source"]).read_bytes().decode("utf-8")[c["start"]:c["end"]] == c["quote"]
        assert f"[{c['n']}]" in data["answer"]
    assert data["timing_ms"]["total"] >= data["timing_ms"]["retrieve"] > 0


@pytest.mark.integration
@pytest.mark.parametrize("question", ["What is the capital of France?", "Who won the 2022 World Cup?",
                                      "Does having DACA protect me from my tax information being shared with ICE?",
                                      # near the topic, but asking for what the corpus never states
                                      "Who is the IRS Commissioner right now?",
                                      "How long will the data-sharing agreement stay in effect?",
                                      "About how many ITIN returns does the IRS get every year?"])
def test_real_abstention(real_assistant, question):
    data = real_assistant.ask(question).to_dict()
    assert data["abstained"] is True
    assert "don't say" in data["answer"]
    assert "[1]" not in data["answer"]
    assert len(data["citations"]) <= 3


@pytest.mark.integration
def test_a_question_whether_snooping_is_illegal_quotes_the_rule_and_its_penalty_on_the_real_index(real_assistant):
    data = real_assistant.ask("is it illegal for an irs employee to browse my tax return without a reason?").to_dict()
    locators = [c["locator"] for c in data["citations"]]
    assert locators[0].startswith("26 U.S.C. § 7213A(a)(1)")
    assert "26 U.S.C. § 7213A(b)(1)" in locators[:5]
    assert data["answer"].index("It shall be unlawful") < data["answer"].index("shall be punishable")


@pytest.mark.integration
@pytest.mark.parametrize("question", ["how many years in prison do you get for leaking someone's tax return?",
                                      "how many years of prison for giving out tax returns?",
                                      "how long is the prison sentence for leaking a tax return?"])
def test_how_many_years_in_prison_is_answered_by_the_penalty_for_that_act_on_the_real_index(real_assistant,
                                                                                           question):
    # leaking or giving out a return is disclosing it (§ 7213(a), up to 5 years), not inspecting it
    # (§ 7213A, 1 year) nor failing to depart (8 U.S.C. § 1253)
    data = real_assistant.ask(question).to_dict()
    assert data["citations"][0]["locator"].startswith("26 U.S.C. § 7213(a)")
    assert "5 years" in data["answer"].split("[1]")[0]


@pytest.mark.integration
def test_a_short_answer_lists_related_passages_on_the_real_index(real_assistant):
    # the answer quotes one sentence (ICE sought 700,000 addresses); the passages about the address
    # check that rank next are listed, unquoted, after it, up to five citations in all
    data = real_assistant.ask("Can ICE get my home address from the IRS?").to_dict()
    related = next(c for c in data["citations"] if "the IRS will confirm and disclose" in c["quote"]
                   or "the IRS will check whether the address" in c["quote"])
    assert related["quoted"] is False and len(data["citations"]) == 5
    numbers = [c["n"] for c in data["citations"] if not c["quoted"]]
    assert related["n"] in numbers
    assert data["sentences"][-1] == {"text": RELATED_TEXT, "citations": numbers, "kind": "related"}
    assert data["answer"].endswith(RELATED_TEXT + " " + "".join(f"[{n}]" for n in numbers))


@pytest.mark.integration
def test_the_spokesperson_quote_is_one_statement_citing_every_outlet(real_assistant):
    data = real_assistant.ask("What did the Treasury spokesperson say about the bases for the memorandum of "
                              "understanding?").to_dict()
    sentence = next(s for s in data["sentences"] if "founded in longstanding authorities" in s["text"])
    docs = {c["doc_id"] for c in data["citations"] if c["n"] in sentence["citations"]}
    assert {"cnn-irs-ice-deal-finalized", "irs-to-help-ice-find-immigrants", "irs-ice-agreement-finalized"} <= docs
    assert sum("founded in longstanding authorities" in s["text"] for s in data["sentences"]) == 1


@pytest.mark.integration
def test_how_a_court_ruled_is_answered_from_reporting_not_from_the_law(real_assistant):
    # § 6103(i)(7) says what a judge may order, and it opened this answer
    data = real_assistant.ask("What did the judge rule?").to_dict()
    assert not data["abstained"]
    assert data["citations"] and all(c["kind"] == "article" for c in data["citations"])
    assert data["answer"].startswith("However, the district court rejected their arguments.")
    # unless the user asks for the law
    law = real_assistant.ask("What did the judge rule?", kinds="statute").to_dict()
    assert law["citations"] and {c["kind"] for c in law["citations"]} == {"statute"}


@pytest.mark.parametrize("question, asks", [
    ("What did the judge rule?", True),
    ("did a judge stop the irs ice data deal or is it going ahead", True),
    ("Has the First Circuit blocked the agreement?", True),
    ("Has the First Circuit issued a ruling on the appeal?", True),
    ("Did the court issue its decision yet?", True),
    ("Did the appeals court end up reversing the decision?", True),
    ("Has the panel ultimately affirmed it?", True),
    # after an opening phrase, and finding or holding is ruling
    ("In the May ruling, did the court find the IRS has any discretion?", True),
    ("On what date did the district court let the agreement take effect?", True),
    # how a court read the law is how it ruled
    ("How did the district judge interpret the text of section 6103(i)(2)?", True),
    ("How did the court read the statute's requirements?", True),
    # after an opening clause
    ("In denying the preliminary injunction, how did the district judge read section 6103(i)(2)?", True),
    # how a court weighed something is asked of its reasoning, which reporting gives
    ("Did the court consider whether ICE would file charges?", True),
    ("In allowing the agreement, how did the district court treat whether ICE intends to bring charges?", True),
    ("Can a judge order the IRS to open returns?", False),
    ("Does a court consider the alien's age under 8 U.S.C. § 1253(a)(3)?", False),
])
def test_asks_how_a_court_ruled(question, asks):
    assert asks_how_a_court_ruled(question) is asks


@pytest.mark.integration
def test_whether_a_judge_stopped_the_deal_opens_with_a_ruling(real_assistant):
    # it opened with the hub sentence "This marks the first time the IRS has formally agreed ..."
    data = real_assistant.ask("did a judge stop the irs ice data deal or is it going ahead").to_dict()
    assert data["answer"].startswith("On May 12, 2025, a federal district court allowed")


@pytest.mark.integration
def test_a_list_item_that_opens_a_list_of_its_own_is_quoted_with_it(real_assistant):
    """§ 7431(c)(1)(B) "the sum of" leads into (i) actual and (ii) punitive damages: each of those is
    quoted under it, not as a bare "(i) the actual damages ..., plus"."""
    answer = real_assistant.ask("When are punitive damages available under 26 U.S.C. § 7431(c)?")
    first = answer.sentences[0].text
    assert first.startswith("26 U.S.C. § 7431(c)")  # the provision in its own order, the list within it
    assert "(B) the sum of (i) the actual damages" in first
    assert "(ii) in the case of a willful inspection or disclosure" in first


def test_an_abstention_lists_the_closest_passages_as_retrieval_ranked_them():
    """Picking the asked-for type reorders an answer's passages; the closest passages of an abstention
    are listed as ranked ("For penalty ..., see section 7216" before a clause of another section)."""
    pointer = make_hit("For penalty for disclosure by preparers of returns, see section 7216.", "a", kind="statute",
                       relevance=0.40, locator="26 U.S.C. § 7213(e)(1)")
    clause = make_hit("Any violation shall be a felony punishable by a fine of $5,000.", "b", kind="statute",
                      relevance=0.38, locator="26 U.S.C. § 7213(a)(2)")
    answer = compose_answer("What is the penalty for a preparer?", [pointer, clause], documents={},
                            abstain_below=0.45)
    assert answer.abstained
    assert [c.quote for c in answer.citations] == [pointer.chunk.text, clause.chunk.text]


def test_the_closest_passages_of_an_abstention_that_follow_one_another_are_listed_as_one():
    lead = _in_list_text("It shall be unlawful for", "26 U.S.C. § 7213A(a)(1)")
    a = _in_list_text("(A) any officer or employee, or", "26 U.S.C. § 7213A(a)(1)(A)")
    far = [make_hit(f"Unrelated passage {n}.", f"far{n}", relevance=0.2) for n in range(3)]
    lead, a = replace(lead, relevance=0.3, score=0.3), replace(a, relevance=0.25, score=0.25)
    doc = SimpleNamespace(text=_LIST_TEXT, publisher=None, author=None, date=None)
    answer = compose_answer("Is it unlawful to inspect?", [lead, a, *far], documents={"26-usc-7213A": doc},
                            abstain_below=0.45)
    assert answer.abstained
    assert [c.locator for c in answer.citations] == ["26 U.S.C. § 7213A(a)(1)", None, None]
    assert answer.citations[0].quote == _LIST_TEXT[:a.chunk.end] and answer.citations[0].score == 1.0


def test_what_a_question_wants_looked_for_further():
    from rag.answer_types import wanted_passage

    wanted = wanted_passage("I'm scared. Had the IRS already passed anybody's tax information to immigration?")
    assert wanted("IRS officials insist that no data has been handed over to ICE yet.")
    assert not wanted("Many undocumented immigrants pay taxes with ITINs.")
    # a question whose answer is worded like the question needs no further look
    assert wanted_passage("Who signed the agreement?") is None
    assert wanted_passage("What does section 7213 say?") is None


def test_a_cross_reference_to_another_section_is_where_the_law_answers():
    from rag.answer_types import referred_elsewhere

    cross = statute_hit("For penalty for disclosure or use of information by preparers of returns, see section 7216.",
                        "26 U.S.C. § 7213(e)(1)", 0.6, None, doc_id="26-usc-7213")
    other = statute_hit("Any violation of this paragraph shall be a felony.", "26 U.S.C. § 7213(a)(3)", 0.65, None,
                        doc_id="26-usc-7213")
    asked = "What is the penalty for a tax preparer who gives a client's return to immigration agents?"
    assert referred_elsewhere(asked, [other, cross]) == ("26", "7216")
    # not for a question about someone else, nor one asking no penalty of a preparer
    assert referred_elsewhere("What is the penalty for an IRS employee who leaks a return?", [other, cross]) is None
    assert referred_elsewhere("can i let my tax preparer see my irs records if i say its ok", [other, cross]) is None


@pytest.mark.integration
def test_a_preparers_penalty_is_refused_naming_the_section_the_corpus_lacks(real_assistant):
    answer = real_assistant.ask("What is the fine for a tax preparer who shares my return without my consent?")
    assert answer.abstained and "26 U.S.C. § 7216" in answer.answer


def test_a_statute_passage_of_the_kind_asked_answers_with_a_little_less_relevance():
    sum_of_money = statute_hit("(A) $1,000 for each act of unauthorized inspection or disclosure of a return",
                               "26 U.S.C. § 7431(c)(1)(A)", 0.42, doc_id="26-usc-7431")
    loose = make_hit("Many immigrants pay taxes every year.", "loose", relevance=0.3)

    def abstains(question, hits):
        return compose_answer(question, hits, documents={}, abstain_below=0.45).abstained

    assert not abstains("how much money could i get if the irs leaked my return?", [sum_of_money, loose])
    # not a passage of no kind asked, nor one below the margin
    assert abstains("what does the law say about leaks?", [sum_of_money, loose])
    assert abstains("how much money could i get if the irs leaked my return?",
                    [replace(sum_of_money, relevance=0.39), loose])
