"""Record wrong join codes by client, so guessing a workshop's code can be rate-limited.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('join_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('join_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_join_attempt_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_join_attempt_client'), ['client'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('join_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_join_attempt_client'))
        batch_op.drop_index(batch_op.f('ix_join_attempt_at'))
    op.drop_table('join_attempt')
