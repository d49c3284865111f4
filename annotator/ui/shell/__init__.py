"""The window around the work: main window, menus, actions, key routing, settings, the analyst, background jobs."""
