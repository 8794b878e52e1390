"""Ruby methods reading the variable a parameter names (`def self.set?(k) ... ENV[k]`), and their calls:
through the defining module, without receiver in the defining file, or anywhere for a method named for the
environment; with the method's fallback, a parameter's default or a literal after the call as the default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

ENV_CHECK = """
# frozen_string_literal: true
module Samson
  module EnvCheck
    FALSE = Set.new(['0', 'false', nil, ''])

    def self.set?(k)
      !FALSE.include?(ENV[k])
    end
  end
end
"""

FILLER = """
module Kubernetes
  class TemplateFiller
    ADD_PRESTOP = Samson::EnvCheck.set?('KUBERNETES_ADD_PRESTOP')
    WELL_KNOWN = Samson::EnvCheck.set?("KUBERNETES_ADD_WELL_KNOWN_LABELS")

    def istio?
      EnvCheck.set? 'ISTIO_INJECTION_SUPPORTED'
    end

    def check(statuses)
      too_many_per_role(statuses, "KUBERNETES_ALLOW_FAILED_PERCENT")
    end

    def too_many_per_role(statuses, flag)
      percent = Float(ENV[flag] || "0")
      statuses.size * percent
    end

    def unrelated
      set?("NOT_THROUGH_THE_MODULE")
    end
  end
end
"""

APPLICATION = """
module ApplicationConfiguration
  def self.deprecated_url(var)
    url = ENV[var].presence
    return url if !url || url.start_with?('http')
    "https://#{url}"
  end

  def self.setting(name, default = "info")
    ENV.fetch(name, default)
  end

  def self.required(name)
    ENV.fetch(name)
  end

  GITHUB_WEB_URL = deprecated_url("GITHUB_WEB_URL") || 'https://github.com'
  LOG_LEVEL = setting("APP_LOG_LEVEL")
  MAIL_FROM = setting("APP_MAIL_FROM", "noreply@example.com")
  TOKEN = required("APP_SIGNING_TOKEN")
end
"""

HELPER = """
module EnvHelpers
  def env_flag(name)
    %w[1 true yes].include?(ENV.fetch(name, "false"))
  end
end
"""


def test_calls_of_the_projects_reader_methods(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "lib/samson/env_check.rb": ENV_CHECK,
            "app/models/kubernetes/template_filler.rb": FILLER,
            "config/application.rb": APPLICATION,
            "lib/env_helpers.rb": HELPER,
            "app/models/feature.rb": "class Feature\n  ON = env_flag('FEATURE_PREVIEW')\nend\n",
        },
    )
    for name in (
        "KUBERNETES_ADD_PRESTOP",
        "KUBERNETES_ADD_WELL_KNOWN_LABELS",
        "ISTIO_INJECTION_SUPPORTED",
        "KUBERNETES_ALLOW_FAILED_PERCENT",
    ):
        assert found[name].scope == "runtime", name
    assert "NOT_THROUGH_THE_MODULE" not in found  # another object's `set?`
    assert found["KUBERNETES_ALLOW_FAILED_PERCENT"].default == "0"
    assert found["GITHUB_WEB_URL"].default == "https://github.com"
    assert found["APP_LOG_LEVEL"].default == "info"
    assert found["APP_MAIL_FROM"].default == "noreply@example.com"
    assert not found["APP_SIGNING_TOKEN"].optional
    assert found["FEATURE_PREVIEW"].default == "false"


def test_app_code_named_for_a_ci_system_or_a_release_is_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "plugins/jenkins/app/models/samson/jenkins.rb": "module Samson\n  X = ENV['JENKINS_URL']\nend\n",
            "app/models/release_service.rb": (
                'class ReleaseService\n  RETRIES = Integer(ENV["RELEASE_TAG_RETRIES"] || 4)\nend\n'
            ),
            "scripts/jenkins-deploy.sh": '#!/bin/sh\ncurl "$JENKINS_DEPLOY_HOOK"\n',
            "scripts/prepare-release.sh": '#!/bin/sh\necho "$RELEASE_NOTES_FILE"\n',
        },
    )
    assert found["JENKINS_URL"].scope == "runtime"
    assert found["RELEASE_TAG_RETRIES"].scope == "runtime"
    assert found["JENKINS_DEPLOY_HOOK"].scope == "ci"
    assert found["RELEASE_NOTES_FILE"].scope == "dev"


def test_secret_words_before_an_image_or_namespace_and_access_key_pairs(tmp_path: Path) -> None:
    code = (
        "import os\n"
        'IMAGE = os.environ.get("SECRET_PULLER_IMAGE")\n'
        'COPY = os.environ.get("KUBERNETES_COPY_SECRETS_TO_NEW_NAMESPACE")\n'
        'ACCESS = os.environ.get("COS_ACCESSKEY")\n'
        'SECRET = os.environ.get("COS_SECRETKEY")\n'
    )
    found = project(tmp_path, {"app/settings.py": code})
    assert not found["SECRET_PULLER_IMAGE"].secret
    assert not found["KUBERNETES_COPY_SECRETS_TO_NEW_NAMESPACE"].secret
    assert not found["COS_ACCESSKEY"].secret
    assert found["COS_SECRETKEY"].secret
