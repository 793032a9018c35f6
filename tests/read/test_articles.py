import codecs
import datetime as dt

import pytest

from geo.errors import ArticleReadError
from geo.read.articles import article_from_text, decode_text, read_articles
from tests.helpers import SEED_DRONE, SEED_FP, SEEDS


def test_seed_with_date_line_and_seed_with_metadata():
    articles, problems = read_articles([SEEDS])
    assert problems == []
    by_id = {a.id: a for a in articles}
    drone = by_id[SEED_DRONE.name]
    assert drone.published == dt.date(2017, 6, 8)
    assert drone.published_basis == "text"
    assert drone.body.startswith("A U.S. Air Force fighter jet")
    fp = by_id[SEED_FP.name]
    # The date comes from seeds/metadata.csv and says it was inferred.
    assert fp.published == dt.date(2017, 6, 8)
    assert fp.published_basis.startswith("metadata (inferred")
    assert fp.outlet == "foreignpolicy"
    assert "Source »" not in fp.body
    assert fp.text == SEED_FP.read_text(encoding="utf-8")


def test_no_date_is_never_invented(tmp_path):
    (tmp_path / "a.txt").write_text("Something happened near Aleppo on Thursday.", encoding="utf-8")
    [article], problems = read_articles([tmp_path])
    assert problems == []
    assert article.published is None and article.published_basis is None


def test_date_option_is_the_last_fallback(tmp_path):
    (tmp_path / "a.txt").write_text("date 2020-01-02 Text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Text without a date.", encoding="utf-8")
    articles, _ = read_articles([tmp_path], default_date=dt.date(2021, 5, 5))
    by_id = {a.id: a for a in articles}
    assert by_id["a.txt"].published == dt.date(2020, 1, 2)
    assert (by_id["b.txt"].published, by_id["b.txt"].published_basis) == (
        dt.date(2021, 5, 5),
        "option",
    )


def test_metadata_conflicting_with_text_keeps_text_and_notes_it(tmp_path):
    (tmp_path / "a.txt").write_text("date 2020-01-02 Text.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,published\na.txt,2020-01-03\n", encoding="utf-8")
    [article], _ = read_articles([tmp_path])
    assert article.published == dt.date(2020, 1, 2)
    assert "2020-01-03" in article.notes[0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Caf\u00e9 in Hom\u00e9".encode("cp1252"), "Café in Homé"),
        (codecs.BOM_UTF16_LE + "Aleppo \u2014 Syria".encode("utf-16-le"), "Aleppo — Syria"),
        (codecs.BOM_UTF8 + b"Tanf", "Tanf"),
        ("\u201cquoted\u201d".encode("cp1252"), "“quoted”"),
    ],
)
def test_encodings(data, expected):
    assert decode_text(data, "x.txt") == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"  \n\t ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")],
)
def test_bad_content_is_one_line_naming_the_file(data, message):
    with pytest.raises(ArticleReadError) as info:
        decode_text(data, "bad.txt")
    text = str(info.value)
    assert text.startswith("bad.txt:") and message in text and "\n" not in text


def test_bad_files_do_not_stop_the_batch(tmp_path):
    (tmp_path / "good.txt").write_text("Strike near Aleppo.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    articles, problems = read_articles([tmp_path, tmp_path / "missing.txt"])
    assert [a.id for a in articles] == ["good.txt"]
    assert len(problems) == 3
    assert any("empty.txt" in p and "empty" in p for p in problems)
    assert any("binary.txt" in p and "binary" in p for p in problems)
    assert any("missing.txt" in p and "no such file" in p for p in problems)


def test_bad_date_line_is_an_error_naming_the_file():
    with pytest.raises(ArticleReadError, match="x.txt: date '2017-13-45'"):
        article_from_text("date 2017-13-45 Text", "x.txt")


def test_link_credit_and_caption_lines_are_no_part_of_the_report():
    import datetime as dt

    from geo.extract.batch import Extractor
    from geo.geocode.gazetteer import default_gazetteer
    from geo.read.articles import read_article_bytes

    data = (
        b"date 2024-01-10 Drones struck a fuel depot in Kharkiv on Monday, officials said.\n\n"
        b"Photo: Russian drone strike hits Odesa port (Reuters)\n"
        b"(Image credit: AFP / drones attacked Sumy)\n"
        b"https://example.com/news/2024/01/missile-strike-on-lviv\n"
        b"Source: https://example.com/attack-on-kyiv\n"
        b"A credit-card levy was also discussed.\n"
    )
    article = read_article_bytes(data, "a.txt")
    # Offsets are kept: blanked with spaces, line for line.
    assert len(article.text) == len(data.decode()) and "Odesa" not in article.text
    assert "A credit-card levy" in article.text
    extractor = Extractor(default_gazetteer())
    extractor.add(article)
    features = extractor.finish().collection()["features"]
    places = {f["properties"]["name"] for f in features if f["properties"]["kind"] == "place"}
    incidents = [f for f in features if f["properties"]["kind"] == "incident"]
    assert places == {"Kharkiv"} and len(incidents) == 1
    assert dt.date(2024, 1, 10) == article.published


def test_camera_captions_and_breadcrumb_trails_are_no_part_of_the_report():
    from geo.read.articles import read_article_bytes

    data = (
        "date 2024-01-10 Drones struck a fuel depot in Kharkiv on Monday, officials said.\n"
        "Home > News > Europe > Ukraine\n\n"
        "📷 Firefighters at a burning house in Sumy after a strike.\n"
        "Prices rose 3 > 2 > 1 in the Odesa index.\n"
    ).encode()
    article = read_article_bytes(data, "b.txt")
    assert "Sumy" not in article.text and "Europe" not in article.text
    assert "Prices rose 3 > 2 > 1 in the Odesa index." in article.text
