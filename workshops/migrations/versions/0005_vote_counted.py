"""Vendors and managers give signals, not votes (docs/codesign.md decision 10): each vote row says whether it counts.

Votes cast by vendors or managers before this revision are kept in the record, marked not counted,
so they never enter a tally again.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# The constituencies whose word is a signal beside the tally (workshops.voting.SIGNAL_ONLY), as
# they were when this revision was written: a migration must not change with the code.
SIGNAL_ONLY = ('vendor', 'manager')


def upgrade() -> None:
    # A plain ADD COLUMN (no table copy): the vote table keeps its rows, ids and partial unique index.
    op.add_column('vote', sa.Column('counted', sa.Boolean(), nullable=False, server_default=sa.true()))
    vote = sa.table('vote', sa.column('constituency', sa.String), sa.column('counted', sa.Boolean))
    op.execute(vote.update().where(vote.c.constituency.in_(SIGNAL_ONLY)).values(counted=False))


def downgrade() -> None:
    # The earlier schema counted every vote; going back deletes no row, but those votes count again.
    # A plain DROP COLUMN (SQLite 3.35 or later) keeps the partial unique index a table copy would lose.
    op.drop_column('vote', 'counted')
