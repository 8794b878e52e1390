"""A zod schema whose keys are not variables, parsed from an object that maps each key to a read
(`schema.safeParse({ session: { lifetime: parseOptionalNumber(process.env.X) } })`): the key's `.default(x)`
is the variable's default. Nested schemas, union members, a `.describe("X")` naming the variable, values that
never pass `undefined` on, and constant defaults (arithmetic of literals, members of a TS enum)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_UTILS = """
    export function parseOptionalNumber(value?: string): number | undefined {
      return value === undefined ? undefined : Number(value);
    }
    export function parseOptionalBoolean(value?: string): boolean | undefined {
      return value === undefined ? undefined : value === 'true';
    }
"""


def test_nested_keys_mapped_to_reads_take_the_schema_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/utils.ts": _UTILS,
            "src/config/server.config.ts": """
                import { registerAs } from '@nestjs/config';
                import z from 'zod';
                import { parseOptionalBoolean, parseOptionalNumber } from '../utils';

                const serverSchema = z.object({
                  port: z.number().int().max(65535).default(8080).describe('SRV_PORT'),
                  bindAddress: z.string().ip().default('0.0.0.0').describe('SRV_BIND_ADDRESS'),
                  publicUrl: z.string().url().describe('SRV_PUBLIC_URL'),
                  session: z.object({
                    secret: z.string().min(32).describe('SRV_SESSION_SECRET'),
                    ttl: z.number().default(3600).describe('SRV_SESSION_TTL'),
                  }),
                  logging: z.object({
                    timestamps: z.boolean().default(true),
                    format: z.string().optional(),
                  }),
                });

                export default registerAs('server', () => {
                  const result = serverSchema.safeParse({
                    port: parseOptionalNumber(process.env.SRV_PORT),
                    bindAddress: process.env.SRV_BIND_ADDRESS,
                    publicUrl: process.env.SRV_PUBLIC_URL,
                    session: {
                      secret: process.env.SRV_SESSION_SECRET,
                      ttl: parseOptionalNumber(
                        process.env.SRV_SESSION_TTL,
                      ),
                    },
                    logging: {
                      timestamps: parseOptionalBoolean(process.env.SRV_LOG_TIMESTAMPS),
                      format: process.env.SRV_LOG_FORMAT?.toLowerCase(),
                    },
                  });
                  if (result.error) {
                    throw new Error(result.error.message);
                  }
                  return result.data;
                });
            """,
        },
    )
    assert found["SRV_PORT"].default == "8080"
    assert found["SRV_BIND_ADDRESS"].default == "0.0.0.0"
    assert found["SRV_SESSION_TTL"].default == "3600"
    assert found["SRV_LOG_TIMESTAMPS"].default == "true"  # no describe: the key path alone links it
    assert found["SRV_LOG_FORMAT"].optional
    assert found["SRV_LOG_FORMAT"].default is None
    assert not found["SRV_PUBLIC_URL"].optional  # no default: required by the schema
    assert not found["SRV_SESSION_SECRET"].optional


def test_union_members_a_named_argument_and_values_that_are_never_undefined(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/db.ts": """
                import { z } from 'zod';

                const tlsSchema = z.object({
                  enabled: z.boolean().default(false),
                  rejectUnauthorized: z.boolean().default(true),
                });
                const postgres = z.object({
                  type: z.literal('postgres'),
                  host: z.string(),
                  port: z.number().default(5432),
                  pool: z.number().default(10),
                  tls: tlsSchema.default({}),
                });
                const mysql = z.object({
                  type: z.literal('mysql'),
                  host: z.string(),
                  port: z.number().default(3306),
                  pool: z.number().default(10),
                  tls: tlsSchema.default({}),
                });
                const dbSchema = z.discriminatedUnion('type', [postgres, mysql]);

                const raw = {
                  type: process.env.DB_TYPE,
                  host: process.env.DB_HOST,
                  port: process.env.DB_PORT ? Number(process.env.DB_PORT) : undefined,
                  pool: process.env.DB_POOL === undefined ? undefined : Number(process.env.DB_POOL),
                  tls: {
                    enabled: process.env.DB_TLS === 'true',
                    rejectUnauthorized: process.env.DB_TLS_VERIFY as boolean | undefined,
                  },
                };

                export const database = dbSchema.parse(raw);
            """,
        },
    )
    assert found["DB_PORT"].optional
    assert found["DB_PORT"].default is None  # 5432 or 3306: none is it
    assert found["DB_POOL"].default == "10"  # the members agree
    assert found["DB_TLS_VERIFY"].default == "true"  # through a schema held in a const
    assert found["DB_TLS"].default is None  # a comparison is never undefined: zod's default never applies
    assert not found["DB_HOST"].optional


def test_a_describe_naming_another_variable_does_not_link(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/mail.ts": """
                import { z } from 'zod';

                const mailSchema = z.object({
                  host: z.string().default('localhost').describe('MAIL_HOST'),
                  port: z.number().default(25).describe('MAIL_PORT'),
                });

                export const mail = mailSchema.parse({
                  host: process.env.SMTP_SERVER,
                  port: Number(process.env.MAIL_PORT ?? 587),
                });
            """,
        },
    )
    assert found["SMTP_SERVER"].default is None  # the schema says the key is MAIL_HOST's: unsure
    assert found["MAIL_PORT"].default == "587"  # the read's own fallback comes first


def test_constant_defaults_arithmetic_and_enum_members(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/log-level.enum.ts": """
                export enum LogLevel {
                  DEBUG = 'debug',
                  INFO = 'info',
                  WARN = 'warn',
                }
            """,
            "src/upload.ts": """
                import { z } from 'zod';
                import { LogLevel } from './log-level.enum';

                const MAX_UPLOAD = 8 * 1024 * 1024; // 8 MiB
                const BURST = 60 * 5 + 30;

                const enum Mode {
                  Fast = 'fast',
                  Safe = 'safe',
                }

                const uploadSchema = z.object({
                  maxSize: z.number().default(MAX_UPLOAD),
                  burst: z.number().default(BURST),
                  level: z.nativeEnum(LogLevel).default(LogLevel.INFO),
                  mode: z.string().default(Mode.Safe),
                });

                export const upload = uploadSchema.parse({
                  maxSize: process.env.UPLOAD_MAX_SIZE
                    ? parseInt(process.env.UPLOAD_MAX_SIZE, 10)
                    : MAX_UPLOAD,
                  burst: process.env.UPLOAD_BURST ? Number(process.env.UPLOAD_BURST) : undefined,
                  level: process.env.UPLOAD_LOG_LEVEL,
                  mode: process.env.UPLOAD_MODE,
                });

                export const retries = process.env.UPLOAD_RETRIES ?? BURST;
            """,
        },
    )
    assert found["UPLOAD_MAX_SIZE"].default == "8388608"  # the ternary's constant and the schema's agree
    assert found["UPLOAD_BURST"].default == "330"
    assert found["UPLOAD_LOG_LEVEL"].default == "info"  # an imported enum's member
    assert found["UPLOAD_MODE"].default == "safe"  # an enum of the file
    assert found["UPLOAD_RETRIES"].default == "330"
