"""The SQLite database: schema, migrations, transactions, the write vocabulary. No Qt.

`Store` is the door every read and write goes through (docs/architecture.md); `writes`
holds the SQL the write paths share, `rows` the named row types, `changes` the notices.
"""

from annotator.store.changes import Change, ChangeKind
from annotator.store.ingest import ImportSummary
from annotator.store.store import Store

__all__ = ["Change", "ChangeKind", "ImportSummary", "Store"]
