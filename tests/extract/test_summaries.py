"""A sea or region told first and a position inside it told after are one event."""

from geo.extract.batch import extract
from geo.read.articles import article_from_text
from tests.helpers import of_kind


def _incidents(text):
    article = article_from_text(f"date 2024-02-15 {text}", "t.txt", default_date=None)
    return of_kind(extract([article]).collection, "incident")


def test_a_summary_on_a_sea_is_the_event_told_in_detail_inside_it():
    got = _incidents(
        "The Houthis fired missiles at a tanker in the Red Sea on Thursday. The tanker was "
        "hit by a missile some 70 nautical miles west of Hodeidah on Thursday."
    )
    (incident,) = got
    props = incident["properties"]
    assert "Hodeidah" in props["place"]
    assert len(props["sources"]) == 2


def test_a_summary_stays_when_two_events_inside_the_area_could_be_it():
    got = _incidents(
        "The Houthis fired missiles at ships in the Red Sea on Thursday. One ship was hit by "
        "a missile 70 nautical miles west of Hodeidah on Thursday. Another was hit by a "
        "missile 100 nautical miles north-west of Hodeidah on Thursday."
    )
    assert len(got) == 3


def test_an_event_in_another_area_is_not_the_summary():
    # The Gulf of Aden holds no position west of Hodeidah: two events.
    got = _incidents(
        "The Houthis fired missiles at a tanker in the Gulf of Aden on Thursday. A ship was "
        "hit by a missile some 70 nautical miles west of Hodeidah on Thursday."
    )
    assert len(got) == 2


def test_another_event_of_the_summarys_own_sentence_is_not_its_detail():
    # "... fired rockets at Israel from the Gaza Strip, and Israel struck back in Khan
    # Younis": the strike back is another event, not where the rockets were fired.
    got = _incidents(
        "Palestinian militants in the Gaza Strip fired dozens of rockets at Israel on "
        "Wednesday, and Israel struck back at rocket launchers in Khan Younis."
    )
    assert sorted(f["properties"]["place"] for f in got) == ["Gaza Strip", "Khān Yūnis"]
