"""A `lib/` class only rake tasks name is the tasks' tooling (`dev`); one the app names stays runtime; a
cucumber support file is the tests'."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_library_only_rake_tasks_use_is_tooling(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Gemfile": 'source "https://rubygems.org"\ngem "rails"\n',
            "lib/package_builder.rb": """
                class PackageBuilder
                  def self.deploy!(env)
                    ENV.fetch("AWS_PROFILE", "deploy")
                  end
                end
            """,
            "lib/tasks/deploy.rake": """
                require 'package_builder'
                namespace :deploy do
                  task :production do
                    PackageBuilder.deploy!(:production)
                  end
                end
            """,
            "lib/mailer_settings.rb": """
                module MailerSettings
                  HOST = ENV.fetch("SMTP_HOST", "localhost")
                end
            """,
            "config/initializers/mail.rb": "MailerSettings::HOST\n",
            "features/support/custom_env.rb": 'DRIVER = ENV["JS_DRIVER"]\n',
        },
    )
    assert found["AWS_PROFILE"].scope == "dev"
    assert found["SMTP_HOST"].scope == "runtime"
    assert found["JS_DRIVER"].scope == "test"
