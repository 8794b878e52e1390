"""Elixir's System.get_env / fetch_env!: defaults, required reads, and when Mix evaluates each file."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

RUNTIME = """
import Config

if config_env() == :prod do
  database_url = System.fetch_env!("SHOP_DATABASE_URL")
  config :shop, Shop.Repo,
    url: database_url,
    pool_size: String.to_integer(System.get_env("SHOP_POOL_SIZE", "10")),
    ssl: System.get_env("SHOP_DB_SSL") == "true"

  config :shop, ShopWeb.Endpoint,
    http: [port: System.get_env("SHOP_PORT") || "4000"],
    secret_key_base: System.fetch_env!("SHOP_SECRET_KEY_BASE")
end
"""

COMPILED = """
import Config
# config.exs is evaluated when the release is built
config :shop, build_tag: System.get_env("SHOP_BUILD_TAG", "dev")
"""

MODULE = """
defmodule Shop.Http do
  @pool_timeout System.get_env("SHOP_POOL_TIMEOUT", "10000") |> String.to_integer()

  def host, do: System.get_env("SHOP_API_HOST", "https://api.example.org")
  def token do
    case System.fetch_env("SHOP_API_TOKEN") do
      {:ok, token} -> token
      :error -> nil
    end
  end
end
"""


def test_reads_defaults_and_required(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/runtime.exs": RUNTIME, "lib/shop/http.ex": MODULE})
    assert found["SHOP_DATABASE_URL"].optional is False  # fetch_env! raises when unset
    assert found["SHOP_DATABASE_URL"].secret is True
    assert found["SHOP_POOL_SIZE"].default == "10"
    assert found["SHOP_PORT"].default == "4000"  # `|| "4000"`
    assert found["SHOP_DB_SSL"].default is None
    assert found["SHOP_API_HOST"].default == "https://api.example.org"
    assert found["SHOP_API_TOKEN"].optional is True  # fetch_env: {:ok, v} or :error
    assert all(found[n].scope == "runtime" for n in ("SHOP_POOL_SIZE", "SHOP_API_HOST", "SHOP_API_TOKEN"))


def test_compile_time_reads_are_build(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/config.exs": COMPILED,
            "config/dev.exs": 'config :shop, debug: System.get_env("SHOP_DEV_DEBUG")\n',
            "lib/shop/http.ex": MODULE,
        },
    )
    assert found["SHOP_BUILD_TAG"].scope == "build"  # config.exs: evaluated at compile time
    assert found["SHOP_POOL_TIMEOUT"].scope == "build"  # a module attribute: compile time
    assert found["SHOP_DEV_DEBUG"].scope == "dev"
    assert found["SHOP_API_HOST"].scope == "runtime"
