"""Plain-Python data model and logic. Never imports Qt."""
