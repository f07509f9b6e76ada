"""safety alerts: urgent answers of a young person, seen privately by the session's staff

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 11:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('safety_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('round', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('helplines', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('flagged_by', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=True),
    sa.Column('seen_by', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.Column('handled_by', sa.Integer(), nullable=True),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['flagged_by'], ['facilitators.id'], name=op.f('fk_safety_alerts_flagged_by_facilitators'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['handled_by'], ['facilitators.id'], name=op.f('fk_safety_alerts_handled_by_facilitators'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], name=op.f('fk_safety_alerts_player_id_players'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seen_by'], ['facilitators.id'], name=op.f('fk_safety_alerts_seen_by_facilitators'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['game_sessions.id'], name=op.f('fk_safety_alerts_session_id_game_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_safety_alerts_submission_id_submissions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_alerts'))
    )
    with op.batch_alter_table('safety_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_alerts_player_id'), ['player_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safety_alerts_session_id'), ['session_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('safety_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_alerts_session_id'))
        batch_op.drop_index(batch_op.f('ix_safety_alerts_player_id'))
    op.drop_table('safety_alerts')
