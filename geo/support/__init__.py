"""What the stages lean on: data paths, atomic output files, progress bars, bulk-build helpers."""
