"""installation settings: installation-wide values set once in the console (the issuer's contact e-mail)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('installation_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by'], ['facilitators.id'], name=op.f('fk_installation_settings_updated_by_facilitators'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_installation_settings'))
    )


def downgrade() -> None:
    op.drop_table('installation_settings')
