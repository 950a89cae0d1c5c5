"""Pure rules with no I/O: Vietnamese text forms, period arithmetic, document numbers."""
