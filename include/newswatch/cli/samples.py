"""`newswatch samples serve`: the bundled sample feeds over local HTTP, for the demo and by hand."""

from __future__ import annotations

import argparse
import errno
import time
from pathlib import Path
from typing import Any

from newswatch import config
from newswatch.cli.common import port_number
from newswatch.errors import ConfigError, NewswatchError


def register(sub: Any) -> None:
    group = sub.add_parser("samples", help="the bundled sample feeds: serve")
    samples = group.add_subparsers(dest="samples_command", required=True, metavar="COMMAND")
    p = samples.add_parser("serve", help="serve the sample feeds over local HTTP")
    p.add_argument("--port", type=port_number, default=8765, help="port (default %(default)s; 0 = any)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default %(default)s; 0.0.0.0 in a container)")
    p.add_argument("--directory", type=Path, default=config.project_root() / "include" / "samples",
                   help="what to serve (default: %(default)s)")
    p.set_defaults(func=cmd_samples_serve)


def cmd_samples_serve(args: argparse.Namespace) -> int:
    from newswatch.ingest.samples import SampleServer

    if not args.directory.is_dir():
        raise ConfigError(f"{args.directory}: no such directory")
    try:
        server = SampleServer(args.directory, args.port, args.host)
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise NewswatchError(f"port {args.port} is in use; pick another with --port (0 = any free port)") from e
        raise NewswatchError(f"cannot listen on 127.0.0.1:{args.port}: {e.strerror or e}") from e
    with server:
        print(f"serving {args.directory} at {server.url} (Ctrl-C to stop)", flush=True)
        print(f"  export NEWSWATCH_SAMPLES_URL={server.url} NEWSWATCH_ALLOWED_HOSTS=127.0.0.1", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0
