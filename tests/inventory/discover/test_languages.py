"""Each discoverer on small snippets: real reads found with their line and default; comments, strings and
look-alikes ignored."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.ci import discover_gitlab
from secretguard.inventory.discover.compose import discover_compose
from secretguard.inventory.discover.dockerfile import discover_dockerfile
from secretguard.inventory.discover.dotenv_example import discover_env_example, is_env_example
from secretguard.inventory.discover.go import discover_go
from secretguard.inventory.discover.javascript import discover_javascript
from secretguard.inventory.discover.jvm import discover_jvm
from secretguard.inventory.discover.kubernetes import K8sIndex, discover_manifest, resolve_env_from
from secretguard.inventory.discover.php import discover_php
from secretguard.inventory.discover.python import FlaskUse, discover_python
from secretguard.inventory.discover.ruby import discover_ruby
from secretguard.inventory.discover.rust import discover_rust
from secretguard.inventory.discover.shell import discover_shell
from secretguard.inventory.discover.yamltree import load_documents


def summary(reads: list[Read]) -> set[tuple[str, int, bool]]:
    return {(r.name, r.line, r.optional) for r in reads}


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_python_reads_defaults_and_aliases() -> None:
    code = src("""
        import os as o
        from os import environ as E
        from decouple import config
        PREFIX = "SVC_"
        a = o.environ["A_URL"]
        b = E.get("B_MODE", "x")
        c = o.getenv(PREFIX + "NAME")
        d = o.environ.setdefault("D_SETTINGS", "mod")
        e = config("E_KEY")
        f = config("F_DEBUG", default=False, cast=bool)
        o.environ["WRITTEN"] = "1"
        s = "o.environ['IN_STRING']"
        # o.environ["COMMENT"]
        g = o.environ.get(f"{PREFIX}TOKEN")
    """)
    assert summary(discover_python(code, "m.py", FlaskUse())) == {
        ("A_URL", 5, False),
        ("B_MODE", 6, True),
        ("SVC_NAME", 7, False),
        ("D_SETTINGS", 8, True),
        ("E_KEY", 9, False),
        ("F_DEBUG", 10, True),
        ("SVC_TOKEN", 14, False),
    }


def test_python_settings_prefix_alias_and_v1_config() -> None:
    code = src("""
        from pydantic import BaseSettings, Field, SecretStr
        from pydantic_settings import AliasChoices

        class Base(BaseSettings):
            token: SecretStr
            class Config:
                env_prefix = "OLD_"

        class Child(Base):
            url: str = Field(..., env="SERVICE_URL")
            either: str = Field(validation_alias=AliasChoices("FIRST", "SECOND"))
    """)
    reads = discover_python(code, "s.py", FlaskUse())
    assert summary(reads) == {
        ("OLD_TOKEN", 5, False),
        ("SERVICE_URL", 10, False),
        ("FIRST", 11, True),
        ("SECOND", 11, True),
    }
    assert next(r for r in reads if r.name == "OLD_TOKEN").secret_hint


def test_invalid_python_yields_nothing() -> None:
    assert discover_python("def broken(:\n os.environ['X']", "b.py", FlaskUse()) == []


def test_javascript_forms() -> None:
    code = src("""
        const a = process.env.A_KEY;
        const b = process.env?.B_KEY ?? "d";
        const c = process.env['C_KEY'] || 'x';
        const { D_KEY, E_KEY: e = 1, ...others } = process.env;
        const v = import.meta.env.VITE_API_URL;
        const mode = import.meta.env.MODE;
        process.env.ASSIGNED = "1";
        const t = `${process.env.T_KEY}`;
        const re = /process.env.IN_REGEX/;
        const s = "process.env.IN_STRING";
        // process.env.IN_COMMENT
        const x = y / process.env.DIVISOR;
    """)
    assert summary(discover_javascript(code, "a.ts")) == {
        ("A_KEY", 1, False),
        ("B_KEY", 2, True),
        ("C_KEY", 3, True),
        ("D_KEY", 4, False),
        ("E_KEY", 4, True),
        ("VITE_API_URL", 5, False),
        ("T_KEY", 8, False),
        ("DIVISOR", 12, False),
    }


def test_go() -> None:
    code = src("""
        package main
        import "os"
        var a = os.Getenv("A")
        var b, ok = os.LookupEnv("B")
        // os.Getenv("C")
        var s = "os.Getenv(\\"D\\")"
    """)
    assert summary(discover_go(code, "m.go")) == {("A", 3, False), ("B", 4, True)}


def test_ruby() -> None:
    code = src("""
        a = ENV["A_KEY"]
        b = ENV.fetch("B_KEY")
        c = ENV.fetch("C_KEY", "x")
        d = ENV.fetch("D_KEY") { "x" }
        e = ENV['E_KEY'] || 'x'
        # ENV["COMMENTED"]
        s = "ENV['IN_STRING']"
        t = "#{ENV['INTERPOLATED']}"
        ENV["WRITTEN"] = "1"
        =begin
        ENV["IN_BLOCK_COMMENT"]
        =end
        f = ENV["F_KEY"]
    """)
    assert summary(discover_ruby(code, "a.rb")) == {
        ("A_KEY", 1, False),
        ("B_KEY", 2, False),
        ("C_KEY", 3, True),
        ("D_KEY", 4, True),
        ("E_KEY", 5, True),
        ("INTERPOLATED", 8, False),
        ("F_KEY", 13, False),
    }


def test_java_and_kotlin() -> None:
    java = src('''
        class A {
          String a = System.getenv("A_KEY");
          // System.getenv("COMMENT")
          String s = "System.getenv(\\"STRING\\")";
          String t = """
            System.getenv("TEXT_BLOCK")
          """;
        }
    ''')
    assert summary(discover_jvm(java, "A.java")) == {("A_KEY", 2, False)}
    kotlin = 'val port = System.getenv("PORT") ?: "8080"\nval key = System.getenv("API_KEY")\n'
    assert summary(discover_jvm(kotlin, "a.kt")) == {("PORT", 1, True), ("API_KEY", 2, False)}


def test_php() -> None:
    code = src("""
        <html><?php echo getenv('OUTSIDE'); ?> getenv('HTML_TEXT')
        <?php
        $a = getenv('A_KEY');
        $b = $_ENV['B_KEY'] ?? 'x';
        $c = env('C_KEY', 'default');
        $d = env('D_KEY');
        # getenv('COMMENT')
        $s = "getenv('STRING')";
    """)
    assert summary(discover_php(code, "a.php")) == {
        ("OUTSIDE", 1, False),
        ("A_KEY", 3, False),
        ("B_KEY", 4, True),
        ("C_KEY", 5, True),
        ("D_KEY", 6, False),
    }


def test_rust() -> None:
    code = src("""
        use std::env;
        fn main() {
            let a = env::var("A_KEY").unwrap();
            let b = std::env::var("B_KEY").unwrap_or("x".into());
            let c = env!("C_KEY");
            let d = option_env!("D_KEY");
            let s = "env::var(\\"STRING\\")";
            let r = r#"env::var("RAW")"#;
            /* env::var("COMMENT") /* nested */ */
            let l: &'static str = "x";
        }
    """)
    assert summary(discover_rust(code, "m.rs")) == {
        ("A_KEY", 3, False),
        ("B_KEY", 4, True),
        ("C_KEY", 5, False),
        ("D_KEY", 6, True),
    }


def test_shell_quotes_comments_locals_and_defaults() -> None:
    code = src("""
        #!/bin/sh
        : "${REQUIRED_URL:?set it}"
        echo "$HOST_NAME" '$SINGLE_QUOTED'  # $COMMENTED
        LOCAL=1
        echo "$LOCAL ${OPTIONAL_PORT:-80} $lowercase $1 $HOME"
    """)
    assert summary(discover_shell(code, "x.sh")) == {
        ("REQUIRED_URL", 2, False),
        ("HOST_NAME", 3, False),
        ("OPTIONAL_PORT", 5, True),
    }


def test_dockerfile_continuations_and_run() -> None:
    code = src("""
        ARG VERSION
        ENV A=1 \\
            B="two words"
        ENV LEGACY value with spaces
        RUN echo $VERSION $UNDECLARED_BUILD_VAR
        CMD ["sh", "-c", "serve --port ${PORT:-80}"]
    """)
    assert summary(discover_dockerfile(code, "Dockerfile")) == {
        ("VERSION", 1, False),
        ("A", 2, True),
        ("B", 3, True),
        ("LEGACY", 4, True),
        ("VERSION", 5, False),
        ("PORT", 6, True),
    }


def test_compose_map_list_env_file_and_interpolation() -> None:
    text = src("""
        x-common: &common
          environment:
            SHARED: "1"
        services:
          app:
            <<: *common
            env_file:
              - path: ./app.env
                required: false
            image: "img:${TAG:-latest}"
            command: echo "$$ESCAPED"
    """)
    files = {"app.env": "FROM_FILE=1\n# NOT_THIS=1\n"}
    reads, notes = discover_compose(load_documents(text), text, "docker-compose.yml", files.get)
    assert summary(reads) == {("SHARED", 3, True), ("FROM_FILE", 1, True), ("TAG", 10, True)}
    assert {r.file for r in reads} == {"docker-compose.yml", "app.env"}
    assert notes == []


def test_kubernetes_env_from_configmap_and_unknown_secret() -> None:
    text = src("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
            - name: init
              envFrom:
                - configMapRef: {name: settings}
                  prefix: CFG_
                - secretRef: {name: elsewhere}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data:
          MODE: fast
    """)
    index = K8sIndex()
    reads = [r for doc in load_documents(text) for r in discover_manifest(doc, "k.yaml", index)]
    resolved, notes = resolve_env_from(index)
    assert reads == []
    assert {(r.name, r.line) for r in resolved} == {("CFG_MODE", 8), ("CFG_MODE", 16)}
    assert len(notes) == 1
    assert "elsewhere" in notes[0].message


def test_gitlab_variables_and_scripts() -> None:
    text = src("""
        variables:
          DOCKER_DRIVER: overlay2
          DEPLOY_TARGET:
            value: ""
            description: set per pipeline
        deploy:
          variables:
            REGION: eu-west-1
          script:
            - echo "$CI_COMMIT_SHA" "$REGISTRY_PASSWORD" "${REGION}"
            - echo '$QUOTED'  # $COMMENT
          rules:
            - if: $DEPLOY_ENABLED == "true"
    """)
    assert summary(discover_gitlab(load_documents(text), text, ".gitlab-ci.yml")) == {
        ("DOCKER_DRIVER", 2, True),
        ("DEPLOY_TARGET", 3, False),
        ("REGION", 8, True),
        ("REGISTRY_PASSWORD", 10, False),
        ("REGION", 10, True),
        ("DEPLOY_ENABLED", 13, False),
    }


def test_env_example() -> None:
    assert is_env_example(".env.example")
    assert is_env_example("api/.env.sample")
    assert is_env_example("prod.env.example")
    assert not is_env_example(".env")
    assert not is_env_example(".env.local")
    code = "# comment\nA=\nB=changeme\nC=info\nexport D='x y'\n"
    assert summary(discover_env_example(code, ".env.example")) == {
        ("A", 2, False),
        ("B", 3, False),
        ("C", 4, True),
        ("D", 5, True),
    }
