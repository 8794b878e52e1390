"""Ruby: the fallback forms Rails code writes (`.presence ||`, `&.to_i ||`, a helper wrapping the read, a
presence ternary, a constant of the file), ERB YAML's `test:` section, and the Rails files that are not the
deployed application: the test and development environments, Capistrano recipes; seeds a start script runs
are the application's."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.erb import discover_erb
from secretguard.inventory.discover.rake import place_scope, runs_seeds
from secretguard.inventory.discover.ruby import discover_ruby
from tests.inventory.discover.projects import project


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def found(reads: list[Read]) -> dict[str, tuple[bool, str | None, bool]]:
    return {r.name: (r.optional, r.default, r.computed_default) for r in reads}


def test_presence_and_nil_safe_fallbacks() -> None:
    code = src("""
        config.time_zone = ENV["APP_TIME_ZONE"].presence || "UTC"
        Worker.max_run_time = (ENV["JOB_MAX_MINUTES"].presence || 5).to_i.minutes
        Scheduler.new(frequency: ENV["POLL_SECONDS"].presence || 0.5)
        settings[:port] = ENV["MAIL_PORT"]&.to_i || 25
        every ENV["CLEANUP_EVERY"].presence || "12h" do
        end
        limit = ENV["PLAIN_LIMIT"].to_i || 9
        expiry = ENV["TOKEN_TTL"].presence || 3.days
        host = ENV["PUBLIC_HOST"].presence || ENV["HOSTNAME_FALLBACK"]
    """)
    assert found(discover_ruby(code, "config/initializers/app.rb")) == {
        "APP_TIME_ZONE": (True, "UTC", False),
        "JOB_MAX_MINUTES": (True, "5", False),
        "POLL_SECONDS": (True, "0.5", False),
        "MAIL_PORT": (True, "25", False),
        "CLEANUP_EVERY": (True, "12h", False),
        "PLAIN_LIMIT": (False, None, False),  # `to_i` of nil is 0: the `|| 9` is never taken
        "TOKEN_TTL": (True, None, True),  # a duration is an expression, no literal
        "PUBLIC_HOST": (True, None, True),
        "HOSTNAME_FALLBACK": (False, None, False),
    }


def test_wrapping_call_ternary_constant_and_control_flow() -> None:
    code = src("""
        class Pruner
          KEEP_DEFAULT = 50

          def keep
            (ENV["PRUNE_KEEP"].presence || KEEP_DEFAULT).to_i
          end

          def size
            ENV["PAGE_SIZE"].present? ? ENV["PAGE_SIZE"].to_i : 25
          end

          def width
            ENV["COLUMN_WIDTH"].blank? ? 80 : ENV["COLUMN_WIDTH"].to_i
          end

          def tool
            command = ENV["CONVERT_BIN"] or return nil
            command
          end
        end
        config.min_length = (Helpers.when_set(ENV["MIN_LENGTH"], :to_i) || 12)..128
        config.strategy = Helpers.when_set(ENV["LOCK_MODE"], :to_sym) || :attempts
        config.unlock_in = Helpers.duration(ENV["UNLOCK_IN"]).presence || 1.hour
        token = ENV["REQUIRED_TOKEN"] || raise("REQUIRED_TOKEN is not set")
        retries = ENV.fetch("PRUNE_RETRIES", KEEP_DEFAULT)
    """)
    reads = discover_ruby(code, "lib/pruner.rb")
    assert found(reads)["PRUNE_KEEP"] == (True, "50", False)
    assert (True, "25", False) in {
        (r.optional, r.default, r.computed_default) for r in reads if r.name == "PAGE_SIZE"
    }
    assert (True, "80", False) in {
        (r.optional, r.default, r.computed_default) for r in reads if r.name == "COLUMN_WIDTH"
    }
    assert found(reads)["CONVERT_BIN"] == (True, None, False)  # control flow, no value to fall back to
    assert found(reads)["MIN_LENGTH"] == (True, "12", False)
    assert found(reads)["LOCK_MODE"] == (True, "attempts", False)  # a symbol as its text
    assert found(reads)["UNLOCK_IN"] == (True, None, True)
    assert found(reads)["REQUIRED_TOKEN"] == (False, None, False)
    assert found(reads)["PRUNE_RETRIES"] == (True, "50", False)


def test_erb_yaml_presence_and_test_section() -> None:
    yaml = src("""
        default: &default
          adapter: postgresql
          pool: <%= ENV["DB_POOL"].presence || "10" %>

        development:
          <<: *default
          database: <%= ENV["DB_NAME"].presence || "app_dev" %>

        test:
          <<: *default
          pool: <%= ENV["DB_POOL"].presence || "2" %>
          database: <%= ENV["TEST_DB_NAME"].presence || "app_test" %>

        production:
          <<: *default
          database: <%= ENV["DB_NAME"].presence || "app" %>
    """)
    reads = discover_erb(yaml, "config/database.yml")
    pools = {(r.line, r.default, r.scope) for r in reads if r.name == "DB_POOL"}
    assert pools == {(3, "10", None), (11, "2", "test")}
    assert {r.scope for r in reads if r.name == "TEST_DB_NAME"} == {"test"}
    assert {r.scope for r in reads if r.name == "DB_NAME"} == {None}


def test_rails_places() -> None:
    assert place_scope("config/environments/test.rb") == "test"
    assert place_scope("config/environments/development.rb") == "dev"
    assert place_scope("config/environments/production.rb") is None
    assert place_scope("config/deploy.rb") == "dev"
    assert place_scope("config/deploy/staging.rb") == "dev"
    assert place_scope("Capfile") == "dev"
    assert runs_seeds({"db:migrate", "db:seed"})
    assert runs_seeds({"db:setup"})
    assert not runs_seeds({"db:migrate", "db:prepare"})


RAILS = {
    "Gemfile": """
        source "https://rubygems.org"
        gem "rails"
    """,
    "Rakefile": """
        require_relative "config/application"
        Rails.application.load_tasks
    """,
    "config/environments/production.rb": """
        Rails.application.configure do
          config.action_mailer.default_url_options = { host: ENV["APP_DOMAIN"] }
        end
    """,
    "config/environments/test.rb": """
        Rails.application.configure do
          config.action_mailer.default_url_options = { host: ENV["APP_DOMAIN"] || "localhost" }
          config.eager_load = ENV["CI"].present?
        end
    """,
    "config/environments/development.rb": """
        Rails.application.configure do
          config.action_mailer.perform_deliveries = ENV["MAIL_IN_DEVELOPMENT"] == "true"
        end
    """,
    "config/deploy.rb": """
        set :branch, ENV["DEPLOY_BRANCH"] || "main"
    """,
    "config/deploy/production.rb": """
        server ENV["DEPLOY_SERVER"], port: ENV["DEPLOY_PORT"] || 22
    """,
    "db/seeds.rb": """
        User.create!(email: ENV["ADMIN_EMAIL"] || "admin@example.com", password: ENV["ADMIN_PASSWORD"])
    """,
}


def test_rails_environments_and_deploy_recipes(tmp_path: Path) -> None:
    found_vars = project(tmp_path, RAILS)
    assert found_vars["APP_DOMAIN"].scope == "runtime"
    assert found_vars["APP_DOMAIN"].default is None  # the test environment's "localhost" is the tests'
    assert found_vars["CI"].scope == "test"
    assert found_vars["MAIL_IN_DEVELOPMENT"].scope == "dev"
    for name in ("DEPLOY_BRANCH", "DEPLOY_SERVER", "DEPLOY_PORT"):
        assert found_vars[name].scope == "dev"
    assert found_vars["ADMIN_EMAIL"].scope == "dev"  # nothing runs the seeds at start


def test_seeds_run_by_the_image_start_script(tmp_path: Path) -> None:
    files = dict(RAILS)
    files["docker/Dockerfile"] = """
        FROM ruby:3.3
        WORKDIR /app
        COPY . /app/
        COPY docker/scripts/start /scripts/
        CMD ["/scripts/start"]
    """
    files["docker/scripts/start"] = """
        #!/bin/bash
        set -e
        bundle exec rake db:create db:migrate
        bundle exec rake db:seed
        exec bundle exec rails server
    """
    found_vars = project(tmp_path, files)
    assert found_vars["ADMIN_EMAIL"].scope == "runtime"
    assert found_vars["ADMIN_EMAIL"].default == "admin@example.com"
    assert found_vars["ADMIN_PASSWORD"].scope == "runtime"


def test_reads_inside_interpolations_and_heredocs() -> None:
    code = (
        "class Mailer\n"
        "  def address\n"
        '    Mail::Address.new "no-reply@#{ENV["MAIL_DOMAIN"] || "example.com"}"\n'
        "  end\n"
        "\n"
        "  def up\n"
        "    execute <<-SQL\n"
        "      kafka_group_name = '#{ENV[\"KAFKA_CONSUMER_GROUP\"]}',\n"
        '      kafka_topic = \'#{ENV.fetch("KAFKA_TOPIC", "events")}\'\n'
        "    SQL\n"
        "    execute <<~'RAW'\n"
        "      not_read = '#{ENV[\"NOT_INTERPOLATED\"]}'\n"
        "    RAW\n"
        "  end\n"
        "end\n"
    )
    found = {(r.name, r.line, r.default) for r in discover_ruby(code, "db/migrate/1_create.rb")}
    assert found == {
        ("MAIL_DOMAIN", 3, "example.com"),
        ("KAFKA_CONSUMER_GROUP", 8, None),
        ("KAFKA_TOPIC", 9, "events"),
    }
