"""A package's `start` runs a launcher (`node index start`) that requires the compiled server
(`./dist/server/index.js`); the `dev` script runs the same server from its TypeScript source: the source's
reads are the running program's."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project


def test_source_of_the_compiled_server_a_launcher_requires_is_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "thelounge",
                    "bin": {"thelounge": "index.js"},
                    "scripts": {
                        "build:server": "tsc -p server/tsconfig.json",
                        "dev": "ts-node --project server/tsconfig.json server/index.ts start --dev",
                        "start": "node index start",
                    },
                }
            ),
            "index.js": """
                #!/usr/bin/env node
                "use strict";
                const fs = require("fs");
                if (fs.existsSync("./dist/server/index.js")) {
                  require("./dist/server/index.js");
                }
            """,
            "server/index.ts": 'import "./command-line";\n',
            "server/command-line/index.ts": """
                import path from "path";
                const home = process.env.THELOUNGE_HOME || path.join(process.env.HOME || "", ".thelounge");
                export default home;
            """,
        },
    )
    assert found["THELOUNGE_HOME"].scope == "runtime"
