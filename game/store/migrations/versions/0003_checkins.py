"""check-ins at places (no coordinates kept)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 17:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('quest_id', sa.String(length=64), nullable=False),
    sa.Column('place_id', sa.String(length=64), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], name=op.f('fk_checkins_player_id_players'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['facilitators.id'], name=op.f('fk_checkins_staff_id_facilitators'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_checkins_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins'))
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkins_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkins_player_id'), ['player_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkins_player_id'))
        batch_op.drop_index(batch_op.f('ix_checkins_team_id'))
    op.drop_table('checkins')
