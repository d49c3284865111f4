"""Team review: review mode, the agreement view and merging an analyst file."""
