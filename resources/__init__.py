"""Package data shipped in the wheel as annotator.resources: samples, icons, the user guide.

Load them by name through annotator.assets (sample_paths, icon_path, app_icon_paths,
guide_path); unknown names fail loudly."""
