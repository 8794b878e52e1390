"""Rails applications: the variables the framework itself reads, which no line of the app may name.

    # config/application.rb
    module Lobsters
      class Application < Rails::Application

Rails takes `SECRET_KEY_BASE` from the environment before its credentials in production, Active Record
merges `DATABASE_URL` over `config/database.yml` (the way to configure the database when that file is static:
one with ERB reads the app's own variables), `RAILS_ENV` chooses the environment, and Puma (the Gemfile's
server) binds to `PORT`; Action Mailbox, given an ingress, authenticates its relay with
`RAILS_INBOUND_EMAIL_PASSWORD`. Each is reported at the application class, optional except the production
key base, with no default (the app's own reads, `ENV.fetch("PORT", 3000)`, give one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read

SOURCE = "rails"
_APPLICATION = re.compile(r"(?m)^\s*class\s+Application\s*<\s*(?:::)?Rails::Application\b")
_PUMA = re.compile(r"""(?m)^\s*gem\s+["']puma["']""")
_MAILBOX_INGRESS = re.compile(r"(?m)^\s*config\.action_mailbox\.ingress\s*=")
# `config.secret_key_base = key`, `Rails.application.config.secret_key_base = ENV["X"]` (not `==`): the rest
# of the line.
_KEY_BASE_SET = re.compile(r"(?m)^\s*(?:[\w:]+\.)*config\.secret_key_base\s*=(?!=)(.*)$")
_DEV_OR_TEST = re.compile(r"config/environments/(?:development|test)\.rb$")
_DATABASE_CONFIGS = ("config/database.yml", "config/database.yml.sample", "config/database.yml.example")


@dataclass
class RailsFramework:
    applications: list[tuple[str, int]] = field(default_factory=list)  # (config/application.rb, line)
    # config/ files setting the key base from another source (`config.secret_key_base = ENV["APP_SECRET"]`):
    # Rails then never falls back to SECRET_KEY_BASE.
    own_key_base: set[str] = field(default_factory=set)

    def add(self, text: str, file: str) -> None:
        if file.endswith("config/application.rb") and (found := _APPLICATION.search(text)) is not None:
            self.applications.append((file, text.count("\n", 0, found.start()) + 1))
        if "secret_key_base" in text and "/config/" in f"/{file}" and not _DEV_OR_TEST.search(file):
            for match in _KEY_BASE_SET.finditer(text):
                if "SECRET_KEY_BASE" not in match.group(1):
                    self.own_key_base.add(file[: file.index("config/")] if "config/" in file else "")

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
        out: list[Read] = []
        for file, line in self.applications:
            root = file[: -len("config/application.rb")]
            if (
                read_file(root + "config/environments/production.rb") is not None
                and root not in self.own_key_base
            ):
                out.append(Read("SECRET_KEY_BASE", file, line, False, SOURCE, secret_hint=True))
            out.append(Read("RAILS_ENV", file, line, True, SOURCE))
            configs = [text for c in _DATABASE_CONFIGS if (text := read_file(root + c)) is not None]
            # a static file, or one naming DATABASE_URL in any section (`url: <%= ENV[...] %>` under
            # `test:`): Active Record merges it into whichever environment runs
            if configs and (
                not any("<%" in text for text in configs) or any("DATABASE_URL" in t for t in configs)
            ):
                out.append(Read("DATABASE_URL", file, line, True, SOURCE, secret_hint=True))
            environments = [
                read_file(root + f"config/environments/{e}.rb") for e in ("production", "staging")
            ]
            if any(t is not None and _MAILBOX_INGRESS.search(t) for t in (*environments, read_file(file))):
                # Action Mailbox's relay/postmark/... ingress authenticates with this password when the
                # credentials hold none
                out.append(Read("RAILS_INBOUND_EMAIL_PASSWORD", file, line, True, SOURCE, secret_hint=True))
            gemfile = read_file(root + "Gemfile")
            if gemfile is not None and _PUMA.search(gemfile):
                out.append(Read("PORT", file, line, True, SOURCE))
        return out
