"""Secret labels that yield to what the code says about the value: a `true` default makes a switch, an
attribute name makes a `*_KEY` the name of a key, an OAuth1 consumer key is an identifier, and a URL whose
own fallback is built with a user and password carries that password."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import project


def test_boolean_defaults_make_switches(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/query/warehouse.py": """
                import os

                def parse_boolean(text):
                    return text.lower() in ("true", "1")

                OPTIONAL_CREDENTIALS = parse_boolean(os.environ.get("WAREHOUSE_OPTIONAL_CREDENTIALS", "true"))
                SHARE_TOKEN = os.getenv("REPORT_SHARE_TOKEN", True)
                EXPORT_TOKEN = os.getenv("REPORT_EXPORT_TOKEN", False)
                API_TOKEN = os.getenv("REPORT_API_TOKEN", "changeme-token")
                WAREHOUSE_PASSWORD = os.getenv("WAREHOUSE_PASSWORD")
                TOKEN_AUTH = parse_boolean(os.environ.get("WAREHOUSE_TOKEN_AUTH"))
                REQUIRE_TOKEN = parse_boolean(os.environ.get("WAREHOUSE_SHARED_TOKEN", "no"))
                SESSION_TOKEN = os.environ.get("WAREHOUSE_SESSION_TOKEN")
                USE_SESSION = parse_boolean(os.environ.get("WAREHOUSE_SESSION_TOKEN"))
            """,
        },
    )
    assert not found["WAREHOUSE_OPTIONAL_CREDENTIALS"].secret
    assert found["WAREHOUSE_OPTIONAL_CREDENTIALS"].default == "true"
    assert not found["REPORT_SHARE_TOKEN"].secret
    assert found["REPORT_SHARE_TOKEN"].default == "true"
    assert found["REPORT_EXPORT_TOKEN"].secret  # `False` alone stands for "not set" as often as for off
    assert found["REPORT_EXPORT_TOKEN"].default is None
    assert found["REPORT_API_TOKEN"].secret  # a placeholder of a token, not a switch
    assert found["REPORT_API_TOKEN"].default is None
    assert found["WAREHOUSE_PASSWORD"].secret
    assert not found["WAREHOUSE_TOKEN_AUTH"].secret  # parsed as a boolean: a switch
    assert not found["WAREHOUSE_SHARED_TOKEN"].secret
    assert found["WAREHOUSE_SHARED_TOKEN"].default == "no"
    assert found["WAREHOUSE_SESSION_TOKEN"].secret  # also used as it is, not only parsed


def test_key_defaulting_to_an_attribute_name_is_not_a_key(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": """
                import os

                LDAP_DISPLAY_NAME_KEY = os.environ.get("APP_LDAP_DISPLAY_NAME_KEY", "displayName")
                LDAP_EMAIL_KEY = os.environ.get("APP_LDAP_EMAIL_KEY", "mail")
                LDAP_LOGIN_KEY = os.environ.get("APP_LDAP_LOGIN_KEY", "sAMAccountName")
                METRICS_KEY = os.environ.get("APP_METRICS_KEY", "changeme")
                SIGNING_KEY = os.environ.get("APP_SIGNING_KEY", "development")
                LICENSE_KEY = os.environ.get("APP_LICENSE_KEY", "x9Gk2Lq7Zp4")
                ENKETO_API_KEY = os.environ.get("ENKETO_API_KEY", "enketorules")
                SCOUT_APM_KEY = os.environ.get("SCOUT_APM_KEY", "local")
            """,
        },
    )
    assert not found["APP_LDAP_DISPLAY_NAME_KEY"].secret
    assert found["APP_LDAP_DISPLAY_NAME_KEY"].default == "displayName"
    assert not found["APP_LDAP_EMAIL_KEY"].secret
    assert found["APP_LDAP_EMAIL_KEY"].default == "mail"
    assert not found["APP_LDAP_LOGIN_KEY"].secret
    assert found["APP_METRICS_KEY"].secret  # a placeholder for a real key
    assert found["APP_SIGNING_KEY"].secret  # a crypto key's development value is still a key
    assert found["APP_LICENSE_KEY"].secret  # not a word: a key
    assert found["ENKETO_API_KEY"].secret  # an API key's development value is still one
    assert found["SCOUT_APM_KEY"].secret  # "local": a stand-in for development, not an attribute's name


def test_consumer_key_is_an_identifier() -> None:
    assert not secret_by_name("JIRA_CONSUMER_KEY")
    assert not secret_by_name("TWITTER_OAUTH_CONSUMER_KEY")
    assert secret_by_name("JIRA_CONSUMER_SECRET")
    assert secret_by_name("CONSUMER_KEY_SECRET")


def test_url_whose_fallback_is_built_with_a_password(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/config.py": """
                import os

                EVENTS_URL = os.getenv("EVENTS_BACKEND_URL")
                if not EVENTS_URL:
                    USER, PASS = os.getenv("MQ_USER"), os.getenv("MQ_PASS")
                    EVENTS_URL = f"amqp://{USER}:{PASS}@{os.getenv('MQ_HOST', 'mq')}:5672/app"

                QUEUE_URL = os.getenv("QUEUE_BACKEND_URL") or "amqp://{}:{}@{}/".format(
                    os.getenv("MQ_USER"), os.getenv("MQ_PASS"), "mq"
                )
                CACHE_PASS = os.getenv("MQ_PASS")
                CACHE_URL = os.getenv("CACHE_BACKEND_URL", "redis://%s:%s@cache/0" % ("app", CACHE_PASS))
                STATUS_URL = os.getenv("STATUS_PAGE_URL")
                if not STATUS_URL:
                    STATUS_URL = f"https://{os.getenv('MQ_HOST', 'mq')}/status"
            """,
        },
    )
    assert found["EVENTS_BACKEND_URL"].secret
    assert found["QUEUE_BACKEND_URL"].secret
    assert found["CACHE_BACKEND_URL"].secret
    assert not found["STATUS_PAGE_URL"].secret  # built without a user-info part
    assert found["MQ_HOST"].default == "mq"
