"""Each proposal keeps the vote method it is voted with, so a workshop's rounds may use different methods.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method', sa.String(length=16), nullable=True))
    # Until now a workshop had one method: every existing proposal was voted with it.
    op.execute("UPDATE proposal SET method = (SELECT workshop.method FROM workshop "
               "WHERE workshop.id = proposal.workshop_id)")


def downgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_column('method')
