"""The quick reading of incidents gives what the plain scans give, on generated reports."""

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.extract import incidents
from geo.extract.dates import find_dates
from geo.extract.nearby import PointIndex
from geo.extract.places import find_place_mentions
from geo.extract.roles import actors_of
from geo.extract.text import TAIL_CHARS, _tail, headline, sentences
from geo.extract.unplaced import _overlaps
from geo.geocode.gazetteer import default_gazetteer
from geo.geocode.rank import distance_km
from geo.read.articles import article_from_text
from tests.extract import reference_reading as reference

# Words of news sentences, grouped so that generated text reads like reports:
# events of every kind, places (some near each other, some not), dates, parties,
# cues, speakers, hedges and the words that join them.
_EVENTS = [
    "struck",
    "hit",
    "attacked",
    "shelled",
    "bombed",
    "fired at",
    "shot down",
    "destroyed",
    "a drone strike",
    "an air strike",
    "the strike",
    "another strike",
    "the attack",
    "a second attack",
    "drone attacks",
    "strikes",
    "artillery fire",
    "a roadside bomb",
    "was struck by",
    "were hit by",
    "targeted",
    "dropped a munition on",
    "killed 12 militants",
    "fired at the drones",
    "were shot down",
]
_PLACES = [
    "At Tanf",
    "Aleppo",
    "Homs",
    "Damascus",
    "Palmyra",
    "Deir ez-Zor",
    "Baghdad",
    "Syria",
    "Iraq",
    "Kharkiv",
    "Kyiv",
    "Hodeidah",
    "the Red Sea",
    "Beirut",
    "Idlib",
    "Raqqa",
]
_DATES = [
    "on Monday",
    "on Thursday",
    "on June 8",
    "on May 18",
    "yesterday",
    "in October 2015",
    "on Tuesday, June 6",
    "later that day",
    "the same day",
    "since May 18",
    "last week",
]
_PARTIES = [
    "U.S. forces",
    "Russian forces",
    "coalition aircraft",
    "Iranian-backed militias",
    "Syrian regime forces",
    "Islamic State",
    "Hezbollah",
    "civilians",
    "rebels",
]
_CUES = ["drones", "jets", "warplanes", "an MQ-9 Reaper", "helicopters", "bombers"]
_GLUE = [
    "near",
    "in",
    "outside",
    "north of",
    "and",
    "then",
    "after",
    "said",
    "told reporters",
    "according to officials in",
    "could",
    "would",
    "not",
    "the",
    "a",
    "again",
    "hours later",
    "blaming the",
    "the remaining two",
    "times",
    "a series of",
    ",",
    "(",
    ")",
]
_WORD = st.one_of(
    *(st.sampled_from(group) for group in (_EVENTS, _PLACES, _DATES, _PARTIES, _CUES, _GLUE))
)
_SENTENCE = st.lists(_WORD, min_size=3, max_size=40).map(lambda ws: " ".join(ws))
_REPORT = st.lists(_SENTENCE, min_size=1, max_size=8).map(
    lambda ss: ". ".join(s[:1].upper() + s[1:] for s in ss) + "."
)


def _read(text: str, name: str, published: dt.date):
    article = article_from_text(f"date {published.isoformat()} {text}", name)
    body_end = article.body_end or len(article.text)
    title = headline(article.text, article.body_start, body_end)
    story = [
        s
        for s in sentences(article.text, article.body_start, article.body_end)
        if not (title and s.start < title.end)
    ]
    places = find_place_mentions(article.text, default_gazetteer(), article.body_start, body_end)
    dates = find_dates(article.text, article.body_start, body_end, article.published)
    return article, story, places, dates


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    reports=st.lists(_REPORT, min_size=1, max_size=3),
    published=st.dates(dt.date(2015, 1, 1), dt.date(2024, 12, 31)),
)
def test_mentions_merges_and_parties_are_what_the_plain_scans_give(reports, published):
    quick, plain = [], []
    for i, text in enumerate(reports):
        article, story, places, dates = _read(text, f"r{i}.txt", published)
        found = incidents.find_mentions(article, story, places, dates)
        assert found == reference.find_mentions(article, story, places, dates)
        for m in found:
            assert actors_of(article.text, m.sentence, m.trigger) == reference.actors_of(
                article.text, m.sentence, m.trigger
            )
        quick += found
        plain += found

    def shape(merged):
        return [
            (
                i.event_type,
                i.date,
                i.date_precision,
                i.place,
                [(m.article_id, m.sentence_start, m.trigger) for m in i.mentions],
            )
            for i in merged
        ]

    assert shape(incidents.merge(quick)) == shape(reference.merge(plain))


_TOLD = [
    # A sea that sets the scene gives way to the clause's own place, however many
    # places stand between (found by the property test above).
    "The Red Sea struck the Red Sea the Red Sea struck At Tanf.",
    # A place between two events of a sentence starts another one.
    "A drone strike hit Kharkiv on Monday, and troops attacked Homs.",
    "A drone strike hit Kharkiv, and troops attacked the convoy near Homs.",
    # The speaker's place is not the event's.
    "The spokesman in Baghdad told reporters that a drone attack hit a patrol near Homs.",
    "Officials in Damascus said jets struck Palmyra, according to residents in Homs.",
    # The doer's word sets a bare verb's type; after a passive, the one after it.
    "Bombers hit drone depots near Raqqa on Thursday. Vehicles were hit by drones.",
    # Named again, new again, hours later, a second strike.
    "A drone struck At Tanf on June 8. The strike killed two. Another strike hit At Tanf. "
    "Hours later a drone strike hit At Tanf again. A second attack hit Aleppo on Monday.",
    # Dates on both sides at the same distance, and a period's bound.
    "On Monday jets struck Homs on Tuesday. Since May 18 drones hit Idlib.",
    # Parties on both sides, a passive with "by".
    "U.S. forces struck Iranian-backed militias near At Tanf. "
    "Rebels were attacked by Syrian regime forces and Russian forces near Idlib.",
]


def test_told_rules_read_as_the_plain_scans_read_them():
    for i, text in enumerate(_TOLD):
        article, story, places, dates = _read(text, f"t{i}.txt", dt.date(2017, 6, 8))
        found = incidents.find_mentions(article, story, places, dates)
        assert found and found == reference.find_mentions(article, story, places, dates), text
        for m in found:
            assert actors_of(article.text, m.sentence, m.trigger) == reference.actors_of(
                article.text, m.sentence, m.trigger
            ), text


def test_the_generated_reports_exercise_what_they_compare():
    # The comparison above means something only if the reports it draws from tell
    # events with places, dates, parties and cues, and name events again.
    rng = random.Random(3)
    groups = (_EVENTS, _PLACES, _DATES, _PARTIES, _CUES, _GLUE)
    kinds, bases, parties = set(), set(), 0
    for n in range(60):
        words = [rng.choice(rng.choice(groups)) for _ in range(120)]
        text = ". ".join(" ".join(words[k : k + 15]) for k in range(0, 120, 15)) + "."
        article, story, places, dates = _read(text, f"g{n}.txt", dt.date(2017, 6, 8))
        for m in incidents.find_mentions(article, story, places, dates):
            kinds.add(m.event_type)
            bases.add(m.place_basis.split(" (")[0].split(":")[0])
            parties += any(actors_of(article.text, m.sentence, m.trigger))
    assert {"drone strike", "air strike", "shelling", "attack"} <= kinds
    assert {"named in the sentence", "the event told before"} <= bases
    assert parties > 10


def test_nearest_anchor_is_the_nearest_of_all_anchors():
    rng = random.Random(11)
    for trial in range(160):
        # Points are (lon, lat); a few are measured one by one, more through cells.
        if trial % 4 == 3:
            points = [(rng.uniform(30, 50), rng.uniform(25, 40)) for _ in range(rng.randint(1, 16))]
        elif trial % 3 == 0:
            points = [(rng.uniform(-180, 180), rng.uniform(80, 90)) for _ in range(80)]
        elif trial % 3 == 1:
            points = [
                (rng.choice([-1, 1]) * rng.uniform(170, 180), rng.uniform(-10, 10))
                for _ in range(80)
            ]
        else:
            points = [(rng.uniform(-180, 180), rng.uniform(-90, 90)) for _ in range(200)]
        index = PointIndex(points)
        for _ in range(30):
            q = rng.choice(points)
            q = (q[0] + rng.uniform(-4, 4), max(-90.0, min(90.0, q[1] + rng.uniform(-4, 4))))
            km = rng.choice([300.0, 600.0, 2_000.0])
            exclude = rng.choice(points) if rng.random() < 0.5 else None
            found = index.nearest(q[0], q[1], km, exclude)
            within = [
                distance_km(q, p) for p in set(points) if p != exclude and distance_km(q, p) <= km
            ]
            if not within:
                assert found is None
            else:
                assert found is not None and distance_km(q, found) == min(within)


def test_overlap_with_known_names_is_what_a_scan_of_them_finds():
    rng = random.Random(5)
    for _ in range(300):
        spans, at = [], 0
        for _ in range(rng.randint(0, 12)):
            at += rng.randint(0, 6)
            length = rng.randint(1, 5)
            spans.append((at, at + length))
            at += length
        starts = [a for a, _ in spans]
        s = rng.randint(0, at + 3)
        e = s + rng.randint(1, 8)
        assert _overlaps(spans, starts, s, e) == any(s < ke and ks < e for ks, ke in spans)


def test_the_words_before_a_point_are_bounded_even_without_spaces():
    text = "Drones struck Homs. " + "-".join(["attacked-Aleppo-on-Monday"] * 400)
    tail = _tail(text, 0, len(text))
    assert 0 < len(tail) <= TAIL_CHARS and text.endswith(tail)
    spaced = "word " * 40  # with spaces, the cut falls at one, keeping words whole
    tail = _tail(spaced, 0, len(spaced))
    assert len(tail) <= TAIL_CHARS and spaced.endswith(tail) and tail.startswith(" word")
