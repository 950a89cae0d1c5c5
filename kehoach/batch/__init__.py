"""Building many dossiers: only what changed since the last build, in parallel processes, with progress."""
