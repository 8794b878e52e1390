"""A PHP read in parentheses before `?:`, an image's ENV written as a `${X}` placeholder into a config file
its program expands at start, urfave/cli usage texts, and a zod schema another module parses."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_SWIFT = """
<?php
$CONFIG = array(
  'domain' => (getenv('SHOP_SWIFT_USER_DOMAIN')) ?: 'Default',
  'auth' => getenv('SHOP_SMTP_AUTHTYPE') ?: 'LOGIN',
);
"""

_DOCKERFILE = """
FROM php:8.3-apache
ENV SHOP_PHP_MEMORY_LIMIT 512M
ENV SHOP_BUILD_ONLY 1
RUN { \\
        echo 'memory_limit=${SHOP_PHP_MEMORY_LIMIT}'; \\
        echo 'opcache.enable=1'; \\
    } > "${PHP_INI_DIR}/conf.d/shop.ini"; \\
    echo "built ${SHOP_BUILD_ONLY}"
CMD ["apache2-foreground"]
"""


def test_php_and_image_config_placeholders(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/swift.config.php": _SWIFT, "Dockerfile": _DOCKERFILE})
    assert found["SHOP_SWIFT_USER_DOMAIN"].default == "Default"
    assert found["SHOP_SMTP_AUTHTYPE"].default == "LOGIN"
    assert found["SHOP_PHP_MEMORY_LIMIT"].scope == "runtime"  # PHP expands ${X} in its ini at every start
    assert found["SHOP_PHP_MEMORY_LIMIT"].default == "512M"
    assert found["SHOP_BUILD_ONLY"].scope == "build"


_CMD = """
package cmd

import "github.com/urfave/cli/v2"

var globalFlags = []cli.Flag{
    &cli.StringFlag{
        Name:    "http-auth-htpasswd",
        Usage:   "htpasswd file http basic auth",
        EnvVars: []string{"SHOP_HTTP_AUTH_HTPASSWD"},
    },
    &cli.StringFlag{
        Name:    "ga-key",
        Usage:   "key for google analytics (front end)",
        EnvVars: []string{"SHOP_GA_KEY"},
    },
    &cli.StringFlag{
        Name:    "signing-key",
        Usage:   "key signing the download links",
        EnvVars: []string{"SHOP_SIGNING_KEY"},
    },
}
"""


def test_usage_text_says_path_or_public(tmp_path: Path) -> None:
    found = project(tmp_path, {"cmd/cmd.go": _CMD})
    assert found["SHOP_HTTP_AUTH_HTPASSWD"].secret is False  # a file's path
    assert found["SHOP_GA_KEY"].secret is False  # sent to every browser
    assert found["SHOP_SIGNING_KEY"].secret is True


_SCHEMA = """
import { z } from "zod";

export const configSchema = z.object({
  SHOP_PORT: z.coerce.number().default(3000),
  SHOP_STORAGE_REGION: z.string().default("us-east-1"),
  SHOP_SMTP_URL: z
    .string()
    .url()
    .optional(),
  SHOP_ACCESS_TOKEN_SECRET: z.string(),
});
"""

_MODULE = """
import { ConfigModule } from "@nestjs/config";
import { configSchema } from "./schema";

export const Config = ConfigModule.forRoot({
  isGlobal: true,
  validate: (config) => configSchema.parse(config),
});
"""


def test_a_schema_imported_and_parsed_from_the_environment(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"apps/server/src/config/schema.ts": _SCHEMA, "apps/server/src/config/config.module.ts": _MODULE},
    )
    assert found["SHOP_PORT"].default == "3000"
    assert found["SHOP_STORAGE_REGION"].default == "us-east-1"
    assert found["SHOP_SMTP_URL"].optional is True
    assert found["SHOP_ACCESS_TOKEN_SECRET"].optional is False
