"""Package data shipped in the wheel: sample articles, icons. Load by name via annotator.resources_api."""
