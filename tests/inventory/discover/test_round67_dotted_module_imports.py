"""Round 67: an environment object exported by a module with a dotted name (`env.server.ts`, imported as
`~/server/env.server`) is followed into its importers, whose fallbacks give the defaults."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

ENV = """
import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';

export const env = createEnv({
  server: {
    OPENAI_API_HOST: z.string().url().optional(),
    AZURE_OPENAI_API_VERSION: z.string().optional(),
  },
  runtimeEnv: {
    OPENAI_API_HOST: process.env.OPENAI_API_HOST,
    AZURE_OPENAI_API_VERSION: process.env.AZURE_OPENAI_API_VERSION,
  },
});
"""

ACCESS = """
import { env } from '~/server/env.server';

const DEFAULT_OPENAI_HOST = 'api.openai.com';

export function access() {
  const host = env.OPENAI_API_HOST || DEFAULT_OPENAI_HOST;
  const version = env.AZURE_OPENAI_API_VERSION || '2025-04-01-preview';
  return { host, version };
}
"""


def test_a_dotted_module_names_import(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "tsconfig.json": '{"compilerOptions": {"paths": {"~/*": ["./src/*"]}}}',
            "src/server/env.server.ts": ENV,
            "src/modules/openai.access.ts": ACCESS,
        },
    )
    assert found["OPENAI_API_HOST"].default == "api.openai.com"
    assert found["AZURE_OPENAI_API_VERSION"].default == "2025-04-01-preview"
