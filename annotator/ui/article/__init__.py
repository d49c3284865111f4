"""The article being labeled: its view, painting, span geometry, Qt offsets, label marks
and the editor that writes spans (docs/window.md)."""
