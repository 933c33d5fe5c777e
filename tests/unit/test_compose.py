"""docker-compose.yml, its Dockerfile and .env.example, checked without a Docker engine.

The stack cannot be started here, so these tests hold the file to what `docker compose up` needs:
the services, one image, shared settings, a start order that can be satisfied, paths that exist.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "include" / "docker" / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"

AIRFLOW_SERVICES = (
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
)
# The pipeline's login (only newswatch_writer); the owner's URL is given to `newswatch init` alone.
EVENT_STORE_URL = "postgresql://newswatch_pipeline:newswatch_pipeline@postgres:5432/newswatch"
COMMON_ENV = {
    "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "postgresql+psycopg2://airflow:airflow@postgres/airflow",
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": "http://airflow-apiserver:8080/execution/",
    "AIRFLOW_CONN_NEWSWATCH_DB": EVENT_STORE_URL,
    "NEWSWATCH_DATABASE_URL": EVENT_STORE_URL,
}
PROJECT_ENV_VARS = (
    "NEWSWATCH_DATABASE_URL",
    "NEWSWATCH_ALLOWED_HOSTS",
    "NEWSWATCH_WEBHOOK_URL",
    "NEWSWATCH_WEBHOOK_SECRET",
    "NEWSWATCH_DICTIONARY_DIR",
    "AIRFLOW_CONN_NEWSWATCH_DB",
    "AIRFLOW__API_AUTH__JWT_SECRET",
)


@pytest.fixture(scope="module")
def compose() -> dict:
    # PyYAML resolves the x-airflow-common anchor and `<<` merges, as compose does.
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else str(command)


def airflow_version_in_constraints() -> str:
    found = re.search(r"^apache-airflow==(\S+)$", (ROOT / "constraints.txt").read_text(), re.MULTILINE)
    assert found, "constraints.txt pins no apache-airflow version"
    return found.group(1)


def env_example_entries() -> dict[str, str | None]:
    """Each variable in .env.example with the comment line right above it (None when absent)."""
    entries: dict[str, str | None] = {}
    previous = ""
    for line in ENV_EXAMPLE.read_text().splitlines():
        stripped = line.strip()
        if match := re.match(r"^([A-Z][A-Z0-9_]*)=", stripped):
            entries[match.group(1)] = previous[1:].strip() if previous.startswith("#") else None
        previous = stripped
    return entries


def test_the_stack_has_postgres_and_the_five_airflow_services(services):
    assert set(services) >= {"postgres", *AIRFLOW_SERVICES}
    assert services["postgres"]["image"] == "postgres:15"


def test_every_airflow_service_runs_the_project_image_built_from_the_dockerfile(services):
    images = {services[name]["image"] for name in AIRFLOW_SERVICES}
    assert len(images) == 1
    for name in AIRFLOW_SERVICES:
        build = services[name]["build"]
        assert (ROOT / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE


def test_every_airflow_service_gets_the_common_environment(services):
    for name in AIRFLOW_SERVICES:
        env = services[name]["environment"]
        assert {key: env.get(key) for key in COMMON_ENV} == COMMON_ENV, name
        # The secret is interpolated from the environment, never written in the file.
        assert env["AIRFLOW__API_AUTH__JWT_SECRET"].startswith("${AIRFLOW__API_AUTH__JWT_SECRET")


def test_each_service_runs_its_airflow_component(services):
    expected = {
        "airflow-apiserver": "api-server",
        "airflow-scheduler": "scheduler",
        "airflow-dag-processor": "dag-processor",
        "airflow-triggerer": "triggerer",
    }
    for name, component in expected.items():
        assert command_text(services[name]).split()[-1] == component, name


def test_the_api_server_publishes_8080_and_has_a_health_check(services):
    api = services["airflow-apiserver"]
    assert any(str(port).split(":")[-2:] == ["8080", "8080"] for port in api["ports"])
    assert "/api/v2/monitor/health" in " ".join(api["healthcheck"]["test"])


def test_postgres_has_a_pg_isready_health_check(services):
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])


def test_init_migrates_airflow_then_the_event_store(services):
    script = command_text(services["airflow-init"])
    assert "airflow db migrate" in script and "newswatch init" in script
    assert script.index("airflow db migrate") < script.index("newswatch init")
    assert "set -e" in script  # a failed migration must fail the service, holding the others back


def test_every_dependency_exists_and_waits_on_a_real_condition(services):
    for name, service in services.items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: depends_on needs conditions"
        for target, rule in depends_on.items():
            assert target in services, f"{name} depends on missing {target}"
            assert target != name
            wanted = "service_completed_successfully" if target == "airflow-init" else "service_healthy"
            assert rule["condition"] == wanted, f"{name} -> {target}"
            if wanted == "service_healthy":
                assert "healthcheck" in services[target], f"{target} has no healthcheck to wait on"


def test_long_running_airflow_services_wait_for_a_migrated_database(services):
    for name in AIRFLOW_SERVICES[1:]:
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_mounted_host_paths_exist_in_the_repository(services):
    mounted = []
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0] if isinstance(volume, str) else volume["source"]
            if source.startswith((".", "/")):
                mounted.append(source)
                assert (ROOT / source).exists(), f"{source} is mounted but missing"
    assert {"./dags", "./plugins", "./include/config"} <= set(mounted)


def test_the_package_reads_the_mounted_config_folder(services):
    # Installed into site-packages, the package cannot find include/config beside itself.
    for name in AIRFLOW_SERVICES:
        config_dir = services[name]["environment"]["NEWSWATCH_CONFIG_DIR"]
        targets = [v.split(":")[1] for v in services[name]["volumes"] if v.startswith("./include/config:")]
        assert targets == [config_dir], name


def test_the_dockerfile_extends_the_airflow_version_pinned_in_constraints():
    text = DOCKERFILE.read_text()
    base = re.search(r"^FROM\s+apache/airflow:(\S+)", text, re.MULTILINE)
    assert base, "the Dockerfile does not extend apache/airflow"
    assert base.group(1) == f"{airflow_version_in_constraints()}-python3.11"
    assert re.search(r"pip install .*-c \S*constraints\.txt", text)


def test_env_example_documents_every_variable_with_a_comment(compose):
    entries = env_example_entries()
    for name in PROJECT_ENV_VARS:
        assert name in entries, f"{name} missing from .env.example"
        assert entries[name], f"{name} has no comment line above it"
    assert entries  # parsed something
    assert "postgresql://localhost:5432/newswatch" in ENV_EXAMPLE.read_text()


def test_every_variable_the_compose_file_interpolates_is_documented():
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", COMPOSE_FILE.read_text()))
    assert interpolated - set(env_example_entries()) == set()


def test_env_example_covers_every_variable_the_package_reads():
    source = "\n".join(p.read_text() for p in (ROOT / "include" / "newswatch").glob("*.py"))
    read = set(re.findall(r"[\"'](NEWSWATCH_[A-Z0-9_]+)[\"']", source))
    assert read - set(env_example_entries()) == set()


def _compose_cli() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _compose_cli(), reason="needs the docker client with the compose plugin")
def test_docker_compose_accepts_the_file(tmp_path):
    # `config` only parses and interpolates; it needs no engine. The secret must be present or
    # the file's fail-fast interpolation stops it.
    env_file = tmp_path / "test.env"
    env_file.write_text("AIRFLOW__API_AUTH__JWT_SECRET=test-only-secret\n")
    result = subprocess.run(
        ["docker", "compose", "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config", "-q"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_image_installs_every_package_the_dags_import():
    """The DAG files import `newswatch` and `newswatch_airflow`; both must be copied into the image."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    dockerfile = (root / "include" / "docker" / "Dockerfile").read_text()
    packages = sorted(p.name for p in (root / "include").iterdir() if (p / "__init__.py").exists())
    assert packages == ["newswatch", "newswatch_airflow"]
    for package in packages:
        assert f"COPY --chown=airflow:0 include/{package} " in dockerfile, package
