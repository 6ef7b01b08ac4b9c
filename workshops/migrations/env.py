"""Alembic environment: migrations run on the connection `workshops.db.upgrade` hands over.

Run by hand with `alembic -c workshops/alembic.ini -x url=sqlite:///data/workshops.sqlite3 upgrade head`
(without -x url, DATABASE_URL or the default file is used), or let Coform do it: every Store
upgrades its database to head when it opens.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from workshops.db import database_url
from workshops.schema import Base

config = context.config
target_metadata = Base.metadata


def _migrate(connection) -> None:
    if connection.dialect.name == "postgresql":
        # Two app instances starting together must not both create the tables.
        connection.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
    # render_as_batch: SQLite changes columns by copying tables; alembic does it when asked.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    _migrate(given)
else:
    url = context.get_x_argument(as_dictionary=True).get("url")
    with create_engine(database_url(url)).begin() as connection:
        _migrate(connection)
