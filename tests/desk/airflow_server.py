"""A real Airflow api-server for the desk's plugin tests: its own AIRFLOW_HOME and SQLite metadata
database, SimpleAuthManager with one user whose password the test knows, this checkout's plugins/
folder, and the connection ``newswatch_db`` pointing at the test's store."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "analyst", "desk-test-password"
AIRFLOW = str(Path(sys.executable).with_name("airflow"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home: Path, store_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    (home / "dags").mkdir(parents=True, exist_ok=True)
    passwords = home / "passwords.json"
    passwords.write_text(json.dumps({USER: PASSWORD}))
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
        "AIRFLOW__API_AUTH__JWT_SECRET": "desk-test-jwt-secret-" + "0" * 48,
        "AIRFLOW__API__SECRET_KEY": "desk-test-api-secret-0123456789",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
        "AIRFLOW_CONN_NEWSWATCH_DB": store_url,
        "NEWSWATCH_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/not-this-one",  # the connection wins
        "PYTHONPATH": os.pathsep.join([str(ROOT / "include"), str(ROOT), env.get("PYTHONPATH", "")]),
        "GX_ANALYTICS_ENABLED": "False",
    })
    return env


@contextmanager
def api_server(home: Path, store_url: str):
    """Yield the base URL of a running api-server; stop it (its own process group) afterwards."""
    env = _env(home, store_url)
    subprocess.run([AIRFLOW, "db", "migrate"], env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    log = open(home / "api-server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([AIRFLOW, "api-server", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the api-server stopped: {(home / 'api-server.log').read_text()[-3000:]}")
            try:
                urllib.request.urlopen(f"{base}/api/v2/monitor/health", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError("the api-server did not answer within 180 s") from None
                time.sleep(0.5)
        yield base
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def jwt(base: str, user: str = USER, password: str = PASSWORD) -> str:
    request = urllib.request.Request(f"{base}/auth/token", data=json.dumps({"username": user, "password": password})
                                     .encode(), headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=30))["access_token"]
