"""Shell: getopts' option variable, names an `eval` builds from a literal loop, what a library sourced from
an image path assigns, and the templates a script renders with envsubst."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_getopts_variable_is_the_scripts_own(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "backup/prune.sh": """
                #!/bin/bash
                keep=7
                while getopts "hk:" FLAG; do
                    case "$FLAG" in
                        k) keep="$OPTARG" ;;
                        h) echo "usage" ;;
                    esac
                done
                shift $((OPTIND - 1))
                find "$BACKUP_DIR" -mtime +"$keep" -delete
            """,
        },
    )
    assert "FLAG" not in found
    assert "BACKUP_DIR" in found


def test_eval_names_built_from_a_literal_loop(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/start.sh": """
                #!/bin/sh
                configure() {
                    for svc in WEB WORKER; do
                        eval export SERVICE_HOST=\\$${svc}_HOST
                        eval "SERVICE_PORT=\\${${svc}_PORT:-8000}"
                        eval export SERVICE_NAME=\\$${svc}_${1}
                        echo "$SERVICE_HOST:$SERVICE_PORT"
                    done
                }
                configure NAME
            """,
        },
    )
    assert {"WEB_HOST", "WORKER_HOST", "WEB_PORT", "WORKER_PORT"} <= set(found)
    assert found["WEB_PORT"].optional is True
    assert found["WEB_HOST"].optional is False
    # the name's end comes from the function's argument: not known here
    assert not {"WEB_", "WORKER_", "WEB_NAME", "WORKER_NAME"} & set(found)
    assert "SERVICE_HOST" not in found


def test_library_sourced_from_an_image_path(tmp_path: Path) -> None:
    """`source /usr/local/lib/common.sh` where the image copied the project's `docker/lib/common.sh`: what its
    functions assign is the script's own after sourcing it; a `local` of theirs is not."""
    found = project(
        tmp_path,
        {
            "docker/lib/common.sh": """
                #!/bin/sh
                checksum_config() {
                    local tmp=/tmp/x
                    export OLD_SUM=$(md5sum /etc/app.conf | cut -d' ' -f1)
                    NEW_SUM=$(md5sum /tmp/app.conf | cut -d' ' -f1)
                }
            """,
            "docker/vpn/run.sh": """
                #!/bin/sh
                echo "$OLD_SUM before"
                source /usr/local/lib/common.sh
                checksum_config
                if [ "$OLD_SUM" != "$NEW_SUM" ]; then
                    curl -H "Key: $VPN_KEY" "$VPN_URL"
                fi
            """,
        },
    )
    assert "NEW_SUM" not in found
    assert found["OLD_SUM"].locations == ["docker/vpn/run.sh:2"]  # read before the library was sourced
    assert {"VPN_KEY", "VPN_URL"} <= set(found)


def test_library_of_an_ambiguous_name_is_not_guessed(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "images/a/helpers.sh": "set_vars() {\n    export SHARED_PATH=/a\n}\n",
            "images/b/helpers.sh": "set_vars() {\n    export SHARED_PATH=/b\n}\n",
            "images/c/run.sh": '#!/bin/sh\n. /helpers.sh\nset_vars\necho "$SHARED_PATH"\n',
        },
    )
    assert "SHARED_PATH" in found  # which helpers.sh the image holds is not known: left as a read


def test_envsubst_template_from_an_image_path(tmp_path: Path) -> None:
    discovered = project(
        tmp_path,
        {
            "images/web/site.template.conf": """
                server {
                    listen ${LISTEN_PORT};
                    server_name ${SERVER_NAME};
                    location / { proxy_pass http://$UPSTREAM_HOST; proxy_set_header Host $host; }
                }
            """,
            "images/web/entrypoint.sh": """
                #!/bin/sh
                export LISTEN_PORT="${LISTEN_PORT:-8080}"
                envsubst </etc/nginx/site.template.conf >/etc/nginx/conf.d/site.conf
                exec nginx -g 'daemon off;'
            """,
        },
    )
    assert discovered["SERVER_NAME"].locations == ["images/web/site.template.conf:3"]
    assert discovered["SERVER_NAME"].scope == "runtime"
    assert "UPSTREAM_HOST" in discovered
    # assigned by the script before rendering: the template gets the script's value
    assert discovered["LISTEN_PORT"].locations == ["images/web/entrypoint.sh:2"]
    assert discovered["LISTEN_PORT"].default == "8080"


def test_envsubst_shell_format_and_cat_pipe(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "frontend/config.json.in": '{"api": "$API_URL", "price": "$5", "theme": "${UI_THEME}"}\n',
            "frontend/app.ini.in": "[app]\nworkers = ${APP_WORKERS}\n",
            "frontend/start.sh": """
                #!/bin/sh
                envsubst '$API_URL' < config.json.in > /srv/config.json
                cat app.ini.in | envsubst > /srv/app.ini
                envsubst --variables '$NOT_RENDERED' < app.ini.in
            """,
        },
    )
    assert "API_URL" in found
    assert "UI_THEME" not in found  # not in the SHELL-FORMAT: left as written
    assert "APP_WORKERS" in found
    assert "NOT_RENDERED" not in found


def test_envsubst_function_called_from_the_sourcing_script(tmp_path: Path) -> None:
    """A library's function renders its first argument; the script sourcing it calls it with a template
    path. What the function assigns before rendering is its own."""
    discovered = project(
        tmp_path,
        {
            "deploy/proxy/vhost.template": "server_name $VHOST_DOMAIN;\nproxy_pass http://$BACKEND:$BACKEND_PORT;\n",
            "deploy/lib.sh": """
                render_vhost() {
                    export BACKEND=app
                    envsubst < "$1" > "/etc/nginx/conf.d/$2.conf"
                }
            """,
            "deploy/entrypoint.sh": """
                #!/bin/bash
                source ./lib.sh
                render_vhost /etc/proxy/vhost.template main
            """,
        },
    )
    assert {"VHOST_DOMAIN", "BACKEND_PORT"} <= set(discovered)
    assert "BACKEND" not in discovered


def test_envsubst_run_by_developer_script_takes_its_scope(tmp_path: Path) -> None:
    discovered = project(
        tmp_path,
        {
            "scripts/render-k8s.sh": """
                #!/bin/sh
                docker build -t app .
                envsubst < k8s/deploy.yaml.in > k8s/deploy.yaml
            """,
            "k8s/deploy.yaml.in": "image: registry.example.com/app:${RELEASE_TAG}\n",
        },
    )
    assert discovered["RELEASE_TAG"].scope != "runtime"
