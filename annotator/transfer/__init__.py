"""Moving records between files and the store: the layer above both `formats` and `store`.

Formats read and write records and know no database; the store keeps records and knows no
file format. What joins them lives here (import a folder into one transaction, stream layers
to an exporter, read another analyst's file for a merge), used alike by the command line and
the window. See docs/architecture.md, "Layers".
"""
