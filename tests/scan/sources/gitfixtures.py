"""Real git repositories built in temporary folders, with made-up secrets planted at known commits."""

from __future__ import annotations

import json
import os
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers import aws_key_id, github_style_token


class Git:
    """A repository under construction; every commit gets its own, increasing, date."""

    def __init__(self, path: Path, *, init: bool = True) -> None:
        self.path = path
        self.clock = 1_700_000_000
        if init:
            path.mkdir(parents=True, exist_ok=True)
            self("init", "-q", "-b", "main")
            self("config", "user.name", "Dev Eloper")
            self("config", "user.email", "dev@example.com")
            self("config", "commit.gpgsign", "false")

    def env(self) -> dict[str, str]:
        self.clock += 60
        date = f"{self.clock} +0000"
        return {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}

    def __call__(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run(
            ["git", "-C", str(self.path), *args], capture_output=True, text=True, env=self.env(), check=False
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout.strip()

    def write(self, name: str, text: str) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, **files: str | None) -> str:
        for key, text in files.items():
            name = key.replace("__", ".")
            if text is None:
                self("rm", "-q", name)
            else:
                self.write(name, text)
                self("add", name)
        self("commit", "-q", "--allow-empty", "-m", message)
        return self("rev-parse", "HEAD")


@dataclass
class History:
    """The planted repository: where each secret went in, and what the scan must say about it."""

    git: Git
    secrets: dict[str, str] = field(default_factory=dict)  # name -> secret
    first: dict[str, str] = field(default_factory=dict)  # name -> commit that introduced it
    at_head: dict[str, bool] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # name -> file it is reported in


def aws_pair(rng: random.Random) -> str:
    return aws_key_id(rng)


def build_history(root: Path, seed: int = 11) -> History:
    """Secrets in: an old commit later deleted, a renamed file, a merge resolution, a commit message, an
    unmerged branch, a tag only, HEAD, and one added twice (in two commits)."""
    rng = random.Random(seed)
    git = Git(root)
    h = History(git)
    names = ["deleted", "renamed", "merge", "message", "unmerged", "tag", "head", "twice"]
    for name in names:
        h.secrets[name] = github_style_token(rng) if name in {"merge", "message"} else aws_key_id(rng)
    s = h.secrets

    git.commit("initial", README__md="# app\n", app__py="print('hello')\n")
    # 1. an old commit, the file deleted later
    h.first["deleted"] = git.commit("add old config", old__cfg=f"[aws]\naws_access_key_id = {s['deleted']}\n")
    git.commit("remove old config", old__cfg=None)
    h.at_head["deleted"], h.files["deleted"] = False, "old.cfg"
    # 2. a file renamed later: the rename adds nothing; the secret is still at HEAD under the new name
    h.first["renamed"] = git.commit(
        "add settings", settings__env=f"AWS_ACCESS_KEY_ID={s['renamed']}\nDEBUG=0\n"
    )
    (git.path / "config").mkdir()
    git("mv", "settings.env", "config/prod.env")
    git.commit("move settings")
    h.at_head["renamed"], h.files["renamed"] = True, "settings.env"
    # 3. a merge whose conflict resolution brings a secret in
    git("checkout", "-q", "-b", "feature")
    git.commit("feature tweak", app__py="print('feature')\n")
    git("checkout", "-q", "main")
    git.commit("main tweak", app__py="print('main')\n")
    git("merge", "-q", "feature", "-m", "merge feature", check=False)
    git.write("app.py", f"print('merged')\nTOKEN = '{s['merge']}'\n")
    git("add", "app.py")
    git("commit", "-q", "--no-edit")
    h.first["merge"] = git("rev-parse", "HEAD")
    h.at_head["merge"], h.files["merge"] = True, "app.py"
    # 4. a commit message
    h.first["message"] = git.commit(f"rotate token\n\nold token was {s['message']}\n", notes__txt="rotated\n")
    h.at_head["message"], h.files["message"] = False, "<commit message>"
    # 5. a branch never merged
    git("checkout", "-q", "-b", "experiment")
    h.first["unmerged"] = git.commit("try keys", exp__ini=f"aws_access_key_id = {s['unmerged']}\n")
    git("checkout", "-q", "main")
    h.at_head["unmerged"], h.files["unmerged"] = False, "exp.ini"
    # 6. a commit reachable only from a tag
    git("checkout", "-q", "-b", "release-tmp")
    h.first["tag"] = git.commit("release build", build__cfg=f"aws_access_key_id={s['tag']}\n")
    git("tag", "-a", "v1.0", "-m", "release 1.0")
    git("checkout", "-q", "main")
    git("branch", "-q", "-D", "release-tmp")
    h.at_head["tag"], h.files["tag"] = False, "build.cfg"
    # 7. twice: added, removed, added again (two commits carry it)
    h.first["twice"] = git.commit("add ci key", ci__yml=f"key: {s['twice']}\n")
    git.commit("drop ci key", ci__yml="key: none\n")
    git.commit("restore ci key", ci__yml=f"key: {s['twice']}\n")
    h.at_head["twice"], h.files["twice"] = True, "ci.yml"
    # 8. HEAD
    h.first["head"] = git.commit("add deploy", deploy__sh=f"export AWS_ACCESS_KEY_ID={s['head']}\n")
    h.at_head["head"], h.files["head"] = True, "deploy.sh"
    return h


def by_secret(findings: list[dict[str, Any]], secret: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["secret"] == secret]


def read_json(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data
