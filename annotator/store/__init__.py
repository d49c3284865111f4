"""The SQLite database through sqlite-utils: schema, migrations, transactions, queries. No Qt."""

from annotator.store.store import Change, ImportSummary, Store

__all__ = ["Change", "ImportSummary", "Store"]
