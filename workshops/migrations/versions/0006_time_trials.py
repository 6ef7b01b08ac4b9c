"""Time trials run in a workshop (issue 10.4): seconds per question, never the answers typed.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('time_trial',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('constituency', sa.String(length=32), nullable=False),
    sa.Column('form_version_id', sa.Integer(), nullable=False),
    sa.Column('seconds_json', sa.Text(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['form_version_id'], ['form_version.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('time_trial', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_trial_workshop_id'), ['workshop_id'], unique=False)


def downgrade() -> None:
    # Going back loses the trials: the earlier schema has nowhere to keep them.
    with op.batch_alter_table('time_trial', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_time_trial_workshop_id'))
    op.drop_table('time_trial')
