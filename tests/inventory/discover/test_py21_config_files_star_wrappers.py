"""Round 21 (Python): a gunicorn config kept under an INI name is read as Python (a real INI file never is);
a reader helper arrives through a chain of star imports (`from app.settings import *`, the package's
`__init__` doing `from .base import *`); a settings package's test variant is `test` scope and its
defaults leave the running application's alone."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_HELPER = """
    import os


    def flag_from_env(name, default=False):
        value = os.environ.get(name)
        if value is None:
            return default
        return value.lower() in ("1", "true", "yes")


    DB_PORT = os.environ.get("SHOP_DB_PORT", 3306)
"""


def test_gunicorn_config_under_ini_and_conf_names_is_python(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "deploy/gunicorn/gunicorn.ini": """
                \"\"\"WSGI server settings.\"\"\"
                import os

                bind = os.environ.get("SHOP_BIND", "0.0.0.0:" + os.environ.get("SHOP_PORT", "8000"))
                workers = os.environ.get("SHOP_WORKERS", 3)
                accesslog = os.path.join(os.environ["SHOP_HOME"], "logs", "access.log")
            """,
            "deploy/worker.conf": """
                from os import environ

                timeout = int(environ.get("SHOP_WORKER_TIMEOUT", "45"))
            """,
            "deploy/start.sh": """
                #!/bin/sh
                exec gunicorn -c deploy/gunicorn/gunicorn.ini shop.wsgi
            """,
        },
    )
    assert found["SHOP_BIND"].default == "0.0.0.0:8000" or found["SHOP_BIND"].optional
    assert found["SHOP_PORT"].default == "8000"
    assert found["SHOP_WORKERS"].default == "3"
    assert found["SHOP_HOME"].optional is False
    assert found["SHOP_WORKER_TIMEOUT"].default == "45"
    assert found["SHOP_PORT"].scope == "runtime"


def test_real_ini_and_conf_files_are_never_python(tmp_path: Path) -> None:
    """INI sections whose lines happen to parse, a shell-style conf of assignments, an INI value naming
    `os.environ` in prose: none is read as Python."""
    found = project(
        tmp_path,
        {
            "setup.ini": """
                [tool]
                name = "environ"
                IMPORT_NOTE = "import os and os.environ.get('INI_NOT_PYTHON')"
            """,
            "etc/app.conf": """
                APP_BIND=0.0.0.0:8000
                APP_TIMEOUT=30
                # os.environ.get('CONF_NOT_PYTHON') import
            """,
            "etc/logging.ini": """
                [handler_file]
                args = ('%(logdir)s/app.log', 'a')
                # import os; os.getenv('LOGGING_NOT_PYTHON')
            """,
        },
    )
    assert "INI_NOT_PYTHON" not in found
    assert "CONF_NOT_PYTHON" not in found
    assert "LOGGING_NOT_PYTHON" not in found


def test_helper_through_a_chain_of_star_imports(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/settings/__init__.py": "from shop.settings.base import *  # noqa\n",
            "src/shop/settings/base.py": _HELPER
            + """
    DEBUG = flag_from_env("SHOP_DEBUG")
""",
            "src/shop/settings/prod.py": """
                from shop.settings import *  # noqa

                DEBUG = flag_from_env("SHOP_PROD_DEBUG", False)
                if flag_from_env("SHOP_DISABLE_FRAGMENT_CACHE", False):
                    CACHE = None
                METRICS = flag_from_env("SHOP_METRICS", True)
            """,
            "src/shop/cli.py": """
                from shop.settings import flag_from_env

                VERBOSE = flag_from_env("SHOP_VERBOSE")
            """,
        },
    )
    assert found["SHOP_DEBUG"].default == "false"
    assert found["SHOP_PROD_DEBUG"].default == "false"
    assert found["SHOP_DISABLE_FRAGMENT_CACHE"].default == "false"
    assert found["SHOP_METRICS"].default == "true"
    assert found["SHOP_VERBOSE"].default == "false"  # imported by name through the star re-export


def test_star_chain_cycles_and_private_or_unlisted_helpers(tmp_path: Path) -> None:
    """Two modules star-importing each other end; a helper `__all__` leaves out, or a private one, is not
    bound by the star import."""
    found = project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": """
                import os

                from pkg.b import *  # noqa


                def env_text(name):
                    return os.environ.get(name, "")


                def _env_private(name):
                    return os.environ.get(name, "")
            """,
            "pkg/b.py": """
                from pkg.a import *  # noqa

                X = env_text("CYCLE_THROUGH_B")
            """,
            "pkg/listed.py": """
                import os

                __all__ = ["OTHER"]
                OTHER = 1


                def env_listed(name):
                    return os.environ.get(name, "")
            """,
            "pkg/user.py": """
                from pkg.b import *  # noqa
                from pkg.listed import *  # noqa

                A = env_text("STAR_CHAIN_CYCLE")
                B = _env_private("STAR_PRIVATE_NOT_BOUND")
                C = env_listed("STAR_UNLISTED_NOT_BOUND")
            """,
        },
    )
    assert "CYCLE_THROUGH_B" in found
    assert "STAR_CHAIN_CYCLE" in found
    assert "STAR_PRIVATE_NOT_BOUND" not in found
    assert "STAR_UNLISTED_NOT_BOUND" not in found


def test_settings_test_variant_is_test_scope_and_keeps_runtime_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/settings/__init__.py": "from shop.settings.base import *  # noqa\n",
            "src/shop/settings/base.py": _HELPER,
            "src/shop/settings/test.py": """
                import os

                from shop.settings import *  # noqa

                TEST_ENGINE = os.environ.get("SHOP_TEST_ENGINE", "mysql")
                if TEST_ENGINE == "psql":
                    DB_PORT = os.environ.get("SHOP_DB_PORT", 5432)
                SKIP = flag_from_env("SHOP_SKIP_MIGRATIONS", True)
            """,
            "src/shop/settings_testing.py": """
                import os

                FIXTURES = os.environ.get("SHOP_FIXTURE_DIR", "fixtures")
            """,
        },
    )
    assert found["SHOP_DB_PORT"].scope == "runtime"
    assert found["SHOP_DB_PORT"].default == "3306"
    assert found["SHOP_TEST_ENGINE"].scope == "test"
    assert found["SHOP_SKIP_MIGRATIONS"].scope == "test"
    assert found["SHOP_FIXTURE_DIR"].scope == "test"


def test_a_settings_module_named_test_without_star_import_keeps_its_place(tmp_path: Path) -> None:
    """`settings/test.py` that imports no base settings is not a settings variant (a view testing a
    setting, say): its place decides, as before."""
    found = project(
        tmp_path,
        {
            "app/settings/__init__.py": "",
            "app/settings/test.py": """
                import os

                MAIL_CHECK = os.environ.get("APP_MAIL_CHECK_ADDRESS", "ops@example.org")
            """,
        },
    )
    assert found["APP_MAIL_CHECK_ADDRESS"].scope == "runtime"


def test_name_built_by_a_project_function_from_its_arguments(tmp_path: Path) -> None:
    """`os.environ.get(to_env_name(hook))` over a tuple of hooks: the function (imported through a
    package's re-export) joins a literal prefix and its argument upper-cased, dots made underscores."""
    found = project(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/hooks/__init__.py": """
                from shop.hooks.names import to_env_name

                __all__ = ["to_env_name"]
            """,
            "shop/hooks/names.py": """
                def to_env_name(name, prefix="HOOKS"):
                    \"\"\"`mail.context` -> HOOKS_MAIL_CONTEXT.\"\"\"
                    return "_".join([prefix, name.upper().replace(".", "_")])


                def f_name(name):
                    return f"SHOP_{name.upper()}_URL"
            """,
            "shop/settings.py": """
                import os

                from shop.hooks import to_env_name
                from shop.hooks.names import f_name

                HOOKS = ("mail.context", "orders.after_save")
                HOOK_SETTINGS = {hook: os.environ.get(to_env_name(hook), "default") for hook in HOOKS}
                AUDIT = os.environ.get(to_env_name("audit.sink", "PLUGINS"))
                API = os.getenv(f_name("api"), "http://localhost")
            """,
        },
    )
    assert found["HOOKS_MAIL_CONTEXT"].default == "default"
    assert found["HOOKS_ORDERS_AFTER_SAVE"].default == "default"
    assert "PLUGINS_AUDIT_SINK" in found
    assert found["SHOP_API_URL"].default == "http://localhost"


def test_functions_that_are_no_plain_name_builders_give_no_name(tmp_path: Path) -> None:
    """A function reading anything besides its parameters, with more than a return, decorated, or called
    with an unknown argument builds no name here."""
    found = project(
        tmp_path,
        {
            "app/names.py": """
                import functools
                import os

                PREFIX = "MODULE"


                def uses_module_name(name):
                    return PREFIX + "_" + name.upper()


                def two_statements(name):
                    name = name.strip()
                    return "TWO_" + name.upper()


                @functools.cache
                def cached(name):
                    return "CACHED_" + name.upper()


                def plain(name):
                    return "PLAIN_" + name.upper()


                A = os.environ.get(uses_module_name("a"))
                B = os.environ.get(two_statements("b"))
                C = os.environ.get(cached("c"))
                D = os.environ.get(plain(os.uname().sysname))
                E = os.environ.get(" ".join(["PARTS", os.sep]))
            """,
        },
    )
    assert not any(name.startswith(("MODULE_", "TWO_", "CACHED_", "PLAIN_", "PARTS")) for name in found)
