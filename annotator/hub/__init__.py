"""The team hub: a PostgreSQL database that analysts' local SQLite copies sync through.

No Qt. Uses annotator.store (merge's versions rule) and annotator.core; nothing in store or
formats imports this package. psycopg 3 comes with the `team` extra and is imported only
when a hub command runs.
"""
