#!/usr/bin/env python3
"""Build the CI-log fixtures from real tool output, with or without planted secrets.

`raw/` holds the real output of `pip install -v`, `npm install --verbose`, `git clone -v --progress` and
`curl -v` run under `bash -x` (re-capture with `raw/capture.sh raw`). This script wraps them the way each CI
writes its logs (GitHub Actions timestamps, groups and colour; a GitLab trace with sections, ANSI and CR
progress lines; a GitHub run-log archive; Jenkins console text; CircleCI step output) and plants made-up
secrets in the forms that leak in CI logs. With `planted=False` every secret is replaced by `***`, as the CI
masks it: the same logs must then produce no finding at all.

    python tests/assets/ci_logs/make_fixtures.py            # rewrite the fixtures and expected.json here

Every secret comes from a seeded RNG: random characters in the provider's format (with a valid checksum
where the format has one). None is, or ever was, a real credential.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import random
import string
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
ALNUM = string.ascii_letters + string.digits
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
MASK = "***"
ESC = "\x1b"


# --- made-up secrets ------------------------------------------------------------------------------------


def _rand(rng: random.Random, alphabet: str, size: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(size))


def _base62(number: int, width: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 62)
        digits = BASE62[rest] + digits
    return digits.rjust(width, "0")


def _checksummed(rng: random.Random, prefix: str) -> str:
    body = _rand(rng, ALNUM, 30)
    return f"{prefix}{body}{_base62(zlib.crc32(body.encode()), 6)}"


def _pem(rng: random.Random) -> list[str]:
    body = base64.b64encode(bytes(rng.randrange(256) for _ in range(290))).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return ["-----BEGIN RSA PRIVATE KEY-----", *lines, "-----END RSA PRIVATE KEY-----"]


@dataclass(frozen=True)
class Secrets:
    github: str
    npm: str
    aws_id: str
    slack: str
    bearer: str
    url_password: str
    pip_password: str
    curl_password: str
    basic_password: str
    docker_password: str
    stdin_password: str
    build_arg: str
    env_phrase: str
    db_password: str
    mask_value: str
    encoded_token: str
    gitlab_token_head: str
    gitlab_token_tail: str
    pem: tuple[str, ...]

    @staticmethod
    def make(seed: int = 20240501) -> Secrets:
        rng = random.Random(seed)
        words = ["lantern", "Quiver", "mosaic", "Harbor", "tundra", "Ember", "velvet", "Cobalt"]
        rng.shuffle(words)
        return Secrets(
            github=_checksummed(rng, "ghp_"),
            npm=_checksummed(rng, "npm_"),
            aws_id="AKIA" + _rand(rng, string.ascii_uppercase + "234567", 16),
            slack="-".join(
                (
                    "xoxb",
                    str(rng.randrange(10**11, 10**12)),
                    str(rng.randrange(10**12, 10**13)),
                    _rand(rng, ALNUM, 24),
                )
            ),
            bearer=_rand(rng, ALNUM, 40),
            url_password=_rand(rng, ALNUM, 20),
            pip_password=_rand(rng, ALNUM, 18),
            curl_password=_rand(rng, ALNUM, 14),
            basic_password=_rand(rng, ALNUM, 16),
            docker_password=_rand(rng, ALNUM, 22),
            stdin_password=_rand(rng, ALNUM, 22),
            build_arg=_rand(rng, ALNUM, 24),
            env_phrase=" ".join(words[:4]) + f" {rng.randrange(10, 99)}",
            db_password=_rand(rng, ALNUM, 16),
            mask_value=_rand(rng, ALNUM, 24),
            encoded_token=_checksummed(rng, "ghp_"),
            gitlab_token_head=_rand(rng, ALNUM, 10),
            gitlab_token_tail=_rand(rng, ALNUM, 12),
            pem=tuple(_pem(rng)),
        )


# --- the job, independent of the CI that logs it --------------------------------------------------------


@dataclass
class Plant:
    rule_id: str
    secret: str


@dataclass
class Line:
    text: str
    plants: list[Plant] = field(default_factory=list)


@dataclass
class Step:
    name: str
    script: list[str]  # the step's script as the CI shows it before running it
    output: list[Line]
    script_plants: list[Plant] = field(default_factory=list)  # found on the script's first line


def _raw(name: str) -> list[str]:
    return (RAW / f"{name}.txt").read_text(encoding="utf-8").split("\n")[:-1]


def build_steps(s: Secrets, planted: bool) -> dict[str, list[Step]]:
    """Jobs and their steps. `v(x)` is the secret in the planted logs and `***` in the clean ones."""

    def v(secret: str) -> str:
        return secret if planted else MASK

    def p(rule_id: str, secret: str) -> list[Plant]:
        return [Plant(rule_id, secret)] if planted else []

    basic = base64.b64encode(f"deploy:{s.basic_password}".encode()).decode()
    encoded = base64.b64encode(json.dumps({"token": s.encoded_token}).encode()).decode()
    pip_out = _raw("pip")[1:]
    npm_out = _raw("npm")
    git_out = _raw("git")[1:]
    curl_out = _raw("curl")[1:]
    request_end = curl_out.index("> Accept: */*") + 1
    curl_headers = [Line(f"> Authorization: Bearer {v(s.bearer)}", p("http-bearer-token", s.bearer))]
    pem_lines = [Line(text) for text in s.pem] if planted else [Line(MASK)]
    if planted:
        pem_lines[0].plants.append(Plant("private-key", "\n".join(s.pem)))
    build = [
        Step(
            "Run pip install -v six",
            ["pip install -v six"],
            [
                Line(
                    "+ pip install -v --index-url "
                    f"https://ci-bot:{v(s.pip_password)}@pypi.internal.example.io/simple six",
                    p("url-credentials", s.pip_password),
                ),
                *(Line(t) for t in pip_out),
            ],
        ),
        Step(
            "Run npm install is-number",
            ["npm config set //registry.npmjs.org/:_authToken=$NPM_TOKEN", "npm install --verbose is-number"],
            [
                Line(
                    f"+ npm config set //registry.npmjs.org/:_authToken={v(s.npm)}",
                    p("npm-auth-token", s.npm),
                ),
                *(Line(t) for t in npm_out),
            ],
        ),
        Step(
            "Run git clone",
            ['git clone -v --progress "https://ci-bot:$GIT_PASSWORD@git.example.io/org/repo.git"'],
            [
                Line(
                    f"+ git clone -v --progress https://ci-bot:{v(s.url_password)}@git.example.io/org/repo.git",
                    p("url-credentials", s.url_password),
                ),
                *(Line(t) for t in git_out),
            ],
        ),
        Step(
            "Run curl",
            ['curl -v -H "Authorization: Bearer $API_TOKEN" http://127.0.0.1:46557/'],
            [
                Line(
                    f"+ curl -v -H 'Authorization: Bearer {v(s.bearer)}' http://127.0.0.1:46557/",
                    p("http-bearer-token", s.bearer),
                ),
                *(Line(t) for t in curl_out[:request_end]),
                *curl_headers,
                *(Line(t) for t in curl_out[request_end:]),
                Line(
                    f"+ curl -sS -u deploy:{v(s.curl_password)} https://artifacts.example.io/upload",
                    p("curl-user-password", s.curl_password),
                ),
                Line(f"> Authorization: Basic {v(basic)}", p("http-basic-auth-header", basic)),
                Line(f"##[debug]Request payload: {v(encoded)}", p("github-pat", s.encoded_token)),
                Line("+ curl -sS -H 'Authorization: Bearer ***' https://api.example.io/v1/status"),
                Line('{"status":"ok"}'),
            ],
        ),
        Step(
            "Run printenv",
            ["printenv | sort"],
            [
                Line("+ printenv"),
                Line("+ sort"),
                Line(f"AWS_ACCESS_KEY_ID={v(s.aws_id)}", p("aws-access-key-id", s.aws_id)),
                Line("CI=true"),
                Line(f"DB_PASSWORD={v(s.env_phrase)}", p("log-env-dump-secret", s.env_phrase)),
                Line(f"GITHUB_TOKEN={v(s.github)}", p("github-pat", s.github)),
                Line("HOME=/home/runner"),
                Line("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                Line("RUNNER_OS=Linux"),
                Line(f"SLACK_BOT_TOKEN={v(s.slack)}", p("slack-bot-token", s.slack)),
                Line("password=***"),
                Line(
                    f'declare -x POSTGRES_PASSWORD="{v(s.db_password)}"',
                    p("generic-secret-assignment", s.db_password),
                ),
            ],
        ),
        Step(
            "Run cat deploy_key.pem",
            ["cat deploy_key.pem"],
            [Line("+ cat deploy_key.pem"), *pem_lines],
        ),
        Step(
            "Run session",
            ['echo "session $SESSION_ID"'],
            [Line(f"+ echo 'session {v(s.mask_value)}'"), Line(f"session {v(s.mask_value)}")],
        ),
    ]
    if planted:
        build[-1].output[0].plants.append(Plant("log-unmasked-value", s.mask_value))
        build[-1].output[1].plants.append(Plant("log-unmasked-value", s.mask_value))
    deploy = [
        Step(
            "Run register mask",
            ['echo "::add-mask::$SESSION_ID"'],
            [Line(f"+ echo '::add-mask::{v(s.mask_value)}'"), Line("session id registered: ***")],
        ),
        Step(
            "Run docker login",
            [f'echo "{v(s.stdin_password)}" | docker login -u ci-bot --password-stdin registry.example.io'],
            [
                Line(f"+ echo {v(s.stdin_password)}"),
                Line("+ docker login -u ci-bot --password-stdin registry.example.io"),
                Line("Login Succeeded"),
                Line(
                    f"+ docker login -u ci-bot -p {v(s.docker_password)} registry.example.io",
                    p("log-docker-login-password", s.docker_password),
                ),
                Line("WARNING! Using --password via the CLI is insecure. Use --password-stdin."),
                Line("Login Succeeded"),
                Line(
                    f"+ docker build --build-arg NPM_TOKEN={v(s.build_arg)} -t registry.example.io/app .",
                    p("generic-secret-assignment", s.build_arg),
                ),
                Line('#0 building with "default" instance using docker driver'),
                Line("#1 [internal] load build definition from Dockerfile"),
                Line("#1 DONE 0.0s"),
            ],
            script_plants=p("log-docker-password-stdin-echo", s.stdin_password),
        ),
    ]
    return {"build": build, "deploy": deploy}


# --- CI renderings --------------------------------------------------------------------------------------


@dataclass
class Expected:
    file: str
    line: int
    rule_id: str
    secret: str
    job: str | None
    step: str | None


class Writer:
    """Lines of one log file, and the planted secrets with their line numbers in it."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: list[str] = []
        self.expected: list[Expected] = []

    def add(
        self, text: str, plants: list[Plant] | None = None, job: str | None = None, step: str | None = None
    ) -> None:
        self.lines.append(text)
        for plant in plants or []:
            self.expected.append(Expected(self.file, len(self.lines), plant.rule_id, plant.secret, job, step))

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.UTC)

    def stamp(self) -> str:
        self.now += dt.timedelta(microseconds=12346)
        return self.now.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def _github_step(
    w: Writer, clock: Clock, step: Step, job: str | None, step_name: str | None, fixed: str | None
) -> None:
    """One step as GitHub's runner logs it: group with the script in cyan, then the output."""
    where = fixed or step_name
    w.add(f"{clock.stamp()} ##[group]{step.name}", [], job, where)
    for index, line in enumerate(step.script):
        w.add(
            f"{clock.stamp()} {ESC}[36;1m{line}{ESC}[0m", step.script_plants if index == 0 else [], job, where
        )
    w.add(f"{clock.stamp()} shell: /usr/bin/bash -e {{0}}", [], job, where)
    w.add(f"{clock.stamp()} ##[endgroup]", [], job, where)
    for out in step.output:
        w.add(f"{clock.stamp()} {out.text}", out.plants, job, where)


def github_job_log(steps: list[Step], file: str, job: str | None) -> Writer:
    w = Writer(file)
    clock = Clock()
    w.add(f"\ufeff{clock.stamp()} Current runner version: '2.317.0'", [], job, None)
    w.add(f"{clock.stamp()} ##[group]Operating System", [], job, "Operating System")
    w.add(f"{clock.stamp()} Ubuntu", [], job, "Operating System")
    w.add(f"{clock.stamp()} 22.04.4", [], job, "Operating System")
    w.add(f"{clock.stamp()} ##[endgroup]", [], job, "Operating System")
    for step in steps:
        _github_step(w, clock, step, job, step.name, None)
    w.add(f"{clock.stamp()} Cleaning up orphan processes", [], job, steps[-1].name)
    return w


def github_step_log(step: Step, file: str, job: str) -> Writer:
    w = Writer(file)
    clock = Clock()
    _github_step(w, clock, step, job, None, step.name)
    w.lines[0] = "\ufeff" + w.lines[0]
    return w


def gitlab_trace(steps: list[Step], file: str) -> Writer:
    """A GitLab job trace: sections with `\\r\\e[0K` markers, coloured `$ command` lines, CR progress."""
    w = Writer(file)
    t = 1714564800
    w.add(f"{ESC}[0KRunning with gitlab-runner 16.11.0 (91a27b2a){ESC}[0;m")
    w.add(
        f"section_start:{t}:prepare_executor\r{ESC}[0K{ESC}[0K"
        f'{ESC}[36;1mPreparing the "docker" executor{ESC}[0;m',
        [],
        None,
        "prepare_executor",
    )
    w.add(f"{ESC}[0KUsing Docker executor with image python:3.12 ...{ESC}[0;m", [], None, "prepare_executor")
    w.add(
        f"section_end:{t + 3}:prepare_executor\r{ESC}[0Ksection_start:{t + 3}:step_script\r{ESC}[0K"
        f'{ESC}[0K{ESC}[36;1mExecuting "step_script" stage of the job script{ESC}[0;m',
        [],
        None,
        "step_script",
    )
    for index, step in enumerate(steps):
        name = f"section_script_step_{index}"
        first = step.script[0]
        w.add(
            f"section_start:{t + 4 + index}:{name}[hide_duration=true,collapsed=true]\r{ESC}[0K"
            f"{ESC}[32;1m$ {first}{ESC}[0;m",
            step.script_plants,
            None,
            name,
        )
        for line in step.script[1:]:
            w.add(f"{ESC}[32;1m$ {line}{ESC}[0;m", [], None, name)
        for out in step.output:
            w.add(out.text, out.plants, None, name)
        w.add(f"section_end:{t + 5 + index}:{name}\r{ESC}[0K", [], None, "step_script")
    w.add(f"section_end:{t + 60}:step_script\r{ESC}[0K", [], None, None)
    w.add(f"{ESC}[32;1mJob succeeded{ESC}[0;m", [], None, None)
    return w


def gitlab_timestamped(s: Secrets, planted: bool, file: str) -> Writer:
    """GitLab with FF_TIMESTAMPS: each line `stamp 00O `; `00O+` continues a line the runner split."""
    w = Writer(file)
    head, tail = (s.gitlab_token_head, s.gitlab_token_tail) if planted else (MASK, "")
    w.add("2024-05-01T12:00:00.000001Z 00O Running with gitlab-runner 17.0.0 (44feccdf)")
    w.add(
        f"2024-05-01T12:00:00.100000Z 00O section_start:1714564800:step_script\r{ESC}[0K"
        'Executing "step_script" stage',
        [],
        None,
        "step_script",
    )
    w.add(f"2024-05-01T12:00:00.200000Z 00O {ESC}[32;1m$ ./deploy.sh{ESC}[0;m", [], None, "step_script")
    w.add(
        f"2024-05-01T12:00:00.300000Z 01E deploy: using API_TOKEN={head}",
        [Plant("generic-secret-assignment", head + tail)] if planted else [],
        None,
        "step_script",
    )
    w.add(f"2024-05-01T12:00:00.300001Z 01E+{tail}", [], None, "step_script")
    w.add("2024-05-01T12:00:00.400000Z 00O done", [], None, "step_script")
    w.add(f"2024-05-01T12:00:00.500000Z 00O section_end:1714564801:step_script\r{ESC}[0K", [], None, None)
    return w


def jenkins_console(steps: list[Step], file: str) -> Writer:
    w = Writer(file)
    w.add("Started by user ci-admin")
    w.add("[Pipeline] Start of Pipeline")
    w.add("[Pipeline] node")
    w.add("Running on agent-7 in /var/lib/jenkins/workspace/app")
    w.add("[Pipeline] {")
    for step in steps:
        stage = step.name.removeprefix("Run ").split(" ")[0].capitalize()
        w.add("[Pipeline] stage", [], None, None)
        w.add(f"[Pipeline] {{ ({stage})", [], None, stage)
        w.add("[Pipeline] sh", [], None, stage)
        for line in step.output:
            # No ::add-mask:: in this run (the deploy job is not in it): nothing is reported as unmasked.
            plants = [p for p in line.plants if p.rule_id != "log-unmasked-value"]
            w.add(line.text, plants, None, stage)
        w.add("[Pipeline] }", [], None, None)
        w.add("[Pipeline] // stage", [], None, None)
    w.add("[Pipeline] }")
    w.add("[Pipeline] // node")
    w.add("[Pipeline] End of Pipeline")
    w.add("Finished: SUCCESS")
    return w


def circleci_output(step: Step, file: str) -> Writer:
    w = Writer(file)
    w.add("#!/bin/bash -eo pipefail")
    for index, line in enumerate(step.script):
        w.add(line, step.script_plants if index == 0 else [])
    for out in step.output:
        w.add(out.text, out.plants)
    return w


def build(out: Path, planted: bool = True) -> list[Expected]:
    """Write every fixture into `out`; return the planted secrets (empty when not planted)."""
    secrets = Secrets.make()
    jobs = build_steps(secrets, planted)
    out.mkdir(parents=True, exist_ok=True)
    writers = [
        github_job_log(jobs["build"] + jobs["deploy"], "github_job.log", None),
        gitlab_trace(jobs["build"] + jobs["deploy"], "gitlab_job.log"),
        gitlab_timestamped(secrets, planted, "gitlab_timestamps.log"),
        jenkins_console(jobs["build"], "jenkins_console.log"),
        circleci_output(jobs["deploy"][1], "circleci_step.log"),
    ]
    expected: list[Expected] = []
    for w in writers:
        (out / w.file).write_bytes(w.text().encode("utf-8"))
        expected += w.expected
    # The run-log archive as GitHub serves it: job folders of step logs, and each whole job log beside them.
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for number, (job, steps) in enumerate(jobs.items()):
            whole = github_job_log(steps, f"run.zip!{number}_{job}.txt", job)
            zf.writestr(zipfile.ZipInfo(f"{number}_{job}.txt", (2024, 5, 1, 12, 0, 0)), whole.text())
            for index, step in enumerate(steps, start=1):
                member = f"{job}/{index}_{step.name}.txt"
                w = github_step_log(step, f"run.zip!{member}", job)
                zf.writestr(zipfile.ZipInfo(member, (2024, 5, 1, 12, 0, 0)), w.text())
                expected += w.expected
    (out / "run.zip").write_bytes(archive.getvalue())
    return expected


def main() -> int:
    expected = build(HERE, planted=True)
    rows = [e.__dict__ for e in expected]
    (HERE / "expected.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(f"{len(rows)} planted secrets in {HERE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
