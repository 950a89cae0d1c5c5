"""A dossier's data: YAML loaded into typed values with line marks, then checked across fields."""
