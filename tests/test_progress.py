import io

from geo.extract.batch import extract
from geo.read.articles import article_from_text
from geo.support.progress import Progress


def test_counters_are_added_up_and_shown():
    now = [0.0]
    stream = io.StringIO()
    bar = Progress("extracting", 4, stream=stream, clock=lambda: now[0], enabled=True)
    now[0] = 1.0
    bar.step(places=3)
    bar.step(places=2)
    assert stream.getvalue().endswith("\rextracting 2/4 | 5 places | 2.0/s | 0:01 left\x1b[K")
    bar.finish()
    assert stream.getvalue().endswith("\n")


def test_quiet_when_not_a_terminal():
    stream = io.StringIO()  # not a tty
    bar = Progress("extracting", 2, stream=stream)
    bar.step(places=1)
    bar.finish()
    assert stream.getvalue() == ""


def test_a_batch_of_articles_shows_progress_on_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    articles = [
        article_from_text(f"Jets struck Aleppo in Syria, report {i}.", f"{i}.txt") for i in range(3)
    ]
    extract(articles, progress=True)
    err = capsys.readouterr().err
    assert "extracting 3/3 | 6 places" in err
