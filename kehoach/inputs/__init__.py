"""A clerk's own files (a plan drafted in Word or Markdown, a task list in Excel) → dossier data."""
