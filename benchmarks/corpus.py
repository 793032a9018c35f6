"""Synthetic news reports for the scale benchmarks: varied theatres, places, dates and zones.

Not a quality test set (that is tests/fixtures/devset, annotated by hand): these
reports exist to load the pipeline the way a large scraped batch does. Each
report is about 3 KB: a headline, a dateline, a publication date, and a dozen
sentences built from templates in the styles wire copy uses, naming towns of
one theatre (GeoNames towns of 50,000+ people in the countries at war in the
news), the parties, event verbs, dates told as weekdays or month and day,
distances that are not zone sizes and, in a share of reports, a zone told with
its radius. Everything is drawn from a seeded random generator, so a run is
repeatable.

    from benchmarks.corpus import make_reports
    texts = make_reports(500, seed=1, zone_share=1.0)
"""

from __future__ import annotations

import datetime as dt
import random

# Theatres as ISO country codes; towns are drawn from the gazetteer per theatre.
THEATRES = {
    "Ukraine": ("UA",),
    "Syria and Iraq": ("SY", "IQ"),
    "Yemen and the Red Sea": ("YE",),
    "Lebanon and Israel": ("LB", "IL"),
    "Sudan": ("SD",),
    "the Sahel": ("ML", "BF", "NE"),
    "Korea": ("KR", "KP"),
    "Kashmir": ("IN", "PK"),
    "the Caucasus": ("AZ", "AM"),
    "Somalia": ("SO",),
}
PARTIES = [
    "Russian forces",
    "Ukrainian troops",
    "Houthi forces",
    "Israeli jets",
    "Hezbollah fighters",
    "the Rapid Support Forces",
    "Sudanese army units",
    "Islamic State militants",
    "coalition aircraft",
    "U.S. forces",
    "Turkish drones",
    "government forces",
    "rebel fighters",
    "militia fighters",
    "Iraqi forces",
    "al-Shabaab fighters",
]
EVENTS = [
    "{a} struck {t} near {p} on {d}",
    "{a} shelled positions outside {p} on {d}, local officials said",
    "A drone strike hit a depot in {p} on {d}",
    "An air strike on {p} killed {n} people on {d}, according to medics",
    "{a} attacked a checkpoint near {p} early on {d}",
    "Rocket fire from {a} hit {p} on {d}",
    "{a} said they shot down a drone over {p} on {d}",
    "Artillery fire struck the outskirts of {p} on {d}",
    "A roadside bomb exploded near a patrol in {p} on {d}",
    "Warplanes bombed {t} in {p} on {d}",
]
TARGETS = [
    "a fuel depot",
    "an ammunition store",
    "a convoy",
    "a bridge",
    "a power station",
    "a military base",
    "a market",
    "supply lines",
]
FILLER = [
    "The claims could not be independently verified.",
    "Officials in {p} said rescue teams were still searching the rubble.",
    "The ministry did not respond to a request for comment on {d}.",
    "Residents of {p} described hearing several loud explosions before dawn.",
    "Analysts said the fighting around {p} had intensified over the past month.",
    "The front line runs about {k} km east of {p}, according to maps published by both sides.",
    "Aid groups warned that roads to {p} had been cut for {n} days.",
    "A spokesman for {a} declined to give details of the operation.",
    "Satellite images taken on {d} showed damage to several buildings in {p}.",
    "The convoy came within {k} miles of {p} before turning back.",
    "Talks on a ceasefire are due to resume next week in {c}.",
    "{n} people were wounded, the regional governor said.",
]
ZONES = [
    "{a} declared a {k}-kilometre exclusion zone around {z} on {d}.",
    "The {k}-mile deconfliction zone around {z} has been in place since {m}.",
    "A no-fly zone with a radius of {k} km was announced over {z}.",
    "Forces were ordered to stay outside a {k} km (about {j} mile) security perimeter around {z}.",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["Wire", "Regional Daily", "Defence Weekly", "Evening Post", "News Agency"]


def theatre_towns(min_population: int = 20_000) -> dict[str, list[str]]:
    """Return the town names of each theatre, from the offline gazetteer, largest first."""
    from geo.geocode.gazetteer import default_gazetteer

    places = default_gazetteer().places
    towns: dict[str, list[str]] = {}
    for theatre, countries in THEATRES.items():
        found = sorted(
            (
                p
                for p in places
                if p.country in countries
                and not p.is_country
                and p.population >= min_population
                and p.id.startswith("geonames:")
                and p.name.replace(" ", "").replace("-", "").isalpha()
            ),
            key=lambda p: (-p.population, p.name),
        )
        towns[theatre] = [p.name for p in found[:400]]
    return towns


def _day(rng: random.Random, published: dt.date) -> tuple[str, str]:
    """Return how a report names a day before ``published``, and its month name."""
    back = rng.randrange(0, 6)
    day = published - dt.timedelta(days=back)
    if rng.random() < 0.5:
        return WEEKDAYS[day.weekday()], MONTHS[day.month - 1]
    return f"{MONTHS[day.month - 1]} {day.day}", MONTHS[day.month - 1]


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def make_report(
    rng: random.Random, towns: dict[str, list[str]], *, zone: bool, target_chars: int = 3000
) -> str:
    """Return one report's text (with its ``date`` line and ``Source »`` line)."""
    theatre = rng.choice(sorted(towns))
    # A report is about a few places of its theatre, which it names again and again.
    names = rng.sample(towns[theatre], min(8, len(towns[theatre])))
    published = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(8 * 365))
    capital = names[0]

    def fill(template: str) -> str:
        day, month = _day(rng, published)
        k = rng.choice([3, 5, 8, 10, 12, 15, 20, 25, 30, 34, 40, 50, 55, 70])
        return template.format(
            a=rng.choice(PARTIES),
            t=rng.choice(TARGETS),
            p=rng.choice(names),
            d=day,
            m=month,
            n=rng.randint(2, 40),
            k=k,
            z=rng.choice(towns[theatre]),
            j=round(k / 1.609),
            c=capital,
        )

    headline = fill("{a} strike {t} near {p}").upper()
    dateline = rng.choice(names).upper()
    sentences = [_capital(fill(rng.choice(EVENTS)) + ".")]
    if zone:
        sentences.append(_capital(fill(rng.choice(ZONES))))
    length = len(headline) + sum(len(s) + 1 for s in sentences)
    while length < target_chars:
        template = rng.choice(EVENTS) + "." if rng.random() < 0.15 else rng.choice(FILLER)
        sentence = _capital(fill(template))
        sentences.append(sentence)
        length += len(sentence) + 1
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    body = "\n\n".join(paragraphs)
    return (
        f"date {published.isoformat()}\n{headline}\n\n{dateline} — {body}\n\n"
        f"Source » {rng.choice(OUTLETS)}\n"
    )


def make_reports(count: int, *, seed: int = 1, zone_share: float = 1.0) -> list[str]:
    """Return ``count`` varied reports; ``zone_share`` of them tell a zone."""
    rng = random.Random(seed)
    towns = theatre_towns()
    return [make_report(rng, towns, zone=rng.random() < zone_share) for _ in range(count)]
