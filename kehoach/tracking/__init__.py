"""Following the plan through the year: where tasks stand on a day, and deadlines as calendars."""
