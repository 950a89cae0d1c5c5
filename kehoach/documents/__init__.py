"""The document models: a dossier (+ period, + issue) → one value per document with its template context. No I/O."""
