"""Organisations with a coordinator, retired teams, and invitation-only rounds.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("coordinator_key_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Existing teams belong to no organisation and keep working as before.
    _add_reference("teams", "organisation_id", "fk_teams_organisation", "organisations", "RESTRICT")
    op.add_column("teams", sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_teams_organisation_id", "teams", ["organisation_id"])
    op.add_column(
        "rounds", sa.Column("invitation_only", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("used", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    _add_reference("people", "invitation_id", "fk_people_invitation", "invitations", "SET NULL")


def _add_reference(table: str, column: str, name: str, target: str, on_delete: str) -> None:
    """A nullable column referring to `target`. SQLite adds it in place: rebuilding the table, as
    Alembic's batch mode does, would drop the old one, and its ON DELETE CASCADE children with it."""
    if op.get_context().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {name} REFERENCES {target} (id) ON DELETE {on_delete}"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer, nullable=True))
        op.create_foreign_key(name, table, target, [column], ["id"], ondelete=on_delete)


def downgrade() -> None:
    # In place, for the reason _add_reference gives; SQLite drops these columns since 3.35.
    op.execute("ALTER TABLE people DROP COLUMN invitation_id")
    op.drop_table("invitations")
    op.execute("ALTER TABLE rounds DROP COLUMN invitation_only")
    op.drop_index("ix_teams_organisation_id", "teams")
    op.execute("ALTER TABLE teams DROP COLUMN retired_at")
    op.execute("ALTER TABLE teams DROP COLUMN organisation_id")
    op.drop_table("organisations")
