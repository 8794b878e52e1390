"""Defaults JavaScript gives an unset variable: a boolean in a presence ternary whose set branch compares the
value, a group `(X?.trim() || undefined)` that falls through to `??`; and none from a `??` after a built-in
conversion, which is never nullish."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_boolean_branch_of_a_presence_ternary_is_the_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/mail.ts": """
                export const mail = {
                  secure: process.env.MAIL_SECURE ? process.env.MAIL_SECURE === "true" : true,
                  pool: process.env.MAIL_POOL ? process.env.MAIL_POOL.toLowerCase() !== "false" : false,
                  // a switch between two values, not a default
                  mode: process.env.MAIL_DEBUG ? "verbose" : "quiet",
                };
            """,
        },
    )
    assert found["MAIL_SECURE"].default == "true"
    assert found["MAIL_POOL"].default == "false"
    assert found["MAIL_DEBUG"].default is None


def test_a_group_ending_in_undefined_falls_through_to_the_next_fallback(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/headers.ts": """
                export const origins = (process.env.FRAME_ORIGINS?.trim() || undefined) ?? "'self'";
                export const plain = process.env.SITE_TITLE?.trim() || "Home";
                // `??` after a call's result: not the read's fallback
                const pick = (v?: string) => v;
                export const picked = pick(process.env.PICKED || undefined) ?? "x";
            """,
        },
    )
    assert found["FRAME_ORIGINS"].default == "'self'"
    assert found["SITE_TITLE"].default == "Home"
    assert found["PICKED"].default is None


def test_a_nullish_fallback_after_a_builtin_conversion_is_dead(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/storage.ts": """
                export const storage = {
                  uniform: Boolean(process.env.BUCKET_UNIFORM) ?? true,
                  retries: Number(process.env.BUCKET_RETRIES) ?? 3,
                  // `||` does run: NaN and 0 are falsy
                  timeout: parseInt(process.env.BUCKET_TIMEOUT, 10) || 30,
                };
            """,
        },
    )
    assert found["BUCKET_UNIFORM"].default is None
    assert found["BUCKET_RETRIES"].default is None
    assert found["BUCKET_TIMEOUT"].default == "30"


def test_langchain_get_environment_variable_reads_its_argument(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "nodes/chat/model.ts": """
                import { getEnvironmentVariable } from "@langchain/core/utils/env";

                export function apiKey(given?: string) {
                  return given || getEnvironmentVariable("ACME_CHAT_API_KEY");
                }
            """,
            "nodes/chat/other.js": """
                const { getEnvironmentVariable } = require("@langchain/core/utils/env.js");
                export const base = getEnvironmentVariable("ACME_CHAT_BASE_URL");
            """,
        },
    )
    assert "ACME_CHAT_API_KEY" in found
    assert found["ACME_CHAT_API_KEY"].scope == "runtime"
