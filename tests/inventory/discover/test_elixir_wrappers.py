"""Elixir: the project's own functions reading the variable their parameter names; compile-time `use`."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

RUNTIME = """
import Config

defmodule Util do
  def fetch_env!(varname, defaults \\\\ []) do
    case config_env() do
      :prod -> System.fetch_env!(varname)
      env -> System.get_env(varname, defaults[env] || defaults[:all])
    end
  end

  def get_env(varname, defaults \\\\ []) do
    System.get_env(varname, defaults[config_env()])
  end
end

config :shop, ShopWeb.Endpoint,
  http: [port: Util.get_env("SHOP_PORT", prod: "4000", dev: "4000", test: "4002")]

config :shop, Shop.Repo,
  username: Util.fetch_env!("SHOP_DB_USER", all: "postgres"),
  database: Util.fetch_env!("SHOP_DB_NAME", dev: "shop_dev", test: "shop_test")

config :shop, Shop.Vault, key: Util.get_env("SHOP_VAULT_KEY", test: "secret")
"""

POLLER = """
defmodule Shop.Poller do
  @asleep_interval 30

  def interval(env_var, default) do
    System.get_env(env_var)
    |> case do
      nil -> default
      interval -> String.to_integer(interval) |> max(default)
    end
  end

  def asleep_interval, do: interval("SHOP_POLL_ASLEEP", @asleep_interval)
  def driving_interval, do: interval("SHOP_POLL_DRIVING", 2.5)
end
"""

PROXY = """
defmodule Shop.HTTP do
  def pools do
    case proxy_from_env("SHOP_GEO_PROXY") do
      {:ok, opts} -> opts
      _ -> []
    end
  end

  defp proxy_from_env(var) do
    url = System.get_env(var)
    if url, do: {:ok, [proxy: url]}, else: :none
  end
end
"""

CLDR = """
defmodule ShopWeb.Cldr do
  use Cldr,
    otp_app: :shop,
    force_locale_download:
      Mix.env() == :prod and System.get_env("SHOP_SKIP_LOCALES") != "true",
    data_dir: System.get_env("SHOP_LOCALES_DIR")

  def region, do: System.get_env("SHOP_REGION", "eu")
end
"""


def test_wrapper_calls_with_per_environment_defaults(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/runtime.exs": RUNTIME})
    assert found["SHOP_PORT"].default == "4000"  # the :prod entry: a release runs in :prod
    assert found["SHOP_PORT"].optional is True
    assert found["SHOP_DB_USER"].optional is False  # raises in :prod
    assert found["SHOP_DB_USER"].default is None
    assert found["SHOP_DB_NAME"].optional is False
    assert found["SHOP_VAULT_KEY"].secret is True
    assert found["SHOP_VAULT_KEY"].default is None  # only the tests get one
    assert all(found[n].scope == "runtime" for n in ("SHOP_PORT", "SHOP_DB_USER", "SHOP_DB_NAME"))


def test_helper_parameter_names_the_variable_and_its_fallback(tmp_path: Path) -> None:
    found = project(tmp_path, {"lib/shop/poller.ex": POLLER, "lib/shop/http.ex": PROXY})
    assert found["SHOP_POLL_ASLEEP"].default == "30"  # `nil -> default`, the module attribute's literal
    assert found["SHOP_POLL_DRIVING"].default == "2.5"
    assert found["SHOP_GEO_PROXY"].optional is True
    assert found["SHOP_GEO_PROXY"].default is None
    assert "env_var" not in found
    assert "var" not in found


def test_use_options_are_compile_time(tmp_path: Path) -> None:
    found = project(tmp_path, {"lib/shop_web/cldr.ex": CLDR})
    assert found["SHOP_SKIP_LOCALES"].scope == "build"  # `use`'s options: the macro runs in the compiler
    assert found["SHOP_LOCALES_DIR"].scope == "build"
    assert found["SHOP_REGION"].scope == "runtime"
    assert found["SHOP_REGION"].default == "eu"


def test_a_module_attribute_default(tmp_path: Path) -> None:
    code = """
defmodule Shop.Auth do
  @client_id "shop-web"
  def client_id, do: System.get_env("SHOP_CLIENT_ID", @client_id)
end
"""
    found = project(tmp_path, {"lib/shop/auth.ex": code})
    assert found["SHOP_CLIENT_ID"].default == "shop-web"
