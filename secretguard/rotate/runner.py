"""Carrying out rotations step by step, each step journaled, each resumable.

Every step first asks the remote side whether it already happened (a write that landed before the run was
killed, a key created but not yet recorded), so running again after a crash finishes the rotation instead of
starting a second one. The old credential is touched only after the new one is stored and verified.

Generated secret: begin → prepare → store → verify → (promote, Secrets Manager) → done
IAM access key:   begin → create → store → verify → (promote) → deactivate old → delete old (after grace)

Two runs from two copies of the inventory (two journals) never both rotate: from `begin` until its new value
is stored and verified a rotation claims the place (where the store needs a claim), and every write requires
the version and value the rotation began from (see store_writes.py). The loser records a `conflict`, undoes
what it did (a pending version withdrawn, an unused IAM key deleted) and fails; the `*_PREVIOUS` key written
is always the value of the version the rotation began from, the one running apps use.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from secretguard.errors import SecretGuardError
from secretguard.inventory.model import AwsConnection
from secretguard.inventory.stores import Clients
from secretguard.rotate.faults import fault_point as _fault
from secretguard.rotate.generate import new_secret
from secretguard.rotate.iam import Iam, arn_user, mask_key_id
from secretguard.rotate.journal import Journal, Rotation
from secretguard.rotate.store_writes import (
    ConflictError,
    Current,
    Expected,
    Place,
    PlaceError,
    Write,
    conflict,
)
from secretguard.rotate.targets import Target
from secretguard.scan.finding import secret_hash

# What became of a target in this run: `planned` (dry run), `rotated`, `waiting` (an old IAM key inactive
# until the grace period ends), `unchanged` (the store no longer holds the leaked value), `failed`, `conflict`
# (lost a race with another run). The strings are the `state` field of `rotate --format json`.
RotationState = Literal["planned", "rotated", "waiting", "unchanged", "failed", "conflict"]


@dataclass
class RotationResult:
    """What one run did to one target: its state, where, each action and every value written."""

    target: Target
    state: RotationState
    place: str | None = None
    actions: list[str] = field(default_factory=list)
    detail: str = ""
    writes: list[Write] = field(default_factory=list)  # every value this run wrote

    @property
    def failed(self) -> bool:
        return self.state in ("failed", "conflict")

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target.ident,
            "environment": self.target.environment,
            "variable": self.target.variable,
            "kind": self.target.kind,
            "state": self.state,
            "place": self.place,
            "actions": self.actions,
            "writes": [w.to_dict() for w in self.writes],
            "detail": self.detail,
            "reason": self.target.reason,
        }


@dataclass
class RotateSettings:
    """The `rotate` options the rotator acts on (the scan settings are secretguard/settings.py's)."""

    apply: bool = False
    grace: timedelta = timedelta(days=7)
    verify_wait: float = 60.0
    again: bool = False  # rotate a target again although its last rotation finished
    restart: bool = False  # abandon an unfinished rotation and start over


class Rotator:
    def __init__(
        self,
        journal: Journal,
        clients: Clients,
        settings: RotateSettings,
        place_of: Callable[[Target], Place],
        aws_of: Callable[[Target], AwsConnection],
    ) -> None:
        self.journal, self.clients, self.settings = journal, clients, settings
        self.place_of, self.aws_of = place_of, aws_of
        self._fresh: dict[str, tuple[str, str]] = {}  # rotation id -> new values held by this process only
        # target -> the hashes of its values when the run started
        self._surveyed: dict[str, dict[str, str | None]] = {}

    def survey(self, targets: Sequence[Target]) -> None:
        """Read what each target holds before rotating any. A run rotates what it found when it started: a
        value that changes while it rotates others was rotated by someone else (another checkout's run), and
        this run stops there rather than rotate it a second time."""
        for target in targets:
            rotation = self.journal.current(target.ident)
            if rotation is not None and not rotation.finished and not self.settings.restart:
                continue  # an unfinished rotation plans from its own `begin`
            try:
                current = self.place_of(target).current()
            except SecretGuardError:
                continue  # reported when its turn comes
            self._surveyed[target.ident] = {n: current.hashes.get(n) for n in target.variables}

    def run(self, target: Target) -> RotationResult:
        outcome = RotationResult(target, "failed")
        try:
            place = self.place_of(target)
            outcome.place = place.label
            self._run(target, place, outcome)
        except SecretGuardError as exc:
            outcome.state = "conflict" if isinstance(exc, ConflictError) else "failed"
            outcome.detail = exc.message + (f" ({exc.hint})" if exc.hint else "")
        return outcome

    # --- shared ------------------------------------------------------------------------------------------

    def _run(self, target: Target, place: Place, outcome: RotationResult) -> None:
        rotation = self.journal.current(target.ident)
        if rotation is not None and not rotation.finished and self.settings.restart and self.settings.apply:
            begun = rotation.last("begin")
            if begun is not None and begun.get("place") == place.label:
                place.release(self._expected(target, rotation))  # its claim would stop the new rotation
            self.journal.record(rotation, "abandoned", why="--restart")
            outcome.actions.append("abandoned the unfinished rotation")
            rotation = None
        done = rotation.last("done") if rotation is not None and rotation.finished else None
        if rotation is not None and rotation.finished:
            if done is not None and not self.settings.again and target.leaked_hash is None:
                outcome.state = "rotated"
                outcome.detail = f"already rotated at {done['ts']} (--again to rotate anew)"
                return
            rotation = None
        if rotation is None:
            current = place.current()
            surveyed = self._surveyed.get(target.ident, {})
            changed = [n for n, h in surveyed.items() if current.hashes.get(n) != h]
            if changed:
                raise conflict(
                    f"{place.named(changed)} changed after this run started: someone else rotated it "
                    "meanwhile; this run wrote nothing",
                    hint="check the store; run again to rotate it once more if it still needs it",
                )
            if target.leaked_hash is not None:
                holder = target.leaked_variable or target.variable
                if current.hashes.get(holder) != target.leaked_hash:
                    outcome.state = "rotated" if done is not None else "unchanged"
                    outcome.detail = f"{place.where(holder)} no longer holds the leaked value" + (
                        f": rotated at {done['ts']}" if done is not None else ": nothing to rotate"
                    )
                    return
            if not self.settings.apply:
                outcome.state = "planned"
                outcome.actions = self._planned(target, place)
                return
            rotation = self.journal.start(target.ident)
            begin = self._begin(target, place, current)
            _fault("begin:before")
            self.journal.record(rotation, "begin", **begin)
            _fault("begin:after")
            outcome.actions.append(f"began at {place.label} (version {place.show_version(current.version)})")
        elif not self.settings.apply:
            outcome.state = "planned"
            outcome.actions = [f"resume the unfinished rotation begun {rotation.events[0]['ts']}"]
            return
        begin_record = rotation.last("begin")
        if begin_record is None or begin_record.get("place") != place.label:
            raise PlaceError(
                f"the journal's unfinished rotation of {target.ident} is for "
                f"{(begin_record or {}).get('place')}, not {place.label}",
                hint="restore the inventory, or run again with --restart",
            )
        try:
            if not rotation.has("released"):
                place.claim(self._expected(target, rotation))
            if target.kind == "aws-iam-access-key":
                self._iam(target, place, rotation, outcome)
            else:
                self._generated(target, place, rotation, outcome)
        except ConflictError as exc:
            # The loser of a race: say so in the journal and withdraw the claim. What it wrote is undone by
            # the place (or, an IAM key it created, by _iam); the rotation stays open until --restart.
            self.journal.record(rotation, "conflict", detail=exc.message)
            try:
                place.release(self._expected(target, rotation))
            except PlaceError:
                outcome.actions.append("could not remove this run's claim: the next run removes it")
            raise

    def _begin(self, target: Target, place: Place, current: Current) -> dict[str, Any]:
        record: dict[str, Any] = {
            "place": place.label,
            "where": place.where(target.variable),
            "kind": target.kind,
            "old_version": current.version,
            "old_hash": current.hashes.get(target.variable),
        }
        if target.key_id_variable:
            _, values = place.read(current.version)
            key_id = values.get(target.key_id_variable)
            if not key_id:
                raise PlaceError(f"{place.where(target.key_id_variable)} holds no access key id")
            user = target.spec.iam_user or Iam(self.aws_of(target), self.clients.aws).owner(key_id)
            record |= {
                "iam_user": user,
                "old_key": mask_key_id(key_id),
                "old_key_hash": secret_hash(key_id),
                "old_key_id_hash": current.hashes.get(target.key_id_variable),
            }
        return record

    def _planned(self, target: Target, place: Place) -> list[str]:
        where = place.where(target.variable)
        if target.kind == "aws-iam-access-key":
            steps = [
                "create a new IAM access key for the old key's user",
                f"store it at {where} and {place.where(target.key_id_variable or '')}"
                + (" as AWSPENDING" if place.staged else " as a new version"),
                "verify the stored key with STS GetCallerIdentity",
            ]
            steps += ["promote AWSPENDING to AWSCURRENT"] if place.staged else []
            return [
                *steps,
                "deactivate the old key",
                f"delete the old key {self.settings.grace} after deactivation",
            ]
        steps = [
            f"generate {target.spec.length} {target.spec.alphabet} characters",
            f"store them at {where}" + (" as AWSPENDING" if place.staged else " as a new version (old kept)"),
            *(
                [f"keep the old value at {place.where(target.spec.previous)} (dual-key overlap)"]
                if target.spec.previous
                else []
            ),
            "verify the stored value by hash",
        ]
        return [*steps, "promote AWSPENDING to AWSCURRENT"] if place.staged else steps

    def _expected(self, target: Target, rotation: Rotation) -> Expected:
        """What the place must hold before a write: the version and values the rotation began from, or one
        of this rotation's own new values (an SSM pair half-written by a run that died)."""
        begin = rotation.last("begin")
        assert begin is not None
        hashes: dict[str, str | None] = {target.variable: begin.get("old_hash")}
        own: dict[str, set[str]] = {target.variable: set()}
        if target.key_id_variable:
            hashes[target.key_id_variable] = begin.get("old_key_id_hash")
            own[target.key_id_variable] = set()
        tokens: list[str] = []
        for record in rotation.events:
            if record["event"] in ("prepared", "created"):
                own[target.variable].add(record["new_hash"])
                tokens.append(record["token"])
            if record["event"] == "created" and target.key_id_variable:
                own[target.key_id_variable].add(record["new_key_hash"])
        return Expected(begin.get("old_version"), hashes, own, rotation.rotation_id, tuple(tokens))

    def _stored(
        self,
        place: Place,
        rotation: Rotation,
        outcome: RotationResult,
        version: str | None,
        fresh: bool,
        writes: tuple[Write, ...] = (),
    ) -> None:
        """Journal the write (this run's, listed; or one a run that died made, found in the store)."""
        if fresh:
            outcome.writes += writes
            outcome.actions += [w.describe() for w in writes]
        else:
            outcome.actions.append(
                f"found the write of a run that died at {place.label} (version {place.show_version(version)})"
            )
        self.journal.record(rotation, "stored", version=version, writes=[w.to_dict() for w in writes])

    def _release(self, place: Place, target: Target, rotation: Rotation) -> None:
        """The new value is stored and verified (and current): the claim has done its work."""
        if not rotation.has("released"):
            place.release(self._expected(target, rotation))
            self.journal.record(rotation, "released")

    def _landed(self, place: Place, token: str, wanted: dict[str, str]) -> str | None:
        """The version holding exactly `wanted` hashes, when a write with `token` landed."""
        if place.staged:
            version = place.written(token)
            if version is None:
                return None
            current = place.at(version)
        else:
            current = place.current()
        if all(current.hashes.get(n) == h for n, h in wanted.items()):
            return current.version
        return None

    def _verify_and_promote(
        self,
        place: Place,
        rotation: Rotation,
        outcome: RotationResult,
        check: Callable[[str], str],
        expected: Expected,
    ) -> str:
        stored = rotation.last("stored")
        assert stored is not None
        version = str(stored["version"])
        if not rotation.has("verified"):
            _fault("verify:before")
            proof = check(version)
            _fault("verify:after")
            self.journal.record(rotation, "verified", proof=proof)
            outcome.actions.append(f"verified: {proof}")
        if place.staged and not rotation.has("promoted"):
            _fault("promote:before")
            place.promote(version, expected)
            _fault("promote:after")
            self.journal.record(rotation, "promoted", version=version)
            outcome.actions.append(f"promoted version {version} to AWSCURRENT")
        return version

    # --- generated secrets -------------------------------------------------------------------------------

    def _generated(self, target: Target, place: Place, rotation: Rotation, outcome: RotationResult) -> None:
        begin = rotation.last("begin")
        assert begin is not None
        name = target.variable
        if not rotation.has("stored"):
            prepared = rotation.last("prepared")
            version = None
            if prepared is not None:
                version = self._landed(place, prepared["token"], {name: prepared["new_hash"]})
            if version is None:
                fresh = self._fresh.get(rotation.rotation_id)
                if prepared is None or fresh is None:  # nothing prepared, or its value died with a run
                    value = new_secret(target.spec.length, target.spec.alphabet)
                    token = uuid.uuid4().hex
                    _fault("prepare:before")
                    prepared = self.journal.record(
                        rotation, "prepared", token=token, new_hash=secret_hash(value)
                    )
                    _fault("prepare:after")
                    self._fresh[rotation.rotation_id] = (token, value)
                token, value = self._fresh[rotation.rotation_id]
                _fault("store:before")
                copies = {target.spec.previous: name} if target.spec.previous else None
                written = place.write({name: value}, self._expected(target, rotation), token, copies)
                _fault("store:after")
                self._stored(place, rotation, outcome, written.version, True, written.writes)
            else:
                self._stored(place, rotation, outcome, version, False)

        def check(version: str) -> str:
            prepared = rotation.last("prepared")
            assert prepared is not None
            hashes = place.at(version).hashes
            previous = target.spec.previous
            if previous and hashes.get(previous) != begin.get("old_hash"):
                raise PlaceError(f"{place.where(previous)} does not hold the previous value")
            if hashes.get(name) != prepared["new_hash"]:
                raise PlaceError(
                    f"{place.where(name)} version {place.show_version(version)} does not hold the new value"
                )
            return (
                f"{place.where(name)} version {place.show_version(version)} holds the new value (hash match)"
            )

        version = self._verify_and_promote(place, rotation, outcome, check, self._expected(target, rotation))
        self._fresh.pop(rotation.rotation_id, None)
        self._release(place, target, rotation)
        self.journal.record(rotation, "done", new_version=version, old_version=begin.get("old_version"))
        outcome.state = "rotated"
        outcome.detail = (
            f"{place.where(name)}: new version {place.show_version(version)}; the old one "
            f"({place.show_version(begin.get('old_version'))}) is kept "
            "for rollback. Restart or redeploy what reads it."
        )

    # --- IAM access keys ---------------------------------------------------------------------------------

    def _iam(self, target: Target, place: Place, rotation: Rotation, outcome: RotationResult) -> None:
        begin = rotation.last("begin")
        assert begin is not None
        assert target.key_id_variable is not None
        iam = Iam(self.aws_of(target), self.clients.aws)
        user = str(begin["iam_user"])
        id_name, secret_name = target.key_id_variable, target.variable
        while not rotation.since("stored", after="discarded"):
            created = rotation.last("created") if rotation.since("created", after="discarded") else None
            if created is None:
                created = self._create_key(iam, user, rotation, outcome, begin, place, target)
            wanted = {id_name: created["new_key_hash"], secret_name: created["new_hash"]}
            version = self._landed(place, created["token"], wanted)
            if version is None:
                fresh = self._fresh.get(rotation.rotation_id)
                if fresh is None:
                    # Killed between creating the key and storing it: its secret is gone. The key was never
                    # stored or used anywhere, so delete it and create another.
                    orphan = iam.by_hash(user, created["new_key_hash"])
                    if orphan is not None:
                        iam.delete(user, orphan)
                    self.journal.record(rotation, "discarded", key=created["new_key"], why="secret lost")
                    outcome.actions.append(f"deleted unstored new key {created['new_key']} (its run died)")
                    continue
                _fault("store:before")
                key_id, secret = fresh
                try:
                    written = place.write(
                        {id_name: key_id, secret_name: secret},
                        self._expected(target, rotation),
                        created["token"],
                    )
                except ConflictError:
                    # Someone else rotated it meanwhile: the key this run created was never stored or used.
                    self._fresh.pop(rotation.rotation_id, None)
                    unused = iam.by_hash(user, created["new_key_hash"])
                    if unused is not None:
                        iam.delete(user, unused)
                    self.journal.record(rotation, "discarded", key=created["new_key"], why="conflict")
                    outcome.actions.append(f"deleted the unused new key {created['new_key']}")
                    raise
                _fault("store:after")
                self._stored(place, rotation, outcome, written.version, True, written.writes)
            else:
                self._stored(place, rotation, outcome, version, False)
        self._fresh.pop(rotation.rotation_id, None)

        def check(version: str) -> str:
            _, values = place.read(version)
            key_id, secret = values.get(id_name), values.get(secret_name)
            if not key_id or not secret:
                raise PlaceError(f"{place.label} version {version} lost the new key")
            arn = iam.identity(key_id, secret, wait=self.settings.verify_wait)
            values.clear()
            if arn_user(arn) != user:
                raise PlaceError(
                    f"STS says the stored key belongs to {arn}, not IAM user {user}",
                    hint="the stored key is not the one created; check the store",
                )
            return f"STS GetCallerIdentity with the stored key: {arn}"

        self._verify_and_promote(place, rotation, outcome, check, self._expected(target, rotation))
        self._release(place, target, rotation)
        if not rotation.has("deactivated"):
            old = iam.by_hash(user, begin["old_key_hash"])
            _fault("deactivate:before")
            if old is not None and old.status == "Active":
                iam.set_status(user, old, "Inactive")
            _fault("deactivate:after")
            self.journal.record(rotation, "deactivated", key=begin["old_key"])
            outcome.actions.append(f"deactivated the old key {begin['old_key']}")
        deactivated = rotation.last("deactivated")
        assert deactivated is not None
        due = datetime.fromisoformat(deactivated["ts"]) + self.settings.grace
        new_key = rotation.last("created")
        assert new_key is not None
        if datetime.now(UTC) < due:
            outcome.state = "waiting"
            outcome.detail = (
                f"new key {new_key['new_key']} stored and verified; old key {begin['old_key']} is inactive "
                "(re-activate it to roll back); run again after "
                f"{due.isoformat(timespec='seconds')} to delete it"
            )
            return
        old = iam.by_hash(user, begin["old_key_hash"])
        _fault("delete:before")
        if old is not None:
            iam.delete(user, old)
        _fault("delete:after")
        self.journal.record(rotation, "deleted", key=begin["old_key"])
        self.journal.record(rotation, "done", new_key=new_key["new_key"])
        outcome.actions.append(f"deleted the old key {begin['old_key']}")
        outcome.state = "rotated"
        outcome.detail = f"new key {new_key['new_key']} in use; old key {begin['old_key']} deleted"

    def _create_key(
        self,
        iam: Iam,
        user: str,
        rotation: Rotation,
        outcome: RotationResult,
        begin: dict[str, Any],
        place: Place,
        target: Target,
    ) -> dict[str, Any]:
        creating = rotation.last("creating") if rotation.since("creating", after="discarded") else None
        if creating is not None:
            # A run died after asking IAM for a key and before journaling it: that key's secret is lost.
            known = set(creating["known_key_hashes"])
            started = datetime.fromisoformat(creating["ts"]) - timedelta(minutes=5)
            for key in iam.keys(user):
                if key.id_hash not in known and (key.created is None or key.created >= started):
                    iam.delete(user, key)
                    self.journal.record(rotation, "discarded", key=key.masked, why="never journaled")
                    outcome.actions.append(f"deleted unjournaled new key {key.masked} (its run died)")
        keys = iam.keys(user)
        others = [k for k in keys if k.id_hash != begin["old_key_hash"]]
        if others:
            raise ConflictError(
                f"conflict: IAM user {user} already has another access key "
                f"({', '.join(k.masked for k in others)}): another rotation may be under way",
                hint="if none is, delete the unused key by hand (IAM allows two keys a user), then run again",
            )
        place.check(self._expected(target, rotation))  # no key for a store someone else has rotated
        token = uuid.uuid4().hex
        self.journal.record(rotation, "creating", known_key_hashes=[k.id_hash for k in keys], token=token)
        _fault("create:before")
        key_id, secret = iam.create(user)
        self._fresh[rotation.rotation_id] = (key_id, secret)
        _fault("create:after")
        outcome.actions.append(f"created new key {mask_key_id(key_id)} for {user}")
        return self.journal.record(
            rotation,
            "created",
            new_key=mask_key_id(key_id),
            new_key_hash=secret_hash(key_id),
            new_hash=secret_hash(secret),
            token=token,
        )
