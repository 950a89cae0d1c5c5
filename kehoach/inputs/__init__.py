"""A clerk's and officers' own files (a plan drafted in Word or Markdown, a task list or progress sheets in
Excel) → dossier data."""
