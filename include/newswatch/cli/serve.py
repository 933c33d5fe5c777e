"""`newswatch serve`: the analyst's desk on its own (uvicorn), for desks without Airflow access.

It needs the token in NEWSWATCH_DESK_TOKEN (sent as ``Authorization: Bearer …``, or typed once on
the login page); only on a loopback address may ``--no-auth`` leave the door open.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
from typing import Any

from newswatch.cli.common import port_number
from newswatch.errors import ConfigError, NewswatchError


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the analyst's desk (web pages) over HTTP",
                       description="Serve the desk: alerts inbox, world events, timelines, search, feeds. "
                                   "Needs NEWSWATCH_DESK_TOKEN, unless bound to 127.0.0.1 with --no-auth.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=port_number, default=8000, help="port (default %(default)s; 0 = any free port)")
    p.add_argument("--no-auth", action="store_true",
                   help="no token: anyone who can reach the port may read and acknowledge (loopback only)")
    p.set_defaults(func=cmd_serve)


def settings_for(args: argparse.Namespace) -> Any:
    """The desk's settings from the arguments and environment; ConfigError when it must not start."""
    from newswatch.desk.settings import DeskSettings, check_token, is_loopback

    if args.no_auth:
        if not is_loopback(args.host):
            raise ConfigError(f"--no-auth only on a loopback address (127.0.0.1), not {args.host}: "
                              "anyone on the network could read the desk and acknowledge alerts")
        return DeskSettings(database_url=args.database_url, auth="none",
                            local_user=os.environ.get("USER") or "local",
                            allowed_hosts=("127.0.0.1", "localhost", "[::1]", "::1"))
    token = check_token(os.environ.get("NEWSWATCH_DESK_TOKEN"))
    return DeskSettings(database_url=args.database_url, auth="token", token=token)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from newswatch.cli.common import migrated_store
    from newswatch.desk import create_app

    settings = settings_for(args)
    with migrated_store(args.database_url):
        pass  # refuse a store that is missing or not migrated now, not at the first page
    try:
        sock = socket.create_server((args.host, args.port), family=socket.AF_INET6 if ":" in args.host
                                    else socket.AF_INET)
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise NewswatchError(f"port {args.port} is in use; pick another with --port (0 = any free port)") from e
        raise NewswatchError(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}") from e
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    mode = "no sign-in (--no-auth)" if settings.auth == "none" else "sign in with NEWSWATCH_DESK_TOKEN"
    print(f"newswatch desk at http://{shown}:{port}/ ({mode}); Ctrl-C to stop", flush=True)
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False,
                            proxy_headers=False, server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    return 0
