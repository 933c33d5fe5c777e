"""A real Airflow 3.3 stack for tests: the README's non-Docker recipe, run word for word.

The recipe's fenced blocks (between ``<!-- recipe:NAME -->`` markers in README.md, or in
README-ISSUE.md until it is merged) are executed by bash with four substitutions only: free
ports for 8080 (api-server) and 8765 (sample feeds), throw-away database names for ``airflow``
and ``newswatch``, and a temporary AIRFLOW_HOME. Everything runs in one new process group, killed
as a whole at the end; every process is also found by its AIRFLOW_HOME in its environment, so a
component that left the group is stopped too. Logs stay in AIRFLOW_HOME and their paths (and
last lines) are printed when a wait fails.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def recipe(name: str) -> str:
    """The bash of the recipe block ``name``, from README.md or, before the merge, README-ISSUE.md."""
    pattern = re.compile(rf"<!-- recipe:{re.escape(name)} -->\s*```bash\n(.*?)```\s*<!-- /recipe:{re.escape(name)} -->",
                         re.DOTALL)
    for readme in ("README.md", "README-ISSUE.md"):
        path = ROOT / readme
        if path.is_file() and (found := pattern.search(path.read_text())):
            return found.group(1)
    raise AssertionError(f"no <!-- recipe:{name} --> block in README.md or README-ISSUE.md")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_url(dbname: str) -> str:
    """postgresql://…/dbname on the server of NEWSWATCH_DATABASE_URL (the tests' server)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import _server_url

    return _server_url(dbname)


class Stack:
    """One run of the recipe blocks in ``blocks``; use as a context manager."""

    def __init__(self, home: Path, blocks: Sequence[str], *, label: str, extra_env: dict[str, str] | None = None):
        self.home = home
        self.blocks = blocks
        self.label = label
        pid = os.getpid()
        self.metadata_db = f"newswatch_test_{pid}_{label}_airflow"
        self.store_db = f"newswatch_test_{pid}_{label}_store"
        self.api_port = free_port()
        self.samples_port = free_port()
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None
        self.env_file = home / "recipe.env"
        self.script_log = home / "recipe.log"

    # -- the recipe ---------------------------------------------------------------------------
    def script(self) -> str:
        server = server_url("x").rsplit("/", 1)[0]  # postgresql://[user@]host:port
        host = re.sub(r"^postgresql://([^@]*@)?", "", server).split(":")[0]
        text = "\n".join(recipe(b) for b in self.blocks)
        substitutions = [
            (r"\$PWD/\.airflow", str(self.home)),
            (r"\.venv/bin/", f"{sys.prefix}/bin/"),
            (r"\b8080\b", str(self.api_port)),
            (r"\b8765\b", str(self.samples_port)),
            (r"postgresql://localhost:5432/airflow\b", f"{server}/{self.metadata_db}"),
            (r"postgresql\+psycopg2://localhost:5432/airflow\b",
             f"{server.replace('postgresql://', 'postgresql+psycopg2://')}/{self.metadata_db}"),
            (r"postgresql://localhost:5432/newswatch\b", f"{server}/{self.store_db}"),
            (r"createdb -h localhost airflow\b", f"createdb -h {host} {self.metadata_db}"),
            # A Redis database of its own: a killed earlier run may have left messages in one.
            (r"redis://127\.0\.0\.1:6379/0\b", f"redis://127.0.0.1:6379/{1 + os.getpid() % 15}"),
        ]
        for pattern, replacement in substitutions:
            text = re.sub(pattern, lambda _m, r=replacement: r, text)
        # Installing is the one step the tests' environment has done already; run, ".venv/bin/pip
        # install ..." replaced the checkout's editable install with a copy in the middle of a test run.
        text = "\n".join(line for line in text.splitlines() if not re.search(r"\bpip install\b", line))
        # Test plumbing after the recipe: keep its environment for later CLI calls.
        return f"set -euo pipefail\n{text}\nexport -p > {shlex.quote(str(self.env_file))}\n"

    def start(self, timeout: float = 360) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        script = self.home / "recipe.sh"
        script.write_text(self.script())
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AIRFLOW", "NEWSWATCH_", "GX_", "PYTEST"))}
        env.update({
            # The scheduler's own log server; a fixed 8793 would collide with another stack.
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
            "GX_ANALYTICS_ENABLED": "False",
            **self.extra_env,
        })
        with self.script_log.open("w") as out:
            self.proc = subprocess.Popen(["bash", str(script)], cwd=ROOT, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as e:
            raise AssertionError(f"the recipe did not finish in {timeout:.0f}s\n{self.report()}") from e
        if code != 0:
            raise AssertionError(f"the recipe failed (exit {code})\n{self.report()}")

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- talking to it ------------------------------------------------------------------------
    def cli(self, command: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """A shell command in the recipe's environment (e.g. ``airflow dags trigger …``)."""
        return subprocess.run(["bash", "-c", f"source {shlex.quote(str(self.env_file))} && {command}"],
                              cwd=ROOT, capture_output=True, text=True, timeout=timeout)

    def metadata(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        import psycopg2

        conn = psycopg2.connect(server_url(self.metadata_db))
        try:
            with conn, conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall()
        finally:
            conn.close()

    def store(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        import psycopg2

        conn = psycopg2.connect(server_url(self.store_db))
        try:
            with conn, conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall()
        finally:
            conn.close()

    def dag_runs(self) -> list[tuple[str, str, str, str]]:
        """(dag_id, run_id, run_type, state) of every DAG run, oldest first."""
        return self.metadata("SELECT dag_id, run_id, run_type::text, state::text FROM dag_run ORDER BY id")

    def wait_for(self, what: str, probe: Callable[[], T], timeout: float, every: float = 3) -> T:
        """Poll ``probe`` until it returns something truthy; fail with the logs after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.label}: no {what} after {timeout:.0f}s\n{self.report()}")
            time.sleep(every)

    def report(self) -> str:
        """Where the logs are, with their last lines, and the DAG runs so far."""
        lines = [f"logs of this stack: {self.home}"]
        for log in sorted(self.home.glob("*.log")):
            tail = log.read_text(errors="replace").splitlines()[-25:]
            lines += [f"--- {log} (last {len(tail)} lines)", *tail]
        task_logs = sorted((self.home / "logs").glob("dag_id=*/**/*.log")) if (self.home / "logs").is_dir() else []
        lines.append(f"task logs: {len(task_logs)} files under {self.home / 'logs'}")
        try:
            lines += ["dag runs:", *map(str, self.dag_runs())]
        except Exception as e:  # noqa: BLE001 - a report must not hide the original failure
            lines.append(f"(dag runs unavailable: {e})")
        return "\n".join(lines)

    # -- stopping ------------------------------------------------------------------------------
    def _ours(self) -> list[int]:
        """Processes whose environment names this stack's AIRFLOW_HOME."""
        import psutil

        marker = f"AIRFLOW_HOME={self.home}"
        found = []
        for p in psutil.process_iter(["pid"]):
            try:
                environ = Path(f"/proc/{p.pid}/environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if marker.encode() in environ:
                found.append(p.pid)
        return found

    def stop(self) -> None:
        if self.proc is not None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    pass
                for pid in self._ours():
                    try:
                        os.kill(pid, sig)
                    except ProcessLookupError:
                        pass
                deadline = time.monotonic() + 15
                while self._ours() and time.monotonic() < deadline:
                    time.sleep(0.5)
                if not self._ours():
                    break
            self.proc = None
        import psycopg2

        conn = psycopg2.connect(server_url("postgres"))
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                for name in (self.metadata_db, self.store_db):
                    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            conn.close()
