"""check-in evidence: last good reading per player and place (no position), fingerprints of fixes inside a place, flags for the console

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('checkin_readings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('quest_id', sa.String(length=64), nullable=False),
    sa.Column('distance_m', sa.Float(), nullable=False),
    sa.Column('accuracy_m', sa.Float(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('fingerprint', sa.String(length=16), nullable=False),
    sa.Column('inside_since_taken', sa.DateTime(), nullable=True),
    sa.Column('inside_since_received', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], name=op.f('fk_checkin_readings_player_id_players'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_checkin_readings_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_readings')),
    sa.UniqueConstraint('player_id', 'quest_id', name=op.f('uq_checkin_readings_player_id'))
    )
    with op.batch_alter_table('checkin_readings') as batch:
        batch.create_index(batch.f('ix_checkin_readings_team_id'), ['team_id'], unique=False)
        batch.create_index(batch.f('ix_checkin_readings_received_at'), ['received_at'], unique=False)
    op.create_table('checkin_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('quest_id', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], name=op.f('fk_checkin_prints_player_id_players'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_checkin_prints_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_prints'))
    )
    with op.batch_alter_table('checkin_prints') as batch:
        batch.create_index(batch.f('ix_checkin_prints_team_id'), ['team_id'], unique=False)
        batch.create_index(batch.f('ix_checkin_prints_player_id'), ['player_id'], unique=False)
        batch.create_index(batch.f('ix_checkin_prints_received_at'), ['received_at'], unique=False)
    op.create_table('checkin_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=True),
    sa.Column('quest_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('first_at', sa.DateTime(), nullable=False),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], name=op.f('fk_checkin_flags_player_id_players'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_checkin_flags_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_flags'))
    )
    with op.batch_alter_table('checkin_flags') as batch:
        batch.create_index(batch.f('ix_checkin_flags_team_id'), ['team_id'], unique=False)
        batch.create_index(batch.f('ix_checkin_flags_player_id'), ['player_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('checkin_flags') as batch:
        batch.drop_index(batch.f('ix_checkin_flags_player_id'))
        batch.drop_index(batch.f('ix_checkin_flags_team_id'))
    op.drop_table('checkin_flags')
    with op.batch_alter_table('checkin_prints') as batch:
        batch.drop_index(batch.f('ix_checkin_prints_received_at'))
        batch.drop_index(batch.f('ix_checkin_prints_player_id'))
        batch.drop_index(batch.f('ix_checkin_prints_team_id'))
    op.drop_table('checkin_prints')
    with op.batch_alter_table('checkin_readings') as batch:
        batch.drop_index(batch.f('ix_checkin_readings_received_at'))
        batch.drop_index(batch.f('ix_checkin_readings_team_id'))
    op.drop_table('checkin_readings')
