import os
from os import getenv as env_or

# os.environ["COMMENTED_OUT"] is an old setting
NAME = "PAYMENTS_WEBHOOK_SECRET"
message = 'set os.environ["IN_A_STRING"] before starting'
js_example = "process.env.PY_STRING_NOT_JS"

DATABASE_URL = os.environ["DATABASE_URL"]
LOG_LEVEL = os.getenv("LOG_LEVEL", "info")
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "2"))
WEBHOOK_SECRET = os.environ[NAME]
REGION = env_or("AWS_REGION")
TIMEOUT = os.environ.get("REQUEST_TIMEOUT") or "30"
FEATURE_BETA = "FEATURE_BETA" in os.environ


def admin_token() -> str:
    return os.environ.get("ADMIN_API_TOKEN", "")
