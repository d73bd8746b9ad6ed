"""Teams and rounds: a person's team, and the round a response counts in.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("join_code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("lead_key_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("team_id", "name", name="round_name_unique_in_team"),
    )
    op.create_index(
        "one_open_round_per_team",
        "rounds",
        ["team_id"],
        unique=True,
        sqlite_where=sa.text("closed_at IS NULL"),
        postgresql_where=sa.text("closed_at IS NULL"),
    )
    _add_reference("people", "team_id", "teams", "SET NULL")
    _add_reference("responses", "round_id", "rounds", "CASCADE")
    op.create_index("ix_responses_round_id", "responses", ["round_id"])
    op.create_index(
        "one_response_per_person_and_round",
        "responses",
        ["person_id", "round_id"],
        unique=True,
        sqlite_where=sa.text("round_id IS NOT NULL"),
        postgresql_where=sa.text("round_id IS NOT NULL"),
    )


def _add_reference(table: str, column: str, target: str, on_delete: str) -> None:
    """A new nullable column referencing `target`, added in place on either database."""
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its REFERENCES clause in place; Alembic's portable route
        # would copy the whole table, and dropping the old copy would cascade deletes.
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id) ON DELETE {on_delete}"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer, nullable=True))
        op.create_foreign_key(None, table, target, [column], ["id"], ondelete=on_delete)
