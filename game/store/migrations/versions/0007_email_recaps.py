"""e-mail recaps: the players who asked for them

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 18:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('email_subscriptions',
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], name=op.f('fk_email_subscriptions_player_id_players'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('player_id', name=op.f('pk_email_subscriptions'))
    )


def downgrade() -> None:
    op.drop_table('email_subscriptions')
