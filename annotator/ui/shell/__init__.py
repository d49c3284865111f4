"""The window around the work: main window, context, action table, key routing, settings,
the analyst, background jobs (docs/window.md)."""
