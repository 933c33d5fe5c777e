"""Who connects as what: the logins `newswatch init` creates, and the reader connection that the
SQL console and the desk use, refused when its login could do more than read.

Three kinds of connection, after Message DB: the owner runs migrations (it owns the schema);
the pipeline logs in as a role that is only ``newswatch_writer`` (INSERT/SELECT on the log, the
projections); the console and the desk log in as a role that is only ``newswatch_reader``
(SELECT on the views and the log), which cannot become anything else because it is a member of
nothing else.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg2
import psycopg2.errors
import psycopg2.extensions
from psycopg2 import sql as pgsql

from newswatch.errors import ConfigError, StoreError
from newswatch.store.eventstore import connect, redact_url, store_error

WRITER_ROLE = "newswatch_writer"
READER_ROLE = "newswatch_reader"
# The logins `newswatch init` creates when the URLs name no other (or name these).
PIPELINE_LOGIN = "newswatch_pipeline"
READER_LOGIN = "newswatch_analyst"
# What a reader session starts with: a BI tool or the desk that forgets to ask still gets a
# read-only transaction and a time limit (a session may lower or raise the timeout, which is why
# the console also cancels from the client side).
READER_DEFAULTS = {"default_transaction_read_only": "on", "statement_timeout": "60s"}

# Functions a reader must never be able to call: files, programs, other servers, configuration.
_DANGEROUS_FUNCTIONS = (
    "pg_read_file(text)", "pg_read_binary_file(text)", "pg_ls_dir(text)", "pg_stat_file(text)",
    "lo_import(text)", "lo_export(oid, text)", "pg_reload_conf()", "pg_rotate_logfile()",
    "pg_ls_logdir()", "pg_ls_waldir()", "pg_file_write(text, text, boolean)", "dblink_connect_u(text)",
    "dblink(text, text)", "dblink_exec(text, text)",
)


class PrivilegedLogin(ConfigError):
    """A connection meant to be read-only logs in as a role that can do more than read."""


@dataclass(frozen=True, slots=True)
class LoginCheck:
    login: str
    problems: tuple[str, ...]  # empty when the login is only newswatch_reader


def reader_problems(cur: psycopg2.extensions.cursor) -> LoginCheck:
    """What this session's login could do beyond reading, as readable phrases (empty = nothing).

    Checked on the login (``session_user``), not the current role: a login that may SET ROLE to
    something stronger is as strong as that role. Membership covers PostgreSQL's predefined roles
    (pg_read_server_files, pg_execute_server_program, pg_database_owner...).
    """
    cur.execute(
        """SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
                  ARRAY(SELECT g.rolname FROM pg_roles g
                        WHERE g.oid <> r.oid AND pg_has_role(r.oid, g.oid, 'MEMBER') ORDER BY 1),
                  (SELECT d.datdba = r.oid FROM pg_database d WHERE d.datname = current_database()),
                  EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspowner = r.oid AND n.nspname !~ '^pg_'
                          AND n.nspname <> 'information_schema'),
                  ARRAY(SELECT n.nspname || '.' || c.relname FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname !~ '^pg_'
                          AND n.nspname <> 'information_schema'
                          AND has_table_privilege(r.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
                        ORDER BY 1 LIMIT 3),
                  ARRAY(SELECT f FROM unnest(%s::text[]) AS f
                        WHERE to_regprocedure(f) IS NOT NULL
                          AND has_function_privilege(r.oid, to_regprocedure(f), 'EXECUTE'))
           FROM pg_roles r WHERE r.rolname = session_user""",
        (list(_DANGEROUS_FUNCTIONS),),
    )
    (login, superuser, createrole, createdb, replication, bypassrls, member_of, owns_db, owns_schema,
     writable, functions) = cur.fetchone()
    problems = []
    if superuser:
        problems.append("is a superuser")
    attributes = [name for name, held in (("CREATEROLE", createrole), ("CREATEDB", createdb),
                                          ("REPLICATION", replication), ("BYPASSRLS", bypassrls)) if held]
    if attributes:
        problems.append("has " + ", ".join(attributes))
    others = [g for g in member_of if g != READER_ROLE]
    if others and not superuser:
        problems.append("may act as " + ", ".join(others))
    if owns_db or owns_schema:
        problems.append("owns the database or a schema")
    if writable and not superuser:
        problems.append("may write to " + ", ".join(writable))
    if functions and not superuser:
        problems.append("may call " + ", ".join(functions))
    if login != READER_ROLE and READER_ROLE not in member_of and not problems:
        problems.append(f"is not a member of {READER_ROLE}")
    return LoginCheck(login, tuple(problems))


def connect_reader(url: str, *, application_name: str = "newswatch-reader",
                   jit: bool = True) -> psycopg2.extensions.connection:
    """A connection for the SQL console or the desk: refused (PrivilegedLogin) unless its login
    is only newswatch_reader; read-only, with ``search_path`` set to the newswatch schema.

    JIT stays on by default: analysts' scans are large, unlike the pipeline's small statements.
    """
    conn = connect(url, application_name=application_name, jit=jit)
    try:
        with conn.cursor() as cur:
            check = reader_problems(cur)
            if check.problems:
                raise PrivilegedLogin(
                    f"refusing to run read-only work as {check.login!r}, which {'; '.join(check.problems)}: "
                    f"connect as a login that is only {READER_ROLE} (NEWSWATCH_READER_DATABASE_URL; "
                    f"`newswatch init` creates {READER_LOGIN})")
            cur.execute("SELECT set_config('search_path', 'newswatch', false)")
        conn.commit()
        conn.set_session(readonly=True)
    except psycopg2.Error as e:
        conn.close()
        raise store_error(e, "the reader connection") from e
    except BaseException:
        conn.close()
        raise
    return conn


# -- creating the logins (``newswatch init``, as the owner) ------------------------------------------

@dataclass(frozen=True, slots=True)
class LoginPlan:
    group: str  # newswatch_writer or newswatch_reader
    login: str
    password: str | None  # None: leave (or create without) a password, e.g. under trust auth
    defaults: tuple[tuple[str, str], ...] = ()


def with_login(url: str, login: str) -> str:
    """``url`` with another user and no password (the server's other settings kept); a URI
    stays a URI, so messages show it in the form it was given."""
    parts = urlsplit(url)
    if parts.scheme in ("postgresql", "postgres"):
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, f"{quote(login, safe='')}@{host}", parts.path, parts.query, ""))
    dsn = psycopg2.extensions.parse_dsn(url)
    dsn.pop("password", None)
    dsn["user"] = login
    return psycopg2.extensions.make_dsn(**dsn)


def reader_url(database_url: str, configured: str | None) -> str:
    """The reader login's URL: NEWSWATCH_READER_DATABASE_URL when set, else the event store's
    server with the login `newswatch init` creates (no password: trust or peer auth, or a
    ~/.pgpass entry)."""
    return configured or with_login(database_url, READER_LOGIN)


def login_from_url(url: str) -> tuple[str, str | None]:
    """The user a URL logs in as (libpq's default, $PGUSER or the OS user, when it names none)
    and its password, if it carries one."""
    dsn = psycopg2.extensions.parse_dsn(url)
    return dsn.get("user") or os.environ.get("PGUSER") or getpass.getuser(), dsn.get("password")


def ensure_logins(conn: psycopg2.extensions.connection, plans: list[LoginPlan]) -> list[str]:
    """Create or update each login as a member of its group and of nothing else; returns one line
    per action. A plan naming the connected (owner) role itself, or a superuser, is skipped with a
    line saying why: init never weakens or grants to the owner."""
    done: list[str] = []
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT current_user")
            owner = cur.fetchone()[0]
            for plan in plans:
                done.append(_ensure_login(cur, plan, owner))
    except psycopg2.errors.InsufficientPrivilege as e:
        first = (str(e).strip().splitlines() or [""])[0]
        raise StoreError(f"cannot create the logins as {redact_url(conn.dsn)}: {first} "
                         "(the owner needs CREATEROLE, or a DBA creates them: see README, Roles)") from e
    except psycopg2.Error as e:
        raise store_error(e, "creating the logins") from e
    return done


def restrict_database(conn: psycopg2.extensions.connection) -> None:
    """No temporary tables or schemas for PUBLIC in this database (PostgreSQL grants TEMPORARY to
    PUBLIC on every new one). Migration 0090 does it too, but database privileges are not copied
    by CREATE DATABASE ... TEMPLATE, so init restates it for the database it was pointed at."""
    try:
        with conn, conn.cursor() as cur:
            cur.execute(pgsql.SQL("REVOKE CREATE, TEMPORARY ON DATABASE {} FROM PUBLIC").format(
                pgsql.Identifier(conn.get_dsn_parameters()["dbname"])))
    except psycopg2.Error as e:
        raise store_error(e, "restricting the database") from e


def _ensure_login(cur: psycopg2.extensions.cursor, plan: LoginPlan, owner: str) -> str:
    if plan.login == owner:
        return f"{plan.login}: the owner itself, not made a {plan.group} login (use another user in its URL)"
    login = pgsql.Identifier(plan.login)
    state = _login_state(cur, plan.login)
    if state is not None and state[0]:
        return f"{plan.login}: a superuser, left as it is (use another user in its URL)"
    actions = []
    if state is None:
        cur.execute("SAVEPOINT create_login")
        try:  # another init (or a test session) may create it at the same moment
            cur.execute(pgsql.SQL("CREATE ROLE {} LOGIN").format(login))
            cur.execute("RELEASE SAVEPOINT create_login")
            actions.append("created")
        except psycopg2.errors.DuplicateObject:
            cur.execute("ROLLBACK TO SAVEPOINT create_login")
        state = _login_state(cur, plan.login)
    # Change only what differs: several inits (or test sessions) at once then write nothing, and
    # PostgreSQL's "tuple concurrently updated" on pg_authid cannot happen.
    _, attributes_ok, groups, settings = state
    if not attributes_ok:
        cur.execute(pgsql.SQL("ALTER ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                              "NOBYPASSRLS INHERIT").format(login))
        actions.append("attributes reset")
    if plan.password is not None:
        cur.execute(pgsql.SQL("ALTER ROLE {} PASSWORD %s").format(login), (plan.password,))
        actions.append("password set")
    if plan.group not in groups:
        cur.execute(pgsql.SQL("GRANT {} TO {}").format(pgsql.Identifier(plan.group), login))
        actions.append(f"granted {plan.group}")
    # A member of nothing else: a login that could SET ROLE to a stronger role is that role.
    for other in sorted(set(groups) - {plan.group}):
        cur.execute(pgsql.SQL("REVOKE {} FROM {}").format(pgsql.Identifier(other), login))
        actions.append(f"removed from {other}")
    for name, value in plan.defaults:
        if settings.get(name) != value:
            cur.execute(pgsql.SQL("ALTER ROLE {} SET {} = %s").format(login, pgsql.Identifier(name)), (value,))
            actions.append(f"{name} = {value}")
    return f"{plan.login}: {', '.join(actions) or 'as it should be'}; a member of {plan.group} only"


def _login_state(cur: psycopg2.extensions.cursor, login: str) -> tuple[bool, bool, list[str], dict[str, str]] | None:
    """(superuser, attributes as init sets them, groups it is a member of, role settings) or None."""
    cur.execute(
        """SELECT r.rolsuper,
                  r.rolcanlogin AND r.rolinherit AND NOT (r.rolcreatedb OR r.rolcreaterole OR r.rolreplication
                                                          OR r.rolbypassrls),
                  ARRAY(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                        WHERE m.member = r.oid),
                  coalesce((SELECT s.setconfig FROM pg_db_role_setting s
                            WHERE s.setrole = r.oid AND s.setdatabase = 0), '{}')
           FROM pg_roles r WHERE r.rolname = %s""",
        (login,),
    )
    row = cur.fetchone()
    if row is None:
        return None
    settings = dict(item.split("=", 1) for item in row[3])
    return row[0], row[1], list(row[2]), settings


__all__ = ["PIPELINE_LOGIN", "READER_DEFAULTS", "READER_LOGIN", "READER_ROLE", "WRITER_ROLE", "LoginCheck",
           "LoginPlan", "PrivilegedLogin", "connect_reader", "ensure_logins", "login_from_url",
           "reader_problems", "reader_url", "restrict_database", "with_login"]
