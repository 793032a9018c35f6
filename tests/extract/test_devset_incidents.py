"""Issue #13: `geo extract` on incidents anywhere: eleven sets in tests/fixtures/.

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
FLOORS = {
    "devset_incidents": {
        "place_recall": 0.86,  # 0.89; goal >= 0.95 (issue 12)
        "place_precision": 0.91,  # 0.94; goal >= 0.95 (issue 12)
        "incident_recall": 0.86,  # 0.89; goal >= 0.85 (issue 13)
        "incident_precision": 0.82,  # 0.85; goal >= 0.85 (issue 13)
        "event_type_agreement": 0.90,  # 0.94; goal: ACLED's event type for every incident
        "date_accuracy": 0.93,  # 0.97; goal >= 0.9 (issue 13)
        "actor1_agreement": 0.86,  # 0.89; goal >= 0.85 (issue 13)
        "actor2_agreement": 0.84,  # 0.87; goal >= 0.85 (issue 13)
    },
    # First run (f91ccd7): places 0.84/0.96, incidents 0.67/0.70, type 0.90,
    # dates 0.95, actors 0.50/0.68 (0.57/0.72 compared by ACLED's acronym too).
    "devset_heldout": {
        "place_recall": 0.89,  # 0.92
        "place_precision": 0.97,  # 1.00
        "incident_recall": 0.90,  # 0.93
        "incident_precision": 0.90,  # 0.93
        "event_type_agreement": 0.94,  # 0.98
        "date_accuracy": 0.94,  # 0.98
        "actor1_agreement": 0.79,  # 0.82 (its misses read: no longer held out)
        "actor2_agreement": 0.88,  # 0.91
    },
    # First read at 1e600d3 (0.85/0.94, 0.73/0.69, 0.93, 0.98, 0.60/0.60); its misses
    # were read in the session that wrote devset_feb (from fc075fe: 0.85/0.94,
    # 0.74/0.73, 0.96, 0.98, 0.63/0.63): no longer held out.
    "devset_final": {
        "place_recall": 0.91,  # 0.94
        "place_precision": 0.95,  # 0.98
        "incident_recall": 0.91,  # 0.94
        "incident_precision": 0.91,  # 0.94
        "event_type_agreement": 0.94,  # 0.98
        "date_accuracy": 0.94,  # 0.98
        "actor1_agreement": 0.81,  # 0.84
        "actor2_agreement": 0.73,  # 0.76
    },
    # Written by a helper session and first read at 78542ab, held out: its misses are
    # not looked at. The session's first code (58facbe) read it 0.84 / 0.96, 0.78 / 0.73,
    # 0.94, 0.97, 0.60 / 0.53.
    "devset_jan": {
        "place_recall": 0.83,  # 0.86
        "place_precision": 0.95,  # 0.98
        "incident_recall": 0.82,  # 0.85
        "incident_precision": 0.79,  # 0.82
        "event_type_agreement": 0.90,  # 0.94
        "date_accuracy": 0.96,  # 1.00
        "actor1_agreement": 0.63,  # 0.66
        "actor2_agreement": 0.62,  # 0.65
    },
    # Read once at 56290b6 (0.85/0.92, 0.67/0.58, 0.89, 0.91, 0.55/0.64); held out
    # until the session that wrote devset_mar read its misses (from b3b58a1: 0.86/0.92,
    # 0.74/0.64, 0.90, 0.96, 0.61/0.67): no longer held out.
    "devset_dec": {
        "place_recall": 0.86,  # 0.89
        "place_precision": 0.89,  # 0.92
        "incident_recall": 0.82,  # 0.85
        "incident_precision": 0.75,  # 0.78
        "event_type_agreement": 0.87,  # 0.91
        "date_accuracy": 0.93,  # 0.97
        "actor1_agreement": 0.72,  # 0.75
        "actor2_agreement": 0.70,  # 0.73
    },
    # Written by a helper session that saw neither geo's code nor its output, committed
    # (50854d0) before geo read it; first read there: 0.88/0.91, 0.75/0.67, 0.92, 1.00,
    # 0.53/0.53 (the session's first code, fc075fe: 0.88/0.91, 0.75/0.69, 0.92, 1.00,
    # 0.53/0.53). Held out: its misses are not looked at.
    "devset_feb": {
        "place_recall": 0.85,  # 0.88
        "place_precision": 0.88,  # 0.91
        "incident_recall": 0.75,  # 0.78
        "incident_precision": 0.66,  # 0.69
        "event_type_agreement": 0.86,  # 0.90
        "date_accuracy": 0.94,  # 0.98
        "actor1_agreement": 0.55,  # 0.58
        "actor2_agreement": 0.66,  # 0.69
    },
    # Written by a helper session that saw neither geo's code nor its output, committed
    # (79ee623) before geo read it; first read by the session's first code (b3b58a1):
    # 0.90/0.96, 0.76/0.71, 0.90, 1.00, 0.59/0.67. Held out: its misses are not looked at.
    "devset_mar": {
        "place_recall": 0.87,  # 0.90
        "place_precision": 0.93,  # 0.96
        "incident_recall": 0.76,  # 0.79
        "incident_precision": 0.71,  # 0.74
        "event_type_agreement": 0.85,  # 0.89
        "date_accuracy": 0.96,  # 1.00
        "actor1_agreement": 0.62,  # 0.65
        "actor2_agreement": 0.70,  # 0.73
    },
    # Written by a helper session that saw neither geo's code nor its output, two reports
    # from each of the ten theatres the issues name; committed (before geo read it) in
    # the session that started from 63a325a, whose code read it 0.93/0.96, 0.74/0.77,
    # 0.83, 0.96, 0.61/0.39. Its misses were read in that session: a development set.
    "devset_apr": {
        "place_recall": 0.93,  # 0.96
        "place_precision": 0.96,  # 0.99
        "incident_recall": 0.80,  # 0.83
        "incident_precision": 0.78,  # 0.81
        "event_type_agreement": 0.82,  # 0.86
        "date_accuracy": 0.92,  # 0.96
        "actor1_agreement": 0.58,  # 0.61
        "actor2_agreement": 0.54,  # 0.57
    },
    # Written as devset_apr was, by another helper session, committed before geo read
    # it; first read by 63a325a: 0.90/0.95, 0.73/0.69, 0.87, 0.95, 0.61/0.63. Held out:
    # only its summary figures are looked at.
    "devset_may": {
        "place_recall": 0.87,  # 0.90
        "place_precision": 0.92,  # 0.95
        "incident_recall": 0.74,  # 0.77
        "incident_precision": 0.68,  # 0.71
        "event_type_agreement": 0.83,  # 0.87
        "date_accuracy": 0.91,  # 0.95
        "actor1_agreement": 0.64,  # 0.67
        "actor2_agreement": 0.65,  # 0.68
    },
    # Written by a helper session that saw neither geo's code nor its output, two reports
    # from each of eight theatres; committed (4dba947) before geo read it; first read by
    # d40f890: 0.81/0.93, 0.58/0.67, 0.83, 0.91, 0.71/0.73. Its misses were read in the
    # session that added it: a development set.
    "devset_jun": {
        "place_recall": 0.80,  # 0.83
        "place_precision": 0.92,  # 0.95
        "incident_recall": 0.67,  # 0.70
        "incident_precision": 0.76,  # 0.79
        "event_type_agreement": 0.79,  # 0.82
        "date_accuracy": 0.94,  # 0.98
        "actor1_agreement": 0.69,  # 0.72
        "actor2_agreement": 0.73,  # 0.76
    },
    # Written as devset_jun was, by another helper session, 16 reports from 16 theatres
    # (six the older sets barely cover); committed (c3294bd) before geo read it; first
    # read by d40f890: 0.96/0.96, 0.81/0.67, 0.83, 0.95, 0.66/0.71. Held out: only its
    # summary figures are looked at.
    "devset_jul": {
        "place_recall": 0.93,  # 0.96
        "place_precision": 0.93,  # 0.96
        "incident_recall": 0.81,  # 0.84
        "incident_precision": 0.65,  # 0.68
        "event_type_agreement": 0.82,  # 0.85
        "date_accuracy": 0.92,  # 0.95
        "actor1_agreement": 0.64,  # 0.67
        "actor2_agreement": 0.70,  # 0.73
    },
}


def test_the_incident_dev_set_quotes_its_texts():
    expected = world.load_expected(FOLDER)
    assert len(expected["files"]) == 20
    assert len({f["theatre"] for f in expected["files"].values()}) >= 12
    assert sum(len(f["incidents"]) for f in expected["files"].values()) >= 70


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_incident_dev_sets_hold_their_floors(name):
    report = world.evaluate(ROOT / "tests" / "fixtures" / name)
    s = report.figures()
    shown = world.format_report(report)
    fallen = {
        key: s[key] for key, floor in FLOORS[name].items() if s[key] is None or s[key] < floor
    }
    assert not fallen, f"fell: {fallen}\n\n{shown}"
