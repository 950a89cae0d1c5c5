"""A clerk's and officers' own files (Word, Markdown, Excel) turned into dossier data."""
