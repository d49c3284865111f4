"""Command-line commands beyond the basics, one module each with `run(args) -> int`.

`annotator.cli` finds `annotator.commands.<command>` by name, so a feature adds its command
without touching the others.
"""
