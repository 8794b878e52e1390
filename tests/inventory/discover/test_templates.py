"""Config templates rendered from the environment at container start (gomplate, dockerize, envsubst) are
the application's reads once a script or Dockerfile of the project runs the renderer; and a file an
entrypoint runner sources (`*.envsh`) is read as shell."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.templates import (
    Templates,
    envsubst_reads,
    go_template_reads,
    is_template_candidate,
)
from tests.inventory.discover.projects import project

PHP_INI = """\
; rendered at start
memory_limit = {{ getenv "APP_PHP_MEMORY_LIMIT" "256M" }}
error_reporting = {{ getenv "APP_PHP_ERRORS" "E_ALL & ~E_DEPRECATED" }}
date.timezone = {{ env.Getenv "TZ" "UTC" }}
upload_max_filesize = {{ getenv "UPLOAD_LIMIT" }}
"""

RENDER = """\
#!/bin/bash
find /docker/templates -type f | while read -r template; do
    gomplate <"${template}" >"/${template#/docker/templates/}"
done
"""


def _found(reads: list) -> dict[str, tuple[bool, str | None]]:  # type: ignore[type-arg]
    return {r.name: (r.optional, r.default) for r in reads}


def test_gomplate_getenv_with_and_without_default() -> None:
    assert _found(go_template_reads(PHP_INI, "docker/templates/php.ini")) == {
        "APP_PHP_MEMORY_LIMIT": (True, "256M"),
        "APP_PHP_ERRORS": (True, "E_ALL & ~E_DEPRECATED"),
        "TZ": (True, "UTC"),  # a setting the template writes down, unlike the shell's own names
        "UPLOAD_LIMIT": (False, None),
    }


def test_dockerize_env_fields_and_defaults() -> None:
    text = """\
    server_name {{ .Env.SERVER_NAME }};
    listen {{ default .Env.LISTEN_PORT "8080" }};
    {{ if .Env.ENABLE_GZIP }}gzip on;{{ end }}
    root {{ .Env.WEB_ROOT | default "/srv/www" }};
    upstream {{ default "app:9000" .Env.UPSTREAM }};
    {{ $home := .Env.HOME }}
    """
    found = _found(go_template_reads(text, "docker/nginx.conf.tmpl"))
    assert found == {
        "SERVER_NAME": (False, None),
        "LISTEN_PORT": (True, "8080"),
        "ENABLE_GZIP": (False, None),
        "WEB_ROOT": (True, "/srv/www"),
        "UPSTREAM": (True, "app:9000"),
    }  # HOME is the shell's, not a setting


def test_envsubst_template() -> None:
    text = (
        "server {\n  listen ${NGINX_PORT};\n  proxy_pass http://$APP_HOST:${APP_PORT:-3000};\n"
        "  set $x $host;\n}\n"
    )
    assert _found(envsubst_reads(text, "docker/default.conf.template")) == {
        "NGINX_PORT": (False, None),
        "APP_HOST": (False, None),
        "APP_PORT": (True, "3000"),
    }


def test_candidates_and_renderers() -> None:
    assert is_template_candidate("docker/shared/templates/usr/local/etc/php/php.ini")
    assert is_template_candidate("deploy/app.conf.tmpl")
    assert not is_template_candidate("resources/views/home.html")
    templates = Templates()
    templates.add(PHP_INI, "docker/templates/php.ini")
    # installing the binary, or a comment, is no rendering
    templates.note_script(
        "RUN curl -o /usr/local/bin/gomplate https://x/gomplate_linux \\\n && gomplate --version\n"
    )
    templates.note_script("# gomplate < in > out\n")
    assert templates.finish() == []
    templates.note_script('gomplate -f "$in" -o "$out"\n')
    assert {r.name for r in templates.finish()} == {
        "APP_PHP_MEMORY_LIMIT",
        "APP_PHP_ERRORS",
        "TZ",
        "UPLOAD_LIMIT",
    }


def test_templates_in_a_project(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/root/docker/templates/usr/local/etc/php/php.ini": PHP_INI,
            "docker/root/docker/entrypoint.d/05-templating.sh": RENDER,
            "docker/root/docker/templates/etc/nginx/conf.d/site.conf": (
                'client_max_body_size {{ getenv "POST_MAX_SIZE" "61M" }};\n'
            ),
            # a Hugo layout nothing renders at start
            "site/layouts/partials/head.html": '<meta name="env" content="{{ getenv "HUGO_ENV" }}">\n',
            "docker/envsubst/app.conf.template": "upstream ${BACKEND_URL};\n",  # envsubst never runs here
        },
    )
    assert found["APP_PHP_MEMORY_LIMIT"].default == "256M"
    assert found["APP_PHP_MEMORY_LIMIT"].scope == "runtime"
    assert found["TZ"].default == "UTC"
    assert found["POST_MAX_SIZE"].locations == ["docker/root/docker/templates/etc/nginx/conf.d/site.conf:1"]
    assert "HUGO_ENV" not in found
    assert "BACKEND_URL" not in found


def test_envsubst_rendered_by_the_entrypoint(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/nginx/default.conf.template": "listen ${NGINX_PORT:-80};\nroot $STATIC_ROOT;\n",
            "docker/entrypoint.sh": (
                "#!/bin/sh\nenvsubst '$NGINX_PORT $STATIC_ROOT' < /etc/nginx/default.conf.template"
                " > /etc/nginx/conf.d/default.conf\nexec nginx -g 'daemon off;'\n"
            ),
        },
    )
    assert found["NGINX_PORT"].default == "80"
    assert found["STATIC_ROOT"].locations == ["docker/nginx/default.conf.template:2"]


def test_sourced_envsh_file_is_shell(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/entrypoint.d/04-defaults.envsh": (
                '#!/bin/bash\n: "${UPLOAD_BUFFER:=1M}"\n: "${MAX_PHOTO_SIZE:=15000}"\nexport UPLOAD_BUFFER\n'
            ),
        },
    )
    assert found["UPLOAD_BUFFER"].default == "1M"
    assert found["MAX_PHOTO_SIZE"].locations == ["docker/entrypoint.d/04-defaults.envsh:3"]


def test_sourced_file_of_another_extension_is_shell(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/entrypoint.sh": '#!/bin/bash\nsource "${ROOT:-/app}/lib/defaults.inc"\nexec app\n',
            "docker/lib/defaults.inc": ': "${WORKERS:=2}"\nexport LOG_LEVEL="${LOG_LEVEL:-info}"\n',
            "other/defaults.inc": ': "${UNRELATED:=1}"\n',  # another folder's file of that name
        },
    )
    assert found["WORKERS"].default == "2"
    assert found["LOG_LEVEL"].locations == ["docker/lib/defaults.inc:2"]
    assert "UNRELATED" not in found


def test_envsubst_templates_named_by_their_renderer(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "deploy/site.conf.tmpl": "server_name ${SITE_DOMAIN};\n",
            "deploy/start.sh": "#!/bin/sh\nenvsubst < /deploy/site.conf.tmpl > /etc/site.conf\n",
            # a view template nothing renders at start
            "themes/page.tpl": "<h1>{$TITLE}</h1> ${PAGE_TITLE}\n",
            "nginx/app.conf.template": "listen ${NGINX_LISTEN:-8080};\n",
            "nginx/Dockerfile": "FROM nginx:1.27\nCOPY app.conf.template /etc/nginx/templates/\n",
        },
    )
    assert found["SITE_DOMAIN"].scope == "runtime"
    assert "PAGE_TITLE" not in found
    assert found["NGINX_LISTEN"].default == "8080"
