"""Settings from the environment: production checks pass, the secret key is generated once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_tuijin(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **env}
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    # Set by the browser tests' conftest for Playwright's event loop; never part of a deployment.
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-m", "tuijin", *args], env=full_env, capture_output=True, text=True, timeout=120
    )


def test_it_passes_the_deployment_checks_with_production_settings(tmp_path: Path) -> None:
    result = run_tuijin(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "TUIJIN_VAR_DIR": str(tmp_path),
            "TUIJIN_HTTPS": "1",
            "TUIJIN_DEBUG": "0",
            "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-1234567890",
            "ALLOWED_HOSTS": "tuijin.example.gov.cn",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_generates_the_secret_key_once(tmp_path: Path) -> None:
    env = {"TUIJIN_VAR_DIR": str(tmp_path), "SECRET_KEY": ""}
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_tuijin(["shell", "-v", "0", "-c", code], env)
    second = run_tuijin(["shell", "-v", "0", "-c", code], env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip() == (tmp_path / "secret_key").read_text().strip()
    assert len(first.stdout.strip()) >= 50


def test_it_reads_the_database_from_the_environment(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    result = run_tuijin(["shell", "-v", "0", "-c", code], {"TUIJIN_VAR_DIR": str(tmp_path), "DATABASE_URL": ""})
    assert result.stdout.strip() == str(tmp_path / "tuijin.sqlite3")


def test_it_fails_fast_on_a_malformed_boolean(tmp_path: Path) -> None:
    result = run_tuijin(["check"], {"TUIJIN_VAR_DIR": str(tmp_path), "TUIJIN_HTTPS": "maybe"})
    assert result.returncode != 0
    assert "TUIJIN_HTTPS must be a boolean" in result.stderr
