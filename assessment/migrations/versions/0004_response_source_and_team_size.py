"""Where each response came from, the team size a lead states per round; no team-wide lockout.

Existing responses are "online", except the imported paper forms, recognised by their time (see
below). The lockout table goes: a team-wide lockout let members lock their lead out; wrong keys
are now slowed per session.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # In place: SQLite adds a column with its constraints without copying the table (a copy
        # would cascade deletes to the ratings). It needs a default for a NOT NULL column and
        # cannot drop it later; the app always writes `source` itself.
        op.execute(
            "ALTER TABLE responses ADD COLUMN source VARCHAR(16) NOT NULL DEFAULT 'online' "
            "CONSTRAINT response_source_known CHECK (source IN ('online', 'paper'))"
        )
        op.execute(
            "ALTER TABLE rounds ADD COLUMN expected_size INTEGER "
            "CONSTRAINT round_expected_size_in_range CHECK (expected_size BETWEEN 1 AND 1000)"
        )
    else:
        op.add_column(
            "responses", sa.Column("source", sa.String(16), nullable=False, server_default="online")
        )
        op.alter_column("responses", "source", server_default=None)
        op.create_check_constraint("response_source_known", "responses", "source IN ('online', 'paper')")
        op.add_column("rounds", sa.Column("expected_size", sa.Integer, nullable=True))
        op.create_check_constraint(
            "round_expected_size_in_range", "rounds", "expected_size BETWEEN 1 AND 1000"
        )
    # A round's response without a person is either an imported paper form or the response of
    # someone who deleted their data after the round closed. Deletion set submitted_at to the
    # round's closing time; an import stored the time of the import, while the round was open.
    # So every other personless response of a round is a paper form.
    responses = sa.table(
        "responses",
        sa.column("person_id"),
        sa.column("round_id"),
        sa.column("submitted_at"),
        sa.column("source"),
    )
    rounds = sa.table("rounds", sa.column("id"), sa.column("closed_at"))
    closing_time = sa.select(rounds.c.closed_at).where(rounds.c.id == responses.c.round_id).scalar_subquery()
    op.execute(
        responses.update()
        .where(
            responses.c.person_id.is_(None),
            responses.c.round_id.is_not(None),
            sa.or_(closing_time.is_(None), responses.c.submitted_at != closing_time),
        )
        .values(source="paper")
    )
    op.drop_index("lead_login_failures_by_team", table_name="lead_login_failures")
    op.drop_table("lead_login_failures")


def downgrade() -> None:
    op.create_table(
        "lead_login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("lead_login_failures_by_team", "lead_login_failures", ["team_id", "failed_at"])
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("round_expected_size_in_range", "rounds", type_="check")
        op.drop_constraint("response_source_known", "responses", type_="check")
    op.drop_column("rounds", "expected_size")
    op.drop_column("responses", "source")
