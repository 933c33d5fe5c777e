"""`newswatch completion bash|zsh|fish|tcsh|powershell`: the shell code that completes newswatch's
commands and options (argcomplete). Load it with e.g. ``eval "$(newswatch completion bash)"``.
"""

from __future__ import annotations

import argparse
from typing import Any

SHELLS = ("bash", "zsh", "fish", "tcsh", "powershell")


def register(sub: Any) -> None:
    p = sub.add_parser("completion", help="shell code for tab completion (argcomplete)",
                       description='Print the shell code that completes newswatch, e.g. add '
                                   '`eval "$(newswatch completion bash)"` to ~/.bashrc.')
    p.add_argument("shell", nargs="?", choices=SHELLS, default="bash", help="the shell (default: %(default)s)")
    p.set_defaults(func=cmd_completion)


def cmd_completion(args: argparse.Namespace) -> int:
    import argcomplete

    print(argcomplete.shellcode(["newswatch"], shell=args.shell), end="")
    return 0
