"""Helpers that hand a read its default or its name: a default chain (`defaultChain(input,
process.env.X, "d")`, imported through a barrel module or local) and a wrapper taking the name from a
property of an options object (`getSecret({ envKey: "X" })`, with `process.env[opts.envKey]` or a
destructured `envKey`)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_read_given_to_an_imported_default_chain_takes_the_next_argument(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/lib/values.ts": """
                export const firstTruthy = (...values: unknown[]): unknown => {
                  return values.filter(Boolean)[0];
                };
                export function firstSet(a?: string, b?: string, c?: string): string | undefined {
                  return a ?? b ?? c;
                }
                export function describe(a?: string, b?: string) {
                  return `${a}/${b}`;
                }
            """,
            "src/index.ts": 'export * from "./lib/values";\n',
            "nodes/store/config.ts": """
                import { describe, firstSet, firstTruthy } from "../../src";

                export const port = (given?: string) => firstTruthy(given, process.env.STORE_PORT, "5432");
                export const tls = (given?: boolean) => firstTruthy(given, process.env.STORE_TLS, false);
                export const host = (given?: string) => firstTruthy(given, process.env.STORE_HOST);
                export const table = (given?: string) => firstSet(given, process.env.STORE_TABLE, "docs");
                // not a chain: the literal after the read is no fallback
                export const label = describe(process.env.STORE_LABEL, "primary");
            """,
            "nodes/store/local.js": """
                const pick = (...xs) => xs.find((x) => x !== undefined);
                module.exports = { schema: pick(process.env.STORE_SCHEMA, "public") };
            """,
        },
    )
    assert found["STORE_PORT"].default == "5432"
    assert found["STORE_TLS"].default == "false"
    assert found["STORE_HOST"].default is None
    assert found["STORE_TABLE"].default == "docs"
    assert found["STORE_LABEL"].default is None
    assert found["STORE_SCHEMA"].default == "public"


def test_a_wrapper_reading_the_name_an_options_object_gives(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/utils/secrets.ts": """
                export interface Options { envKey: string; fileName: string }

                export const storedSecret = async (options: Options): Promise<string> => {
                  const { envKey, fileName } = options;
                  const fromEnv = process.env[envKey];
                  return fromEnv ? fromEnv.trim() : fileName;
                };

                export function plainSecret(opts: Options) {
                  return process.env[opts.envKey];
                }

                export const shortSecret = ({ envKey }: Options) => process.env[envKey];
            """,
            "src/auth/init.ts": """
                import { plainSecret, shortSecret, storedSecret } from "../utils/secrets";

                export async function init() {
                  const session = await storedSecret({ envKey: "SESSION_SIGNING_KEY", fileName: "s.key" });
                  const refresh = plainSecret({ envKey: "REFRESH_SIGNING_KEY", fileName: "r.key" });
                  const issuer = shortSecret({ envKey: "TOKEN_ISSUER", fileName: "i.key" });
                  return [session, refresh, issuer];
                }
            """,
        },
    )
    assert {"SESSION_SIGNING_KEY", "REFRESH_SIGNING_KEY", "TOKEN_ISSUER"} <= set(found)
    assert found["SESSION_SIGNING_KEY"].scope == "runtime"
