"""Civilians: the people and property outside any armed party an event hit.

ACLED names them "Civilians" (of the event's country, or of the country the
text names with them: "a Vietnamese fishing boat"). Read here from one
sentence: a target after the trigger or inside it ("struck a residential
building", "killed 12 civilians"), people as a verb's object ("detained six
activists"), a toll ("killing four, medics said"), or people and their
vehicles hit in the passive before the trigger ("A minibus carrying
volunteers was hit by"). :mod:`geo.extract.roles` gives them their role.
"""

import re

from geo.extract.event_words import NATIONS_PEOPLE
from geo.extract.first_words import may_begin
from geo.extract.party_lexicon import country_code
from geo.extract.patterns import caseless, stretch_words
from geo.extract.text import Span

# The target is people or property outside any armed party: ACLED's "Civilians".
CIVILIANS = "Civilians"
# Civilians of a country the text names with them: CIVILIANS + NATIONALITY + code.
NATIONALITY = "@"
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")


def civilian_target(text: str, sentence: Span, trigger: Span) -> re.Match | None:
    """Return the words naming a target outside any armed party, after the trigger or in it.

    "struck a residential building"; "boarded a Filipino fishing boat", where
    the trigger holds its object.
    """
    words = stretch_words(text, sentence.start, sentence.end)
    if words is None or _CIVILIAN_FIRST is None or may_begin(_CIVILIAN_FIRST, words):
        found = _CIVILIAN_TARGET.match(text, trigger.end, sentence.end)
        if found is not None:
            return found
        if "targeting" in text[trigger.end : sentence.end]:
            # "..., deliberately targeting the civil population with artillery":
            # the aim the clause gives its verb, after a comma.
            aim = _AIMED_AT.search(text, trigger.end, sentence.end)
            if aim is not None:
                return aim
    return _target_inside(text, trigger)


def inner_civilians(text: str, trigger: Span) -> str | None:
    """Return the civilians a trigger's own words name after its verb ("killed 12 civilians")."""
    found = _target_inside(text, trigger)
    return civilians_of(found.group()) if found is not None else None


def _target_inside(text: str, trigger: Span) -> re.Match | None:
    """Return the civilian target a trigger's own words name after its first word."""
    gap = trigger.text.find(" ")
    return _CIVILIAN_TARGET.match(text, trigger.start + gap, trigger.end) if gap > 0 else None


def civilians_of(phrase: str) -> str:
    """Return the civilians a target phrase names, of their country if it says ("Syrian")."""
    for word in _CAPITALISED.findall(phrase):
        code = country_code(word)
        if code is not None:
            return f"{CIVILIANS}{NATIONALITY}{code}"
    return CIVILIANS


_CIVILIAN_KINDS = (
    r"civilians?|residents?|homes?|houses?|residential|apartments?|hospitals?"
    r"|(?:civil(?:ian)?\s+)population"
    r"|schools?|markets?|fishermen|fishing\s+(?:boats?|vessels?)|merchant\s+(?:vessels?|ships?)"
    r"|tankers?|bulk\s+carriers?|cargo\s+ships?|container\s+ships?|villagers|farmers"
    r"|(?:civilian|passenger|supply|resupply)\s+(?:boats?|vessels?|ships?)|ferr(?:y|ies)|trawlers?"
    r"|passers?-by|drivers|buses|bus\b|power\s+(?:plants?|stations?|grid)|energy\s+infrastructure"
    r"|displaced|refugees|worshippers|journalists|aid\s+workers|humanitarian"
    # Places of worship, of gathering and of living that are no party's.
    r"|monaster(?:y|ies)|temples?|pagodas?|mosques?|churches|church|shrines?|bus\s+stations?"
    r"|(?:cattle|displacement|IDP|refugee)\s+(?:camps?|sites?)|wedding|funeral|clinics?"
    r"|universit(?:y|ies)|villages?|neighbou?rhoods?|shops?"
    # "struck a car carrying a family", "a seminary in Bahawalpur".
    r"|cars?|famil(?:y|ies)|seminar(?:y|ies)|madrass?as?|kindergartens?|restaurants?|cafes?"
    r"|hotels?|guesthouses?"
    # "an electricity company crew", "repair workers".
    r"|(?:company|utility|repair|maintenance|construction|electricity|power|water)\s+(?:crews?"
    r"|workers|teams?|employees)"
    # "a clearly marked UN vehicle", "an UNRWA school": the UN's aid, no party's forces.
    r"|(?:UN|UNRWA|WFP|UNICEF)\s+(?:vehicles?|convoys?|staff|workers|compounds?|schools?"
    r"|shelters?|warehouses?|premises|clinics?|trucks?)"
)
_CIVILIAN_TARGET = re.compile(
    rf"[^.;,]{{0,40}}?\b(?:{_CIVILIAN_KINDS})\b"
    # "civilians said": who tells, not the target.
    r"(?!\s+(?:(?:also|later)\s+)?(?:said|says|told|reported)\b)",
    re.I,
)
_AIMED_AT = re.compile(
    rf",\s+(?:\w+ly\s+)?targeting\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{_CIVILIAN_KINDS})\b",
    re.I,
)
# The words a civilian target begins with: a sentence without any is not matched.
_CIVILIAN_FIRST = caseless(rf"\b(?:{_CIVILIAN_KINDS})\b").first

# A merchant ship named before the event that hit it, and no warship.
CIVILIAN_SHIP = re.compile(
    r"\b(?:merchant|commercial|cargo|bulk|container|crude|oil|chemical|LPG|LNG)\s+"
    r"(?:vessels?|ships?|carriers?|tankers?)\b|\b(?:tankers?|bulk\s+carriers?|freighters?"
    r"|fishing\s+(?:boats?|vessels?|dhows?)|dhows?|trawlers?|ferr(?:y|ies)|yachts?"
    r"|(?:civilian|passenger|supply|resupply)\s+(?:boats?|vessels?|ships?))\b"
    r"(?![^.;]{0,40}\b(?:navy|naval|warship))",
    re.I,
)

# The toll of an attack on people outside any armed party: "killing a 64-year-old
# man", "wounding nine people", "damaging a school".
CIVILIAN_TOLL = re.compile(
    r"\b(?:killing|killed|wounding|wounded|injuring|injured|damaging|damaged|destroying"
    r"|hitting)\s+"
    # "killing the town's mayor and at least five other people": one named first.
    r"(?:(?:[\w'’-]+\s+){1,4}?and\s+)?"
    r"(?:at\s+least\s+|more\s+than\s+|about\s+|some\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:civilians?|people|persons|residents|m[ae]n|wom[ae]n|child(?:ren)?|girls?|boys?"
    r"|famil(?:y|ies)|passengers?|drivers?|farmers?|villagers?|houses?|homes?|schools?|hospitals?"
    r"|workers?|employees?|shoppers?|pedestrians?|commuters?|fishermen|teachers?|pupils?|students?"
    r"|residents?|\d+-year-olds?"
    # "killing four, medics said": a count of people with no noun.
    r"|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens)(?=\s*[,.;])"
    r"|mosques?|churches|markets?|(?:block|blocks)\s+of\s+flats|apartment\s+blocks?"
    r"|residential\s+(?:buildings?|areas?)"
    # "killed five Palestinians": people by their nation.
    rf"|{NATIONS_PEOPLE})\b",
    re.I,
)

# Hit in the passive, before the trigger: people, or a vehicle or home that carries them.
PEOPLE_HIT_BEFORE = re.compile(
    r"\b(?:(?:an?|the|two|three|four|five|\d+)\s+)?(?:\d+-year-old|boys?|girls?|child(?:ren)?"
    r"|wom[ae]n|m[ae]n|civilians?|residents?|farmers?|villagers?|drivers?|people|persons"
    r"|teenagers?|famil(?:y|ies)|passengers?|workers?|fisherm[ae]n|shepherds?|pensioners?"
    r"|minibus(?:es)?|bus(?:es)?|cars?|vans?|ambulances?|houses?|homes?|tents?"
    r"|schools?|hospitals?|markets?)"
    r"(?:\s+(?!was\b|were\b)[\w-]+){0,3}\s+(?:was|were)(?:\s+(?:killed|wounded|injured|hurt|hit"
    r"|struck|damaged|destroyed))?\s*$",
    re.I,
)
# People killed, told in the passive after the trigger: "and at least four civilians were killed".
_PASSIVE_TOLL = re.compile(
    r"[^.;]*?\band\s+(?:at\s+least\s+|more\s+than\s+|about\s+|some\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:civilians?|people|persons|residents|m[ae]n|wom[ae]n|child(?:ren)?|villagers|farmers)\s+"
    r"(?:were|was)\s+(?:killed|wounded|injured)\b",
    re.I,
)


def toll_later(text: str, start: int, end: int) -> bool:
    """Return whether people killed or hurt end the trigger's clause, past its place and time.

    "The SDF shelled Dhiban with mortars, and at least four civilians were
    killed"; "dropped barrel bombs on Nasir, in Upper Nile state, on Sunday
    night, killing at least 21 people".
    """
    window = text[start:end].lower()
    if not any(word in window for word in _TOLL_STEMS):
        return False  # most clauses tell no toll: no pattern is run over them
    return bool(_PASSIVE_TOLL.match(text, start, end) or _TOLL_AFTER_COMMAS.match(text, start, end))


_TOLL_STEMS = ("kill", "wound", "injur", "damag", "destroy", "hitting")
# People as a verb's object: "detained a man", "arrested two suspects", "abducted women".
PEOPLE_OBJECT = re.compile(
    r"\s+(?:(?:an?|the|two|three|four|five|six|seven|eight|nine|ten|\d+|several|dozens\s+of"
    r"|at\s+least\s+\w+|more\s+than\s+\w+"
    # "detained about 40 young men", "arrested some 30 people".
    r"|(?:about|some|around|nearly|almost|over|up\s+to|roughly)\s+\w+)\s+)?(?:[\w-]+\s+)?"
    r"(?:m[ae]n|wom[ae]n|suspects?"
    r"|teenagers?|boys?|girls?|children|people|persons|worshippers|protesters|students"
    # "detained six activists ..., accusing them of collaborating with the RSF".
    r"|activists?|journalists?|reporters?|residents?|villagers?|civilians?|farmers?|herders?"
    r"|traders?|merchants?|doctors?|teachers?|lawyers?|priests?|imams?|youths?)\b",
    re.I,
)
# ", killing at least 21 people" at the end of the trigger's clause, past its place and time.
_TOLL_AFTER_COMMAS = re.compile(r"[^.;]*?,\s+" + CIVILIAN_TOLL.pattern[2:], re.I)
