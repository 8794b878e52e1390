"""Constructs blind round 94 met: Ruby loops over word lists building names, rc's defaults object, files a
ConfigMap carries (a templated local_settings.py), test folders and modules, a developer's Procfile."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import discovered, project


def test_ruby_word_list_loops(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/database.yml": """
                <% %w(host port).each do |option| %>
                <% value = ENV["RAILS_DB_#{option.upcase}"] %>
                <% end %>
                <% vars = %w(lock_timeout).map { [_1, ENV["RAILS_DB_#{_1.upcase}"]] }.to_h.compact %>
                production:
                  adapter: postgresql
            """,
            "app/models/mail.rb": """
                ["smtp", "imap"].each { |kind| ENV.fetch("#{kind.upcase}_HOST", nil) }
                %w(a b).each do |x|
                  ENV["lower_#{x}"]
                end
            """,
        },
    )
    assert {"RAILS_DB_HOST", "RAILS_DB_PORT", "RAILS_DB_LOCK_TIMEOUT"} <= set(found)
    assert found["SMTP_HOST"].optional
    assert "IMAP_HOST" in found
    assert "lower_a" not in found  # no `.upcase`: a lower-case word is no variable


def test_rc_defaults_object(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "lib/config/index.ts": """
                import rc from "rc";
                import defaultConfig from "./default.config";

                export const config = rc("kuzzle", defaultConfig);
            """,
            "lib/config/default.config.ts": """
                const defaultConfig: Config = {
                  server: { port: 7512, protocols: { mqtt: { enabled: false } } },
                  limits: { loginsPerSecond: 1 },
                  deep: { a: { b: { c: { d: 1 } } } },
                };
                export default defaultConfig;
            """,
        },
    )
    assert found["kuzzle_server__port"].default == "7512"
    assert found["kuzzle_server__protocols__mqtt__enabled"].default == "false"
    assert found["kuzzle_limits__loginsPerSecond"].default == "1"
    assert "kuzzle_config" in found
    assert not any(name.startswith("kuzzle_deep") for name in found)  # data, not a setting


def test_configmap_carried_python_with_helm_tags(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "helm-chart/app/templates/configmap/local-settings.yaml": """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: local-settings-{{ .Values.deployEnv }}
                data:
                  local_settings.py: |-
                    import os
                    SECRET_KEY = os.getenv("SECRET_KEY")
                    {{- if .Values.restore.dynamicName }}
                    DB = os.getenv("APP_DB") + "-" + {{ .Values.deployEnv | quote }}
                    {{- end }}
                    HOST = {{ if .Values.host }}'{{ .Values.host }}'{{ else }}os.getenv("DB_HOST"){{ end }}
                    TIMEOUT = int(os.getenv("APP_TIMEOUT", "30"))
                  entrypoint.sh: |
                    #!/bin/sh
                    exec gunicorn --workers "${WEB_WORKERS:-4}" app.wsgi
            """,
        },
    )
    assert found["SECRET_KEY"].secret
    assert "APP_DB" in found
    assert found["APP_TIMEOUT"].default == "30"
    assert found["WEB_WORKERS"].default == "4"
    assert found["SECRET_KEY"].locations == ["helm-chart/app/templates/configmap/local-settings.yaml:8"]


def test_test_folders_and_modules(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {
            "reader/browsertest/framework/elements.py": "import os\nU = os.getenv('SAUCE_USERNAME')\n",
            "app/system/testing.py": "import os\nU = os.getenv('DEPLOY_ENV')\n",
            "app/settings.py": "import os\nU = os.getenv('APP_MODE')\n",
        },
    )
    scopes = {v.name: v.scope for v in result.variables}
    assert scopes == {"SAUCE_USERNAME": "test", "DEPLOY_ENV": "test", "APP_MODE": "runtime"}


def test_a_developers_procfile_and_binstubs(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {
            "Procfile": """
                web: bundle exec rails s -p 3000
                mail: mailcatcher -f --smtp-port 2025
                setup: bundle exec rails dev:local:admin
            """,
            "lib/tasks/dev.rake": """
                namespace :dev do
                  namespace :local do
                    task admin: :environment do
                      puts ENV.fetch("TERM", nil)
                    end
                  end
                end
            """,
            "bin/binstubs/rspec": "#!/bin/bash\nif [[ $DISABLE_SPRING ]]; then bundle exec rspec; fi\n",
        },
    )
    scopes = {v.name: v.scope for v in result.variables}
    assert scopes["TERM"] == "dev"
    assert scopes["DISABLE_SPRING"] == "dev"
