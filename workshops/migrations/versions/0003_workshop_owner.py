"""Record which signed-in facilitator account owns a workshop (NULL: opened only by its facilitator key).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, so existing workshops keep working with their keys; no table copy is needed.
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner', sa.String(length=512), nullable=True))
        batch_op.create_index(batch_op.f('ix_workshop_owner'), ['owner'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_owner'))
        batch_op.drop_column('owner')
