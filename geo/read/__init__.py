"""Reading inputs: article files, folders and stdin, ACLED CSV exports, GeoJSON collections."""
