"""Standalone dialogs: import/export, preferences, first start, help and the crash report."""
