import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url():
    return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def include_object(obj, name, type_, reflected, compare_to):
    """search_entries, search_terms and search_postings are PostgreSQL-only, the search_fts*
    tables (FTS5 and its shadow tables) SQLite-only; all live outside the models' metadata (see
    0005_search, 0008_search_forms, 0013_search_fts5, 0014_search_postings): autogenerate must
    not offer to drop them."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    table_name = getattr(table, "name", None) or ""
    postgres_only = ("search_entries", "search_terms", "search_postings")
    return table_name not in postgres_only and not table_name.startswith("search_fts")


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=get_metadata(),
        literal_binds=True,
        include_object=include_object,
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch operation on SQLite copies a table, drops the original and renames the
            # copy. With foreign keys enforced (the app turns them on for every connection),
            # dropping `zones` or `users` deleted every row referencing them (ON DELETE
            # CASCADE): downgrading 0015 emptied every zone's memberships, pages and posts. The
            # pragma is a no-op inside a transaction, so it goes to the driver before any.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            conf_args = {"on_version_apply": [check_foreign_keys], **conf_args}
        try:
            context.configure(
                connection=connection,
                target_metadata=get_metadata(),
                include_object=include_object,
                **conf_args,
            )
            with context.begin_transaction():
                if connection.dialect.name == "postgresql":
                    # Several processes starting together migrate once: the others wait here,
                    # then find the schema current (alembic reads the version after this lock).
                    from innovationzone.schema import MIGRATION_LOCK_KEY

                    connection.exec_driver_sql(
                        f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"
                    )
                context.run_migrations()
        finally:
            if sqlite:  # the connection goes back to the app's pool: enforce them again
                if connection.in_transaction():  # reads since the last migration's commit
                    connection.rollback()
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def check_foreign_keys(ctx, **_kw):
    """SQLite, with enforcement off while migrating: what it would have refused is refused
    here, inside the migration's own transaction (alembic commits each one on SQLite), so a
    migration that breaks a reference is rolled back instead of committed."""
    broken = ctx.connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration left rows referencing nothing: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
