"""self-diagnosis answers (day 1 and day 10)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 18:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('diagnosis_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('choice', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], name=op.f('fk_diagnosis_answers_player_id_players'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnosis_answers')),
    sa.UniqueConstraint('player_id', 'round', 'question_id', name=op.f('uq_diagnosis_answers_player_id'))
    )
    with op.batch_alter_table('diagnosis_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diagnosis_answers_player_id'), ['player_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('diagnosis_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diagnosis_answers_player_id'))

    op.drop_table('diagnosis_answers')
