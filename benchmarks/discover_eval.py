#!/usr/bin/env python3
"""How well `secretguard inventory discover` finds the runtime environment variables of real applications
(issue #16). Standard library only, plus PyYAML (a secretguard dependency) to read the truth files.

The truth is written by hand, one file per application, in benchmarks/discover_truth/<app>.yaml (see the
README there): the commit it was built from, the variables the running application reads (name, whether
it holds a secret, the default it falls back to), the names not scored either way (`debatable`) and how each
was decided. Apps marked `held_out: true` measure generalisation: never tune discovery on them.

For each app, `secretguard inventory discover APP --format json` is run on a plain tree of the app at that
commit (--apps-dir/<app>; --prepare extracts it from a bare mirror), the variables with scope "runtime" are
kept, and compared with the truth:

  recall      truth variables found / truth variables
  precision   found variables in the truth / found variables not in `debatable`
  secret      found truth variables whose secret label matches (those the truth does not judge left out)
  default     found non-secret truth variables whose default matches: the code's literal fallback, or none
              ("" counts as none: an empty default says nothing more than "optional"; true/false compared
              without case)
  wrong dflt  of those, how many got a default that is not the truth's (a wrong value an
              `export --format dotenv-example` would write)
  time        wall time of the discover run (one run, after one unreported warm-up run)

  python benchmarks/discover_eval.py                          # every app in benchmarks/discover_truth
  python benchmarks/discover_eval.py --app umami --details    # one app, with its misses and extras
  python benchmarks/discover_eval.py --prepare --mirror-root /work/.mirror --json out.json

Each app's tree is extracted (--prepare) from a bare mirror of its GitHub repository at
<mirror-root>/<owner>+<name>/repo, e.g. made with the `fetch` of github:<owner>/<name> (the truth file's
`repo:`): healthchecks/healthchecks, umami-software/umami, BookStackApp/BookStack, miniflux/v2,
maybe-finance/maybe, mealie-recipes/mealie, louislam/uptime-kuma, gotify/server,
sissbruecker/linkding, getmaxun/maxun, koel/koel, go-shiori/shiori, TandoorRecipes/recipes,
hoppscotch/hoppscotch, LinkStackOrg/LinkStack, mathesar-foundation/mathesar, docmost/docmost,
usememos/memos, babybuddy/babybuddy, monicahq/monica, saleor/saleor, paperless-ngx/paperless-ngx,
navidrome/navidrome, outline/outline, firefly-iii/firefly-iii, alexjustesen/speedtest-tracker,
getredash/redash, taigaio/taiga-back, lukevella/rallly, woodpecker-ci/woodpecker, snipe/snipe-it,
pixelfed/pixelfed, wger-project/wger, milesmcc/shynet, go-vikunja/vikunja, knadh/listmonk,
documenso/documenso, freescout-helpdesk/freescout, django-helpdesk/django-helpdesk, pocket-id/pocket-id,
linkwarden/linkwarden, InvoiceShelf/InvoiceShelf, dgtlmoon/changedetection.io, makeplane/plane,
mfts/papermark, baptisteArno/typebot.io, binwiederhier/ntfy, pterodactyl/panel, fief-dev/fief,
LibrePhotos/librephotos, thomiceli/opengist, solidtime-io/solidtime, formbricks/formbricks,
homarr-labs/homarr, thedevs-network/kutt, karakeep-app/karakeep, muety/wakapi, LycheeOrg/Lychee, CTFd/CTFd,
searxng/searxng, TwiN/gatus, janeczku/calibre-web, Kovah/LinkAce, kiwitcms/Kiwi, Flomp/wanderer,
usertour/usertour, netbox-community/netbox-docker, photoprism/photoprism, DefectDojo/django-DefectDojo,
akaunting/akaunting, langfuse/langfuse, openstatusHQ/openstatus.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TRUTH_DIR = HERE / "discover_truth"
APPS_DIR = Path("/work/realdata/discover")
MARKER = ".discover-eval-commit"  # written in each prepared tree: the commit it holds


@dataclass
class AppResult:
    app: str
    language: str
    held_out: bool
    commit: str
    truth: int
    found_runtime: int
    found_all: int
    true_positives: int
    recall: float
    precision: float
    secret_judged: int
    secret_correct: int
    default_judged: int
    default_correct: int
    default_wrong_value: int
    seconds: float
    files: int | None
    missed: list[str] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)
    secret_wrong: list[dict[str, Any]] = field(default_factory=list)
    default_wrong: list[dict[str, Any]] = field(default_factory=list)
    missed_elsewhere: dict[str, str] = field(default_factory=dict)  # found, but in another scope
    warning: str | None = None

    @property
    def secret_accuracy(self) -> float:
        return self.secret_correct / self.secret_judged if self.secret_judged else float("nan")

    @property
    def default_accuracy(self) -> float:
        return self.default_correct / self.default_judged if self.default_judged else float("nan")


def load_truth(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = [v["name"] for v in data["variables"]]
    if len(names) != len(set(names)):
        raise SystemExit(f"{path}: a variable is listed twice")
    overlap = set(names) & set(data.get("debatable") or [])
    if overlap:
        raise SystemExit(f"{path}: {sorted(overlap)} both scored and debatable")
    return dict(data)


def _norm_default(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    if text == "":
        return None
    return text.lower() if text.lower() in ("true", "false") else text


def prepare(app: str, truth: dict[str, Any], apps_dir: Path, mirror_root: Path) -> None:
    """Extract the app's tree at the truth's commit from a bare mirror (<owner>+<name>/repo): every blob
    that is present (a mirror may lack the largest ones), no symlinks, no .git."""
    target = apps_dir / app
    marker = target / MARKER
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == truth["commit"]:
        return
    git_dir = mirror_root / truth["repo"].replace("/", "+") / "repo"
    if not git_dir.is_dir():
        raise SystemExit(f"{app}: no mirror at {git_dir} (fetch github:{truth['repo']} first)")
    if target.exists():
        raise SystemExit(f"{app}: {target} exists at another commit; move it away first")
    listing = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", truth["commit"]],
        capture_output=True,
        check=True,
    ).stdout
    entries = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":
            entries.append((path.decode(), sha.decode()))
    with subprocess.Popen(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        missing = 0
        for rel, blob in entries:
            proc.stdin.write(blob.encode() + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) < 3 or header[1] == b"missing":
                missing += 1
                continue
            body = proc.stdout.read(int(header[2]))
            proc.stdout.read(1)
            out = target / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(body)
        proc.stdin.close()
    marker.write_text(truth["commit"] + "\n", encoding="utf-8")
    if missing:
        print(f"{app}: {missing} blob(s) missing from the mirror, left out", file=sys.stderr)


def run_discover(tree: Path) -> tuple[list[dict[str, Any]], float, int | None]:
    command = [sys.executable, "-m", "secretguard", "inventory", "discover", str(tree), "--format", "json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECRETGUARD_")}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"discover exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    files = None
    for line in done.stderr.splitlines():
        if line.startswith("secretguard inventory:") and " file(s)" in line:
            try:
                files = int(line.split(" in ", 1)[1].split()[0])
            except (IndexError, ValueError):
                files = None
    return json.loads(done.stdout), seconds, files


def evaluate(app: str, truth: dict[str, Any], apps_dir: Path, warm_up: bool = True) -> AppResult:
    tree = apps_dir / app
    warning = None
    marker = tree / MARKER
    if not tree.is_dir():
        raise SystemExit(f"{app}: no tree at {tree} (use --prepare)")
    if marker.exists() and marker.read_text(encoding="utf-8").strip() != truth["commit"]:
        warning = f"{tree} is at {marker.read_text(encoding='utf-8').strip()}, the truth at {truth['commit']}"
    if warm_up:
        run_discover(tree)
    found, seconds, files = run_discover(tree)
    runtime = {v["name"]: v for v in found if v.get("scope") == "runtime"}
    everywhere = {v["name"]: v for v in found}
    expected = {v["name"]: v for v in truth["variables"]}
    debatable = set(truth.get("debatable") or [])
    hits = sorted(set(runtime) & set(expected))
    extra = sorted(set(runtime) - set(expected) - debatable)
    missed = sorted(set(expected) - set(runtime))
    result = AppResult(
        app=app,
        language=truth["language"],
        held_out=bool(truth.get("held_out")),
        commit=truth["commit"],
        truth=len(expected),
        found_runtime=len(runtime),
        found_all=len(found),
        true_positives=len(hits),
        recall=len(hits) / len(expected) if expected else float("nan"),
        precision=len(hits) / (len(hits) + len(extra)) if hits or extra else float("nan"),
        secret_judged=0,
        secret_correct=0,
        default_judged=0,
        default_correct=0,
        default_wrong_value=0,
        seconds=seconds,
        files=files,
        missed=missed,
        extra=[{"name": n, "locations": runtime[n].get("locations", [])[:3]} for n in extra],
        missed_elsewhere={n: everywhere[n]["scope"] for n in missed if n in everywhere},
        warning=warning,
    )
    for name in hits:
        want, got = expected[name], runtime[name]
        if want.get("secret") is not None:
            result.secret_judged += 1
            if bool(got.get("secret")) == bool(want["secret"]):
                result.secret_correct += 1
            else:
                result.secret_wrong.append(
                    {"name": name, "truth": want["secret"], "found": got.get("secret")}
                )
        if want.get("secret") is False:
            result.default_judged += 1
            truth_default, found_default = (
                _norm_default(want.get("default")),
                _norm_default(got.get("default")),
            )
            if truth_default == found_default:
                result.default_correct += 1
            else:
                if found_default is not None:
                    result.default_wrong_value += 1
                result.default_wrong.append(
                    {"name": name, "truth": want.get("default"), "found": got.get("default")}
                )
    return result


def _pct(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{100 * value:.1f}%"


def table(results: list[AppResult]) -> str:
    head = (
        "| app | language | held out | truth | runtime found | recall | precision | secret acc. "
        "| default acc. | wrong dflt | time |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in results:
        lines.append(
            f"| {r.app} | {r.language} | {'yes' if r.held_out else 'no'} | {r.truth} | {r.found_runtime} "
            f"| {_pct(r.recall)} ({r.true_positives}/{r.truth}) "
            f"| {_pct(r.precision)} ({r.true_positives}/{r.true_positives + len(r.extra)}) "
            f"| {_pct(r.secret_accuracy)} ({r.secret_correct}/{r.secret_judged}) "
            f"| {_pct(r.default_accuracy)} ({r.default_correct}/{r.default_judged}) "
            f"| {r.default_wrong_value} | {r.seconds:.2f} s |"
        )
    for label, group in (
        ("tuned (not held out)", [r for r in results if not r.held_out]),
        ("held out", [r for r in results if r.held_out]),
        ("all", results),
    ):
        if not group:
            continue
        nan = float("nan")
        tp = sum(r.true_positives for r in group)
        truth = sum(r.truth for r in group)
        extra = sum(len(r.extra) for r in group)
        sj, sc = sum(r.secret_judged for r in group), sum(r.secret_correct for r in group)
        dj, dc = sum(r.default_judged for r in group), sum(r.default_correct for r in group)
        lines.append(
            f"| **{label}** | | | {truth} | {sum(r.found_runtime for r in group)} "
            f"| {_pct(tp / truth if truth else nan)} | {_pct(tp / (tp + extra) if tp + extra else nan)} "
            f"| {_pct(sc / sj if sj else nan)} | {_pct(dc / dj if dj else nan)} "
            f"| {sum(r.default_wrong_value for r in group)} | {sum(r.seconds for r in group):.2f} s |"
        )
    return "\n".join(lines) + "\n"


def details(result: AppResult) -> str:
    out = [f"## {result.app}"]
    if result.warning:
        out.append(f"WARNING: {result.warning}")
    out.append(f"missed ({len(result.missed)}): " + ", ".join(result.missed))
    if result.missed_elsewhere:
        out.append(
            "  of which found in another scope: "
            + ", ".join(f"{n} ({s})" for n, s in result.missed_elsewhere.items())
        )
    out.append(
        f"extra ({len(result.extra)}): "
        + ", ".join(f"{e['name']} {e['locations'][:1]}" for e in result.extra)
    )
    out.append(
        "secret label wrong: " + ", ".join(f"{w['name']} (truth {w['truth']})" for w in result.secret_wrong)
    )
    out.append(
        "default wrong: "
        + ", ".join(f"{w['name']} (truth {w['truth']!r}, found {w['found']!r})" for w in result.default_wrong)
    )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--apps-dir", type=Path, default=APPS_DIR, help="folder of the apps' trees (one per app)"
    )
    parser.add_argument("--truth-dir", type=Path, default=TRUTH_DIR)
    parser.add_argument("--app", action="append", help="only this app (repeatable)")
    parser.add_argument(
        "--prepare", action="store_true", help="extract missing trees from --mirror-root first"
    )
    parser.add_argument("--mirror-root", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--no-warm-up", action="store_true", help="skip the unreported first run of each app")
    parser.add_argument("--details", action="store_true", help="also list each app's misses and extras")
    parser.add_argument("--json", type=Path, help="write every result here")
    args = parser.parse_args(argv)

    truths = {p.stem: load_truth(p) for p in sorted(args.truth_dir.glob("*.yaml"))}
    if args.app:
        unknown = set(args.app) - set(truths)
        if unknown:
            raise SystemExit(f"no truth for {sorted(unknown)}")
        truths = {k: v for k, v in truths.items() if k in args.app}
    results = []
    for app, truth in truths.items():
        if args.prepare:
            prepare(app, truth, args.apps_dir, args.mirror_root)
        results.append(evaluate(app, truth, args.apps_dir, warm_up=not args.no_warm_up))
    print(table(results))
    if args.details:
        for result in results:
            print(details(result))
    for result in results:
        if result.warning:
            print(f"WARNING: {result.warning}", file=sys.stderr)
    if args.json:
        payload = {
            "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
            "python": sys.version.split()[0],
            "results": [
                {**asdict(r), "secret_accuracy": r.secret_accuracy, "default_accuracy": r.default_accuracy}
                for r in results
            ],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
