"""Which Ruby files run when, in a Ruby/Rails project: the running application is the code its server and
workers load, not the developer's tooling beside it, even though both read `ENV`.

- Rake tasks (`Rakefile`, `*.rake`, usually `lib/tasks/**`) are run by hand (benchmarks, demo data, one-off
  maintenance): `dev`, unless a launcher runs one of their tasks (a Procfile line, a Dockerfile CMD or
  ENTRYPOINT, an entrypoint script: `bundle exec rake jobs:work`, `bin/rails data:migrate`): then `runtime`.
- `Gemfile` and `*.gemspec` are evaluated by Bundler when it installs the gems, `ENV` there picks which gems
  the image gets: `build`.
- Seeds (`db/seeds.rb`, `db/seeds/**`) and the setup binstubs (`bin/setup`, `bin/dev`, `bin/update`...) are
  `dev`; seeds run by a launcher (`bundle exec rake db:seed` in the image's start script, also through
  `db:setup` / `db:reset`, which seed) are `runtime`: every deployment runs them at start.
- The settings of the Rails environments that are not production: `config/environments/test.rb` is loaded by
  the test suite (`test`), `config/environments/development.rb` by a developer's server (`dev`).
- Capistrano's (and Mina's) deploy recipes, `config/deploy.rb`, `config/deploy/<stage>.rb` and `Capfile`,
  run on the deployer's machine: `dev`.

`bin/docker-entrypoint`, `bin/rails`, `bin/jobs`, `bin/thrust` and other binstubs keep their place's scope:
they start the application.

A variable the application's own code also reads stays `runtime` (a variable takes its most important scope).
"""

from __future__ import annotations

import posixpath
import re

_RAKE_FILES = re.compile(r"(?:^|/)(?:rakefile(?:\.rb)?|[^/]+\.rake)$", re.IGNORECASE)
_BUNDLER_FILES = re.compile(r"(?:^|/)(?:gemfile|[^/]+\.gemspec)$", re.IGNORECASE)
_SEEDS = re.compile(r"(?:^|/)db/seeds(?:\.rb$|/)", re.IGNORECASE)
# Tasks that load the seeds: `db:seed` (and `db:seed:replant`), `db:setup` and `db:reset` (create, load the
# schema, seed). `db:prepare` seeds only a database it creates: not counted.
_SEED_TASKS = frozenset({"db:seed", "db:seed:replant", "db:setup", "db:reset"})
_ENVIRONMENTS = re.compile(r"(?:^|/)config/environments/(test|development)\.rb$", re.IGNORECASE)
_DEPLOY_RECIPES = re.compile(r"(?:^|/)(?:config/deploy(?:\.rb$|/[^/]+\.rb$)|capfile$)", re.IGNORECASE)
# Binstubs and scripts a developer runs to set up, update or check a checkout; never the app's start.
_DEV_BINSTUBS = frozenset(
    """
    setup dev update ci bundle brakeman rubocop spring yarn webpack webpack-dev-server shakapacker
    shakapacker-dev-server importmap kamal bundler-audit lint test standardrb erb_lint i18n-tasks npm npx node
    rspec cucumber
    """.split()
)
# `namespace :demo_data do`, `task :reset`, `task reset: :environment`, `task "reset" => [...]`.
_NAMESPACE = re.compile(r"^\s*namespace\s*\(?\s*(?::(\w+)|[\"'](\w[\w:-]*)[\"'])")
_TASK = re.compile(r"^\s*(?:multi)?task\s*\(?\s*(?::(\w+)|[\"'](\w[\w-]*)[\"']|(\w+):\s)", re.IGNORECASE)


def place_scope(rel: str) -> str | None:
    """The scope a Ruby tooling file's place gives its reads, or None when it is not one. A rake file (or
    the seeds) is `dev` here; `Launches` makes it `runtime` when one of its tasks is launched."""
    lower = rel.lower()
    if _RAKE_FILES.search(lower) or _SEEDS.search(lower) or _DEPLOY_RECIPES.search(lower):
        return "dev"
    if (environment := _ENVIRONMENTS.search(lower)) is not None:
        return "test" if environment.group(1) == "test" else "dev"
    if _BUNDLER_FILES.search(lower):
        return "build"
    folder, base = posixpath.split(lower)
    if posixpath.basename(folder) in ("bin", "binstubs") and base in _DEV_BINSTUBS:
        return "dev"
    return None


def is_seeds(rel: str) -> bool:
    return bool(_SEEDS.search(rel.lower()))


def runs_seeds(words: set[str]) -> bool:
    """Whether a launcher word runs a task that loads the seeds (`rake db:seed`, `rails db:setup`)."""
    return any(word.split("[", 1)[0] in _SEED_TASKS for word in words)


def is_rake_file(rel: str) -> bool:
    return bool(_RAKE_FILES.search(rel.lower()))


def rake_tasks(text: str) -> tuple[set[str], set[str]]:
    """The task names and the namespace names a rake file defines."""
    tasks: set[str] = set()
    namespaces: set[str] = set()
    for line in text.splitlines():
        if match := _NAMESPACE.match(line):
            namespaces.update(filter(None, (match.group(1) or match.group(2) or "").split(":")))
        elif match := _TASK.match(line):
            tasks.add(match.group(1) or match.group(2) or match.group(3))
    return tasks, namespaces


def runs_a_task(words: set[str], tasks: set[str], namespaces: set[str]) -> bool:
    """Whether a launcher word names one of the file's tasks: `ns:sub:task` (the namespaces defined there
    too) or a bare `task` (`rake reset`, `rails reset`, `rake reset[arg]`)."""
    for word in words:
        parts = word.split("[", 1)[0].split(":")
        if parts[-1] in tasks and all(p in namespaces for p in parts[:-1]):
            return True
    return False


def launcher_words(text: str) -> set[str]:
    """The words after `rake` / `rails` in a launcher script (a container's entrypoint script): the tasks it
    may run at start (`./bin/rails db:prepare`, `bundle exec rake search:reindex`)."""
    words: set[str] = set()
    for line in text.splitlines():
        stripped = line.split("#", 1)[0]
        tokens = stripped.replace('"', " ").replace("'", " ").split()
        for i, token in enumerate(tokens[:-1]):
            if posixpath.basename(token) in ("rake", "rails"):
                words.update(t for t in tokens[i + 1 :] if not t.startswith("-"))
    return words
