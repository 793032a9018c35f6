"""Geocoding: place names to places, from the offline gazetteer and, when asked, online."""
