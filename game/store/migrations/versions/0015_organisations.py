"""issue 16: organisations (several Missions Locales on one installation); the default
one (id 1) takes every account, session, badge and setting that existed

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 20:45:00
"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

DEFAULT_ID = 1
OWNED = ('facilitators', 'game_sessions', 'awards')


def upgrade() -> None:
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('address', sa.Text(), server_default='', nullable=False),
    sa.Column('url', sa.String(length=300), server_default='', nullable=False),
    sa.Column('email', sa.String(length=320), server_default='', nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('profile_updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisations_slug'))
    )
    op.create_table('organisation_settings',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_settings_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by'], ['facilitators.id'], name=op.f('fk_organisation_settings_updated_by_facilitators'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('organisation_id', 'key', name=op.f('pk_organisation_settings'))
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    organisations = sa.table('organisations', sa.column('id', sa.Integer), sa.column('slug', sa.String),
                             sa.column('name', sa.String), sa.column('created_at', sa.DateTime))
    op.bulk_insert(organisations, [{'id': DEFAULT_ID, 'slug': 'mission-locale', 'name': 'Mission Locale', 'created_at': now}])
    if op.get_bind().dialect.name == 'postgresql':  # the id was given: the next one drawn is 2
        op.execute("SELECT setval(pg_get_serial_sequence('organisations', 'id'), 1)")
    # the issuer's contact e-mail set in the console is now the default organisation's
    # profile (organisations.email, the one place it is read from); the other settings
    # become its organisation settings
    op.execute(
        "UPDATE organisations SET email = (SELECT value FROM installation_settings WHERE key = 'issuer_email'), "
        "profile_updated_at = (SELECT updated_at FROM installation_settings WHERE key = 'issuer_email') "
        f"WHERE id = {DEFAULT_ID} AND EXISTS (SELECT 1 FROM installation_settings WHERE key = 'issuer_email')"
    )
    op.execute(
        'INSERT INTO organisation_settings (organisation_id, key, value, updated_at, updated_by) '
        f"SELECT {DEFAULT_ID}, key, value, updated_at, updated_by FROM installation_settings WHERE key <> 'issuer_email'"
    )
    for table in OWNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        op.execute(f'UPDATE {table} SET organisation_id = {DEFAULT_ID}')
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_organisation_id'), ['organisation_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_organisation_id_organisations'), 'organisations',
                                        ['organisation_id'], ['id'], ondelete='RESTRICT')
    with op.batch_alter_table('facilitators', schema=None) as batch_op:  # an account the administrator disabled
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(), nullable=True))
    # one revocation list per organisation (/badges/status/<id>, signed with its key): a
    # badge's index is unique within its organisation's list, no longer installation-wide
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_constraint('uq_awards_status_index', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_awards_organisation_id'), ['organisation_id', 'status_index'])


def downgrade() -> None:
    with op.batch_alter_table('facilitators', schema=None) as batch_op:
        batch_op.drop_column('disabled_at')
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_awards_organisation_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_awards_status_index'), ['status_index'])
    for table in OWNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_organisation_id_organisations'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_organisation_id'))
            batch_op.drop_column('organisation_id')
    op.drop_table('organisation_settings')
    op.drop_table('organisations')
