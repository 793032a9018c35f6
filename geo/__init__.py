"""geo: turn news reports of military incidents into sourced, interactive maps."""

__version__ = "0.1.0"
