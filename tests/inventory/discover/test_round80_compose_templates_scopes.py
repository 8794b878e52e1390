"""Round 80's deployment shapes: a database service built here from a Dockerfile on the postgres image is
that container's; an `env_file:` name that only compose itself interpolates on the host (ports, limits) is
compose's setting; a template the entrypoint renders by `eval "echo \\"$line\\""` is read like envsubst's; a
host install script is tooling."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_database_built_from_a_dockerfile_is_its_own_container(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/Dockerfile": "FROM ruby:3.4\nCOPY . /app\nCMD bundle exec puma\n",
            "docker/Dockerfile-postgres": "FROM postgres:13.5\nENV LANG en_GB.utf8\n",
            "docker-compose.yml": """
                services:
                  app:
                    build:
                      context: .
                      dockerfile: docker/Dockerfile
                    environment:
                      - DATABASE_URL=postgres://postgres:password@db/
                  db:
                    build:
                      context: .
                      dockerfile: docker/Dockerfile-postgres
                    environment:
                      - POSTGRES_PASSWORD=password
            """,
            "config/app.rb": 'DB = ENV.fetch("DATABASE_URL")\n',
        },
    )
    assert found["POSTGRES_PASSWORD"].scope == "service:db"
    assert found["DATABASE_URL"].scope == "runtime"


def test_env_file_names_only_compose_interpolates_are_compose_settings(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": "FROM python:3.12\nCOPY . /app\nCMD python /app/main.py\n",
            "docker/.env": "SVR_HTTP_PORT=9380\nMEM_LIMIT=8073741824\nMYSQL_PASSWORD=x\nLOG_LEVEL=info\n",
            "docker/docker-compose.yml": """
                services:
                  app:
                    build: ..
                    env_file: .env
                    ports:
                      - ${SVR_HTTP_PORT}:9380
                  mysql:
                    image: mysql:8.0
                    mem_limit: ${MEM_LIMIT}
                    environment:
                      - MYSQL_ROOT_PASSWORD=${MYSQL_PASSWORD}
            """,
            "main.py": "import os\n\nLEVEL = os.getenv('LOG_LEVEL', 'info')\n",
        },
    )
    assert found["SVR_HTTP_PORT"].scope == "service:compose"
    assert found["MEM_LIMIT"].scope == "service:compose"
    assert found["MYSQL_PASSWORD"].scope == "runtime"  # handed to the app and shared with the database
    assert found["LOG_LEVEL"].scope == "runtime"


_ENTRYPOINT = r"""#!/bin/bash
TEMPLATE_FILE="/ragflow/conf/service_conf.yaml.template"
CONF_FILE="/ragflow/conf/service_conf.yaml"
rm -f "${CONF_FILE}"
while IFS= read -r line || [[ -n "$line" ]]; do
    eval "echo \"$line\"" >> "${CONF_FILE}"
done < "${TEMPLATE_FILE}"
exec python3 /ragflow/api/server.py
"""


def test_a_template_rendered_by_shell_eval_is_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": 'FROM python:3.12\nCOPY . /ragflow\nENTRYPOINT ["/ragflow/docker/entrypoint.sh"]\n',
            "docker/entrypoint.sh": _ENTRYPOINT,
            "docker/service_conf.yaml.template": """
                mysql:
                  user: '${MYSQL_USER:-root}'
                  port: ${MYSQL_PORT:-3306}
            """,
        },
    )
    assert found["MYSQL_USER"].default == "root"
    assert found["MYSQL_PORT"].scope == "runtime"


def test_a_host_install_script_is_tooling(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "script/site-specific-install.sh": """
                #!/bin/sh
                [ -z "$UNIX_USER" ] && misuse UNIX_USER
                su -l -c "cd '$REPOSITORY'" "$UNIX_USER"
            """,
            "script/start.sh": '#!/bin/sh\nexec puma -p "${PORT:-3000}"\n',
        },
    )
    assert found["UNIX_USER"].scope == "build"  # an installer no launcher runs
    assert found["PORT"].scope == "runtime"


def test_top_level_install_and_uninstall_scripts_without_an_extension_are_installers(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": "FROM python:3.12\nCOPY . /app\nCMD ./bin/app.py\n",
            "install": '#!/bin/bash\nif [ "${CONDA_EXE} " == " " ]; then echo none; fi\n',
            "uninstall": "#!/bin/bash\n${CONDA_EXE} env remove -n app\n",
            "bin/app.py": "import os\n\nPORT = os.environ.get('APP_PORT', '8000')\n",
        },
    )
    assert found["CONDA_EXE"].scope == "build"
    assert found["APP_PORT"].scope == "runtime"
