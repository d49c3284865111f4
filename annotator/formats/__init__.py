"""One module per interchange format, each an importer and/or an exporter over core objects.

No Qt here. `registry` names the formats and finds the module for a name or a file.
"""
