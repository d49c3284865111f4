"""annotator: an offline desktop tool for labeling news articles."""

__version__ = "0.1.0"
