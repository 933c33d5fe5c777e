# PYTHON_ARGCOMPLETE_OK
"""The ``newswatch`` command: build the parser from the command modules, dispatch, and turn every
error into one line on stderr and a documented exit code (the one catch-all of the CLI).

Exit codes: 0 ok; 1 error, or nothing worked; 2 configuration or usage error; 3 the database
cannot be reached or was lost; 130 interrupted. ``-v`` or ``NEWSWATCH_DEBUG=1`` adds the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from newswatch import __version__, config
from newswatch.cli.common import one_line
from newswatch.errors import ConfigError, NewswatchError, StoreUnavailable

# One module per command group, each with ``register(subparsers)`` adding sub-commands whose
# ``func(args)`` returns an exit code. They import domain code inside the commands, never at
# module level, so that building this parser (``--help``) stays cheap.
COMMAND_MODULES: tuple[str, ...] = (
    "newswatch.cli.store",       # init, replay
    "newswatch.cli.run",         # run
    "newswatch.cli.alerts",      # alerts, ack, mute, unmute, alerts-feed
    "newswatch.cli.feeds",       # feeds check|status|enable
    "newswatch.cli.topics",      # topics check
    "newswatch.cli.sql",         # sql
    "newswatch.cli.extract",     # extract, timex
    "newswatch.cli.recode",      # recode
    "newswatch.cli.validation",  # validation-report
    "newswatch.cli.samples",     # samples serve
    "newswatch.cli.config",      # config, config schema
    "newswatch.cli.completion",  # completion
    "newswatch.cli.serve",       # serve
)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CONFIG = 2
EXIT_UNAVAILABLE = 3
EXIT_INTERRUPTED = 130

# SQLSTATE classes that mean the connection is gone rather than the statement wrong:
# 08 connection exception, 57P operator intervention (shutdown, crash, cannot connect now).
_CONNECTION_LOST = ("08", "57P")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newswatch",
        description="Event-sourced news monitoring: feeds -> dated world events -> alerts.",
        epilog="exit codes: 0 ok, 1 error or nothing worked, 2 configuration or usage error, "
               "3 database unreachable or lost",
    )
    parser.add_argument("--version", action="version", version=f"newswatch {__version__}")
    parser.add_argument("--database-url", default=None,
                        help="event store URL (default: $NEWSWATCH_DATABASE_URL or "
                             f"{config.DEFAULT_DATABASE_URL})")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log each stage's progress; print the traceback of an unexpected error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # set by the shell's completion hook; argcomplete exits itself
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
    args.database_url = args.database_url or config.database_url()
    debug = args.verbose or os.environ.get("NEWSWATCH_DEBUG", "").strip() not in ("", "0")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("newswatch: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()  # the reader (`| head`) has gone: nothing to say, and nobody to say it to
        return EXIT_ERROR
    except Exception as e:  # the one catch-all at the boundary: one readable line, not a traceback
        code, message = exit_code_for(e)
        if debug:
            traceback.print_exc()
        elif code == EXIT_ERROR and message.startswith("unexpected "):
            message += " (rerun with -v or NEWSWATCH_DEBUG=1 for the traceback)"
        print(f"newswatch: error: {_redact(one_line(message)) or type(e).__name__}", file=sys.stderr)
        return code


def exit_code_for(e: Exception) -> tuple[int, str]:
    """The exit code and message for an error that reached the command line."""
    if isinstance(e, StoreUnavailable):
        return EXIT_UNAVAILABLE, str(e)
    if isinstance(e, ConfigError):
        return EXIT_CONFIG, str(e)
    if isinstance(e, NewswatchError):
        return EXIT_ERROR, str(e)
    psycopg2 = sys.modules.get("psycopg2")  # only loaded if a command used the database
    if psycopg2 is not None and isinstance(e, psycopg2.Error):
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        lost = isinstance(e, psycopg2.InterfaceError) or (
            isinstance(e, psycopg2.OperationalError) and (e.pgcode is None or e.pgcode.startswith(_CONNECTION_LOST)))
        if lost:
            return EXIT_UNAVAILABLE, f"lost the database connection: {first}"
        if isinstance(e, psycopg2.ProgrammingError) and first.startswith("invalid dsn"):
            return EXIT_CONFIG, f"not a PostgreSQL URL: {first} (e.g. postgresql://user@host:5432/newswatch)"
        return EXIT_ERROR, f"database error: {first}"
    if isinstance(e, OSError) and e.strerror:
        return EXIT_ERROR, f"{e.filename}: {e.strerror}" if e.filename else e.strerror
    return EXIT_ERROR, f"unexpected {type(e).__name__}: {e}"


def _redact(message: str) -> str:
    # Driver messages may quote the URL they were given, password included.
    from newswatch.store import redact_url

    return redact_url(message)


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (tests); nothing will flush into a closed pipe


if __name__ == "__main__":
    sys.exit(main())
