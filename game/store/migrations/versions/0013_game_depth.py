"""issue 14: lock rosters frozen at first touch, live rounds and their answers, the weekend in-town switch

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 13:58:54.678754
"""

import secrets

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('live_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.String(length=64), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('deadline', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('opened_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['opened_by'], ['facilitators.id'], name=op.f('fk_live_rounds_opened_by_facilitators'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['game_sessions.id'], name=op.f('fk_live_rounds_session_id_game_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_rounds'))
    )
    with op.batch_alter_table('live_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_rounds_session_id'), ['session_id'], unique=False)

    op.create_table('lock_rosters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('quest_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=True),
    sa.Column('frozen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], name=op.f('fk_lock_rosters_player_id_players'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_lock_rosters_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lock_rosters')),
    sa.UniqueConstraint('team_id', 'quest_id', 'position', name=op.f('uq_lock_rosters_team_id'))
    )
    with op.batch_alter_table('lock_rosters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lock_rosters_team_id'), ['team_id'], unique=False)

    op.create_table('round_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('live_round_id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('choice', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['live_round_id'], ['live_rounds.id'], name=op.f('fk_round_answers_live_round_id_live_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], name=op.f('fk_round_answers_player_id_players'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_round_answers_team_id_teams'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_answers')),
    sa.UniqueConstraint('live_round_id', 'player_id', name=op.f('uq_round_answers_live_round_id'))
    )
    with op.batch_alter_table('round_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_answers_live_round_id'), ['live_round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_answers_player_id'), ['player_id'], unique=False)

    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weekend_in_town', sa.Boolean(), server_default='0', nullable=False))

    # every session gets its own secret, existing ones too (drawn here, one each); the
    # column stays nullable in the schema: making it NOT NULL would need a batch copy
    with op.batch_alter_table('game_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('variant_seed', sa.String(length=64), nullable=True))
    conn = op.get_bind()
    for (session_id,) in conn.execute(sa.text('SELECT id FROM game_sessions')).fetchall():
        conn.execute(
            sa.text('UPDATE game_sessions SET variant_seed = :seed WHERE id = :id'),
            {'seed': secrets.token_hex(32), 'id': session_id},
        )



def downgrade() -> None:
    # plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy of these tables would
    # cascade-delete their players and slots while foreign keys are on
    op.drop_column('game_sessions', 'variant_seed')
    op.drop_column('teams', 'weekend_in_town')

    with op.batch_alter_table('round_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_answers_player_id'))
        batch_op.drop_index(batch_op.f('ix_round_answers_live_round_id'))

    op.drop_table('round_answers')
    with op.batch_alter_table('lock_rosters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lock_rosters_team_id'))

    op.drop_table('lock_rosters')
    with op.batch_alter_table('live_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_rounds_session_id'))

    op.drop_table('live_rounds')
