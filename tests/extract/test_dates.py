import datetime as dt

import pytest

from geo.extract.dates import find_dates

REF = dt.date(2017, 6, 8)  # a Thursday


def _one(text, reference=REF):
    [d] = find_dates(text, 0, len(text), reference)
    return d


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("on Thursday", "2017-06-08", "day"),
        ("On Tuesday, another group", "2017-06-06", "day"),
        ("came on May 18, when", "2017-05-18", "day"),
        ("near Aleppo in October 2015.", "2015-10", "month"),
        ("June 8, 2017", "2017-06-08", "day"),
        ("Jan. 28", "2017-01-28", "day"),
        ("on October 20", "2016-10-20", "day"),  # later than the reference: the year before
        ("Tuesday, June 6", "2017-06-06", "day"),
        ("in 2014", "2014", "year"),
        # The night into the report's day, and days counted back from it.
        ("struck overnight, officials said", "2017-06-08", "day"),
        ("two days ago", "2017-06-06", "day"),
        # A weekday of the week before, and "last Thursday" in a Thursday's report.
        ("on Wednesday last week", "2017-05-31", "day"),
        ("last Thursday", "2017-06-01", "day"),
        ("last Tuesday", "2017-06-06", "day"),
        # Only the week or the month: the week's Monday, the month.
        ("last week", "2017-05-29", "week"),
        ("earlier this week", "2017-06-05", "week"),
        ("late last month", "2017-05", "month"),
        ("earlier this month", "2017-06", "month"),
        # A day named beside "yesterday" in a statement of another day: the weekday wins.
        ("yesterday (Monday)", "2017-06-05", "day"),
        ("today (Sunday)", "2017-06-04", "day"),
        # A night across two days begins on the first.
        ("on the night of 7 to 8 June", "2017-06-07", "day"),
    ],
)
def test_dates_resolve_against_the_publication_date(text, value, precision):
    d = _one(text)
    assert (d.value, d.precision) == (value, precision)
    assert text[d.start : d.end] == d.text


def test_since_bounds_a_period_and_is_not_an_event_date():
    d = _one("the third overall since May 18 against")
    assert d.period_bound and d.value == "2017-05-18"


def test_same_day_is_relative():
    d = _one("Earlier in the day coalition aircraft")
    assert d.relative and d.value is None


def test_explicit_date_wins_over_a_contradicting_weekday():
    d = _one("Monday, June 20, 2016 was busy".replace("2016", "2017"))  # June 20 2017 is a Tuesday
    assert d.value == "2017-06-20" and d.kind == "weekday_conflict"


def test_no_reference_leaves_weekdays_unresolved():
    assert _one("on Thursday", reference=None).value is None


def test_may_the_verb_is_no_date():
    assert find_dates("forces may strike", 0, 17, REF) == []


@pytest.mark.parametrize("text", ["wounding 3 Marines", "the 12 Junior officers", "may 18 people"])
def test_words_that_begin_like_months_are_no_dates(text):
    assert find_dates(text, 0, len(text), REF) == []


def test_over_the_past_day_in_a_report_is_the_day_before_it():
    import datetime as dt

    from geo.extract.dates import find_dates

    text = "Over the past day the Russian army shelled Kherson region 87 times."
    (found,) = find_dates(text, 0, len(text), dt.date(2023, 11, 21))
    assert found.value == "2023-11-20" and found.text == "Over the past day"
    text = "In the last 24 hours, drones hit Odesa."
    (found,) = find_dates(text, 0, len(text), dt.date(2024, 3, 2))
    assert found.value == "2024-03-01"


def test_days_counted_from_the_event_told_before_are_relative():
    d = _one("Two days earlier, a drone struck")
    assert (d.relative, d.shift) == (True, -2)
    assert (_one("the next day").shift, _one("the day before").shift) == (1, -1)


def test_a_date_does_not_run_across_a_paragraph_break():
    # A live blog's day header, then an entry's clock time: "9 October", not "October 6".
    text = "Translated from Ukrainian · Wednesday, 9 October\n\n06:48 Regional officials said"
    found = [(d.text, d.value) for d in find_dates(text, 0, len(text), dt.date(2024, 10, 9))]
    assert found == [("Wednesday, 9 October", "2024-10-09")]


def test_a_date_hard_wrapped_over_one_line_break_is_read():
    assert _one("came on May\n18, when").value == "2017-05-18"


def test_a_live_blogs_header_day_dates_the_entries_below_it():
    text = (
        "date 2024-10-11 DNIPRO BEND | Telegram channel\n"
        "Translated from Ukrainian · Wednesday, 9 October\n\n"
        "06:48 Regional military administration: a Russian ballistic missile hit an industrial "
        "enterprise in Kremenchuk at 06:10. One worker was killed.\n"
    )
    assert _incident_dates(text) == ["2024-10-09"]


def test_a_day_line_read_as_the_dateline_dates_the_entries_below_it():
    text = (
        "date 2023-06-04 Belgorod Frontier (translated from Russian)\n"
        "Friday, 2 June\n\n"
        "04:10\nAir defence shot down two drones over Belgorod, the governor says.\n"
    )
    assert _incident_dates(text) == ["2023-06-02"]


def test_overnight_before_what_was_hit_is_that_night():
    [d] = find_dates("Israeli air strikes overnight on homes in Rafah", 0, 48, REF)
    assert (d.text, d.value) == ("overnight", "2017-06-08")


def test_overnight_on_a_weekday_is_that_weekday():
    found = find_dates("drones attacked overnight on Tuesday", 0, 36, REF)
    assert [d.text for d in found] == ["Tuesday"]


def test_a_live_blog_entry_with_only_its_time_is_of_the_day_of_publication():
    text = (
        "date 2024-05-07 LIVE: Rafah operation — day 2\nLedger live desk\n\n"
        "13:05\nA drone strike hit a group of people waiting for flour in Bureij, killing four, "
        "medics said.\n"
    )
    assert _incident_dates(text) == ["2024-05-07"]


def _incident_dates(text: str) -> list[str | None]:
    """Return the dates of the incidents geo reads in one report."""
    from geo.extract.batch import extract
    from geo.read.articles import article_from_text

    collection = extract([article_from_text(text, "t.txt")]).collection
    return [
        f["properties"]["date"]
        for f in collection["features"]
        if f["properties"].get("kind") == "incident"
    ]
