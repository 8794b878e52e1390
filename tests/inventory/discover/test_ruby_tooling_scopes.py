"""Which Ruby files run when: rake tasks, seeds and setup binstubs are developer tooling (`dev`), the Gemfile
is evaluated when gems are installed (`build`); a rake task a launcher runs, and every name the
application's own code also reads, stay `runtime`."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.rake import launcher_words, place_scope, rake_tasks, runs_a_task


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


RAILS_APP = {
    "Gemfile": """
        source "https://rubygems.org"
        gem "rails", "~> 7.2"
        gem "pg"
        if ENV["ENABLE_SKYLIGHT"] == "true"
          gem "skylight"
        end
        gem "sidekiq" unless ENV.fetch("SELF_HOSTED", "false") == "true"
    """,
    "Rakefile": """
        require_relative "config/application"
        Rails.application.load_tasks
        task default: :test if ENV["CI_PARALLEL"]
    """,
    "lib/tasks/benchmarking.rake": """
        namespace :benchmarking do
          desc "Time the dashboard"
          task dashboard: :environment do
            user = User.find_by!(email: ENV.fetch("BENCHMARK_USER_EMAIL", "user@example.com"))
            iterations = ENV.fetch("BENCHMARK_ITERATIONS", 50).to_i
          end
        end
    """,
    "lib/tasks/demo_data.rake": """
        namespace :demo_data do
          task :reset do
            Demo::Generator.new(seed: ENV["DEMO_SEED"]).reset!
            Rails.logger.info ENV["APP_DOMAIN"]
          end
        end
    """,
    "lib/tasks/search.rake": """
        namespace :search do
          task reindex: :environment do
            Search.reindex!(batch: ENV.fetch("REINDEX_BATCH_SIZE", 500))
          end
        end
    """,
    "db/seeds.rb": """
        User.create!(email: "admin@example.com", password: ENV.fetch("SEED_ADMIN_PASSWORD", "password"))
    """,
    "db/seeds/development.rb": 'Family.create!(name: ENV["SEED_FAMILY_NAME"])\n',
    "bin/setup": """
        #!/usr/bin/env ruby
        require "fileutils"
        APP_ROOT = File.expand_path("..", __dir__)
        system!("bin/rails db:prepare") unless ENV["SKIP_DB_PREPARE"]
    """,
    "bin/docker-entrypoint": """
        #!/bin/bash -e
        if [ "${RUN_MIGRATIONS:-true}" == "true" ]; then
          ./bin/rails db:prepare
        fi
        bundle exec rake search:reindex
        exec "${@}"
    """,
    "Dockerfile": """
        FROM ruby:3.3-slim
        WORKDIR /rails
        COPY . .
        ENTRYPOINT ["/rails/bin/docker-entrypoint"]
        CMD ["./bin/rails", "server"]
    """,
    "config/application.rb": """
        module App
          class Application < Rails::Application
            config.hosts << ENV["APP_DOMAIN"] if ENV["APP_DOMAIN"].present?
            config.x.self_hosted = ENV.fetch("SELF_HOSTED", "false") == "true"
          end
        end
    """,
    "app/models/search.rb": "class Search\n  BATCH = ENV.fetch('REINDEX_BATCH_SIZE', 500)\nend\n",
}


def scopes_of(root: Path) -> dict[str, str]:
    return {v.name: v.scope for v in discover(root, all_files=True).variables}


def test_rake_tasks_seeds_binstubs_and_the_gemfile_are_not_runtime(tmp_path: Path) -> None:
    write(tmp_path, RAILS_APP)
    scopes = scopes_of(tmp_path)
    for name in (
        "BENCHMARK_USER_EMAIL",
        "BENCHMARK_ITERATIONS",
        "DEMO_SEED",
        "CI_PARALLEL",
        "SEED_ADMIN_PASSWORD",
        "SEED_FAMILY_NAME",
        "SKIP_DB_PREPARE",
    ):
        assert scopes[name] == "dev", name
    assert scopes["ENABLE_SKYLIGHT"] == "build"  # picks the image's gems at `bundle install`


def test_names_the_application_also_reads_stay_runtime(tmp_path: Path) -> None:
    write(tmp_path, RAILS_APP)
    scopes = scopes_of(tmp_path)
    assert scopes["APP_DOMAIN"] == "runtime"  # a rake task reads it too
    assert scopes["SELF_HOSTED"] == "runtime"  # the Gemfile reads it too
    assert scopes["RUN_MIGRATIONS"] == "runtime"  # the entrypoint script


def test_a_task_the_entrypoint_runs_is_runtime(tmp_path: Path) -> None:
    files = dict(RAILS_APP)
    del files["app/models/search.rb"]  # only the rake task reads REINDEX_BATCH_SIZE now
    write(tmp_path, files)
    assert scopes_of(tmp_path)["REINDEX_BATCH_SIZE"] == "runtime"
    (tmp_path / "bin/docker-entrypoint").write_text('#!/bin/bash -e\nexec "${@}"\n', encoding="utf-8")
    assert scopes_of(tmp_path)["REINDEX_BATCH_SIZE"] == "dev"


def test_a_task_a_procfile_runs_is_runtime(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Procfile": "web: bundle exec puma -C config/puma.rb\nworker: bundle exec rake jobs:work\n",
            "lib/tasks/jobs.rake": """
                namespace :jobs do
                  task work: :environment do
                    Worker.run(concurrency: ENV.fetch("WORKER_CONCURRENCY", 5))
                  end
                  task :clear do
                    puts ENV["CLEAR_QUEUE"]
                  end
                end
            """,
        },
    )
    scopes = scopes_of(tmp_path)
    assert scopes["WORKER_CONCURRENCY"] == "runtime"
    # the same file's other task is not launched, but its scope is the file's: a launched task's file is
    # loaded by the running process, so its reads are taken as the application's
    assert scopes["CLEAR_QUEUE"] == "runtime"


def test_place_scope() -> None:
    assert place_scope("lib/tasks/demo_data.rake") == "dev"
    assert place_scope("Rakefile") == "dev"
    assert place_scope("engines/billing/Rakefile") == "dev"
    assert place_scope("db/seeds.rb") == "dev"
    assert place_scope("db/seeds/demo.rb") == "dev"
    assert place_scope("bin/setup") == "dev"
    assert place_scope("bin/dev") == "dev"
    assert place_scope("bin/npm") == "dev"
    assert place_scope("Gemfile") == "build"
    assert place_scope("billing.gemspec") == "build"
    for runtime in ("bin/docker-entrypoint", "bin/rails", "bin/jobs", "config/puma.rb", "db/schema.rb"):
        assert place_scope(runtime) is None, runtime


def test_a_script_driving_a_browser_is_a_developers(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin/login").write_text(
        "#!/usr/bin/env ruby\nrequire 'webdrivers'\nrequire 'capybara/dsl'\n\n"
        "URL = ENV['APP_LOGIN_URL'] || 'http://localhost:3000'\n"
    )
    (tmp_path / "config").mkdir()
    (tmp_path / "config/application.rb").write_text("HOST = ENV.fetch('APP_HOST', 'localhost')\n")
    scopes = {v.name: v.scope for v in discover(tmp_path).variables}
    assert scopes == {"APP_LOGIN_URL": "dev", "APP_HOST": "runtime"}


def test_rake_task_names() -> None:
    tasks, namespaces = rake_tasks(
        textwrap.dedent(
            """
            namespace :data do
              namespace "migrate" do
                task :users
                task accounts: [:environment]
                task "legacy" => :environment
              end
            end
            task default: :spec
            """
        )
    )
    assert tasks == {"users", "accounts", "legacy", "default"}
    assert namespaces == {"data", "migrate"}
    assert runs_a_task({"data:migrate:users"}, tasks, namespaces)
    assert runs_a_task({"data:migrate:legacy[2024]"}, tasks, namespaces)
    assert not runs_a_task({"other:users"}, tasks, namespaces)
    assert launcher_words("./bin/rails db:prepare # then\nbundle exec rake assets:clean -q\n") == {
        "db:prepare",
        "assets:clean",
    }
