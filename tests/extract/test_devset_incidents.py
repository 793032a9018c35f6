"""Issue #13: `geo extract` on incidents anywhere (tests/fixtures/devset_incidents).

Twenty reports from fourteen theatres, annotated by a helper session that had
not seen geo's code or output; their first figures (commit b647ad0) were the
held-out measure: places 0.86/0.86, incidents 0.63 recall and 0.56 precision,
dates 0.94, actors 0.62/0.58. The scoring is benchmarks/world_quality.py's,
run on that folder and held to floors here, a little below the figures
measured on this commit, with the issue's goals beside them.
"""

import pytest

from tests.extract.test_devset_world import world
from tests.helpers import ROOT

FOLDER = ROOT / "tests" / "fixtures" / "devset_incidents"

# Floors: (the figure measured on this commit; the goal).
PLACE_RECALL = 0.83  # 0.86; goal >= 0.95 (issue 12)
PLACE_PRECISION = 0.83  # 0.86; goal >= 0.95 (issue 12)
INCIDENT_RECALL = 0.60  # 0.63; goal >= 0.85 (issue 13)
INCIDENT_PRECISION = 0.58  # 0.61; goal >= 0.85 (issue 13)
EVENT_TYPE_AGREEMENT = 0.80  # 0.84; goal: ACLED's event type for every incident
DATE_ACCURACY = 0.9  # 0.94; goal >= 0.9 (issue 13)
ACTOR1_AGREEMENT = 0.58  # 0.62; goal >= 0.85 (issue 13)
ACTOR2_AGREEMENT = 0.54  # 0.58; goal >= 0.85 (issue 13)


def test_the_incident_dev_set_quotes_its_texts():
    expected = world.load_expected(FOLDER)
    assert len(expected["files"]) == 20
    assert len({f["theatre"] for f in expected["files"].values()}) >= 12
    assert sum(len(f["incidents"]) for f in expected["files"].values()) >= 70


@pytest.mark.slow
def test_the_incident_dev_set_holds_its_floors():
    report = world.evaluate(FOLDER)
    s = report.figures()
    shown = world.format_report(report)
    floors = {
        "place_recall": PLACE_RECALL,
        "place_precision": PLACE_PRECISION,
        "incident_recall": INCIDENT_RECALL,
        "incident_precision": INCIDENT_PRECISION,
        "event_type_agreement": EVENT_TYPE_AGREEMENT,
        "date_accuracy": DATE_ACCURACY,
        "actor1_agreement": ACTOR1_AGREEMENT,
        "actor2_agreement": ACTOR2_AGREEMENT,
    }
    fallen = {key: s[key] for key, floor in floors.items() if s[key] is None or s[key] < floor}
    assert not fallen, f"fell: {fallen}\n\n{shown}"
