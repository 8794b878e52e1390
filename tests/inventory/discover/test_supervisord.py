"""supervisord configs: `%(ENV_X)s` in an option value is a read of X, in `.conf` and `.ini` files that hold
supervisord's sections; other programs' `.conf` files and comments are left alone."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.supervisord import discover_supervisord
from tests.inventory.discover.projects import project


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_env_expansions_in_program_sections() -> None:
    text = src("""
        [supervisord]
        nodaemon=true
        logfile=%(ENV_LOG_DIR)s/supervisord.log

        [program:queue]
        ; command=php artisan queue:work %(ENV_COMMENTED)s
        command=php %(ENV_APP_ROOT)s/artisan queue:work --tries=%(ENV_QUEUE_TRIES)d
        autostart=%(ENV_RUN_QUEUE)s ; %(ENV_INLINE_COMMENT)s
        process_name=%(program_name)s_%(process_num)02d
        directory=%(here)s
    """)
    found = {(r.name, r.line, r.optional, r.source) for r in discover_supervisord(text, "supervisord.conf")}
    assert found == {
        ("LOG_DIR", 3, False, "supervisord"),
        ("APP_ROOT", 7, False, "supervisord"),
        ("QUEUE_TRIES", 7, False, "supervisord"),
        ("RUN_QUEUE", 8, False, "supervisord"),
    }


def test_other_programs_conf_files_are_not_read() -> None:
    nginx = src("""
        server {
            listen 80;
            # %(ENV_NOT_SUPERVISORD)s
        }
    """)
    assert discover_supervisord(nginx, "nginx.conf") == []


def test_image_config_reads_are_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/Dockerfile": """
                FROM php:8.3-cli
                ENV RUN_SCHEDULER=false
                COPY docker/conf.d/ /etc/supervisor/conf.d/
                CMD ["supervisord", "-c", "/etc/supervisor/supervisord.conf"]
            """,
            "docker/conf.d/scheduler.conf": """
                [program:scheduler]
                command=php artisan schedule:work
                autostart=%(ENV_RUN_SCHEDULER)s
            """,
            "docker/worker.ini": """
                [program:worker]
                numprocs=%(ENV_WORKER_COUNT)s
            """,
            "docker/nginx.conf": """
                server { listen %(ENV_NOT_READ)s; }
            """,
        },
    )
    assert found["RUN_SCHEDULER"].scope == "runtime"
    assert found["RUN_SCHEDULER"].sources == ["dockerfile-env", "supervisord"]
    assert found["WORKER_COUNT"].scope == "runtime"
    assert not found["WORKER_COUNT"].optional
    assert "NOT_READ" not in found
