"""A round is bound to the questionnaire version it was opened on.

Existing rounds get the version most of their responses were answered on (until now every
response of a deployment had the one configured version); a round without responses gets the
current version: the one the app was started with, else the newest file in data/questionnaire.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from assessment.instruments import version_key
from assessment.settings import DEFAULT_QUESTIONNAIRE_DIR

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _current_version() -> str:
    config = op.get_context().config
    given = config.attributes.get("current_version") if config is not None else None
    if given:
        return given
    versions = [path.stem for path in DEFAULT_QUESTIONNAIRE_DIR.glob("*.toml")]
    if not versions:
        raise RuntimeError(f"no questionnaire version in {DEFAULT_QUESTIONNAIRE_DIR} to bind rounds to")
    return max(versions, key=version_key)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place, as in 0004: SQLite adds a NOT NULL column only with a default, and cannot drop
        # the default later; every round gets its version below, and the app always writes it.
        op.execute("ALTER TABLE rounds ADD COLUMN instrument_version VARCHAR(32) NOT NULL DEFAULT ''")
    else:
        op.add_column("rounds", sa.Column("instrument_version", sa.String(32), nullable=True))

    responses = sa.table("responses", sa.column("round_id"), sa.column("instrument_version"))
    rounds = sa.table("rounds", sa.column("id"), sa.column("instrument_version"))
    # The most common version among the round's responses; on a tie, the newer by name.
    most_common = (
        sa.select(responses.c.instrument_version)
        .where(responses.c.round_id == rounds.c.id)
        .group_by(responses.c.instrument_version)
        .order_by(sa.func.count().desc(), responses.c.instrument_version.desc())
        .limit(1)
        .scalar_subquery()
    )
    op.execute(rounds.update().values(instrument_version=sa.func.coalesce(most_common, _current_version())))

    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("rounds", "instrument_version", nullable=False)


def downgrade() -> None:
    op.drop_column("rounds", "instrument_version")
