"""Alembic environment: runs on the connection handed over by rcp_desktop.storage.migrate."""

from alembic import context

from rcp_desktop.models import Base
from rcp_desktop.storage.search import include_name

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things in place
    compare_type=True,
    include_name=include_name,  # the FTS search index is not ORM metadata
)
with context.begin_transaction():
    context.run_migrations()
