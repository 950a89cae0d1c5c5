"""Rendering: document models through .docx templates into deterministic bytes, and PDF through LibreOffice."""
