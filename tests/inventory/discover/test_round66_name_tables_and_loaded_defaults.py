"""Round 66: Ruby tables of names handed to a project class that reads ENV by the names it is given
(errbit's `Configurator.run(host: ["ERRBIT_HOST"], ...)`), and a defaults file the app loads at start
(`Dotenv.load(".env.default")`) giving its values as defaults."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

LOAD = """
Dotenv.load(".env.default")

require_relative "../app/lib/configurator"

Errbit::Config = Configurator.run(
  host: ["ERRBIT_HOST"],
  use_gravatar: ["ERRBIT_USE_GRAVATAR"],
  mongo_url: ["MONGODB_URI", "MONGOLAB_URI", "MONGO_URL"],
  github_url: ["GITHUB_URL", lambda do |values|
    values[:github_url].gsub(%r{/*\\z}, "")
  end],
)
"""

CONFIGURATOR = """
class Configurator
  def self.run(mapping)
    new(mapping).read
  end

  def scan
    @mapping.each do |key, values|
      env_name = values.find { |v| ENV[v] }
      @storage[key] = ENV[env_name] if env_name
    end
  end
end
"""

DEFAULTS = "ERRBIT_HOST=errbit.example.com\nERRBIT_USE_GRAVATAR=true\nMONGO_URL=\n"


def test_names_listed_for_a_reader_class(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"config/load.rb": LOAD, "app/lib/configurator.rb": CONFIGURATOR, ".env.default": DEFAULTS},
    )
    assert {"ERRBIT_HOST", "MONGODB_URI", "MONGOLAB_URI", "MONGO_URL", "GITHUB_URL"} <= set(found)
    assert found["MONGODB_URI"].secret
    assert found["ERRBIT_HOST"].default == "errbit.example.com"
    assert found["ERRBIT_USE_GRAVATAR"].default == "true"
    assert found["MONGO_URL"].default is None


def test_a_table_for_a_class_reading_no_environment_is_no_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"config/load.rb": LOAD, "app/lib/configurator.rb": CONFIGURATOR.replace("ENV[", "DEFAULTS[")},
    )
    assert "MONGOLAB_URI" not in found
