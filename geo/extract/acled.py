"""ACLED's vocabulary: the tool's kinds of event as ACLED's event and sub-event types."""

from __future__ import annotations

# The tool's kinds of event in ACLED's codebook (event_type, sub_event_type), so
# extractions merge with the ACLED data analysts already use.
ACLED_TYPES = {
    "air strike": ("Explosions/Remote violence", "Air/drone strike"),
    "drone strike": ("Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "shoot-down": ("Strategic developments", "Disrupted weapons use"),
    "grenade attack": ("Explosions/Remote violence", "Grenade"),
    "riot": ("Riots", "Violent demonstration"),
    "seizure": ("Strategic developments", "Other"),
    "harassment": ("Strategic developments", "Other"),
    "clash": ("Battles", "Armed clash"),
    "attack": ("Battles", "Armed clash"),
    "suicide bombing": ("Explosions/Remote violence", "Suicide bomb"),
    "territory": ("Battles", "Non-state actor overtakes territory"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "killing": ("Violence against civilians", "Attack"),
    "weapons seized": ("Strategic developments", "Disrupted weapons use"),
    "looting": ("Strategic developments", "Looting/property destruction"),
    "arrests": ("Strategic developments", "Arrests"),
}
# Kinds whose ACLED type turns on who did it to whom: an attack on civilians
# is violence against civilians, a state retaking a place regains territory.
_ON_CIVILIANS = ("Violence against civilians", "Attack")
_REGAINS = ("Battles", "Government regains territory")


def acled_type(kind: str, actor1: str | None, actor2: str | None) -> tuple[str, str]:
    """Return ACLED's (event_type, sub_event_type) of an event of ``kind`` between the parties."""
    if kind in ("attack", "clash") and actor2 and actor2.startswith("Civilians") and actor1:
        return _ON_CIVILIANS
    if kind == "territory" and actor1 and actor1.startswith(("Military Forces", "Police Forces")):
        return _REGAINS
    return ACLED_TYPES[kind]


# ACLED's time_precision: 1 the day is known, 2 the week, 3 only the month (or less).
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

REMOTE_VIOLENCE = "Explosions/Remote violence"  # ACLED's event type of strikes
