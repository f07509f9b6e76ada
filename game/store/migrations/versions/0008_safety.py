"""safety: staff token idle time, sessions closed to newcomers, banned phones, player ids never reused

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 05:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_tokens') as batch:
        batch.add_column(sa.Column('last_used_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('game_sessions') as batch:
        batch.add_column(sa.Column('joining_open', sa.Boolean(), server_default='1', nullable=False))
    # recreated on SQLite so that the table gets AUTOINCREMENT (ids never reused)
    sqlite = op.get_bind().dialect.name == 'sqlite'  # PostgreSQL's sequences never give an id again
    with op.batch_alter_table('players', recreate='always' if sqlite else 'auto', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.add_column(sa.Column('device_hash', sa.String(length=64), nullable=True))
    op.create_table('session_bans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('device_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['game_sessions.id'], name=op.f('fk_session_bans_session_id_game_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['facilitators.id'], name=op.f('fk_session_bans_staff_id_facilitators'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_bans')),
    sa.UniqueConstraint('session_id', 'device_hash', name=op.f('uq_session_bans_session_id'))
    )
    with op.batch_alter_table('session_bans') as batch:
        batch.create_index(batch.f('ix_session_bans_session_id'), ['session_id'], unique=False)


def downgrade() -> None:
    op.drop_table('session_bans')
    with op.batch_alter_table('players', recreate='always' if op.get_bind().dialect.name == 'sqlite' else 'auto') as batch:
        batch.drop_column('device_hash')
    with op.batch_alter_table('game_sessions') as batch:
        batch.drop_column('joining_open')
    with op.batch_alter_table('staff_tokens') as batch:
        batch.drop_column('last_used_at')
