"""Alembic environment: migrations run on the connection the app hands over (see storage.py)."""

from alembic import context

from assessment.storage import metadata

context.configure(connection=context.config.attributes["connection"], target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
