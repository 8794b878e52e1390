"""Carrying out rotations step by step, each step journaled, each resumable.

Every step first asks the remote side whether it already happened (a write that landed before the run was
killed, a key created but not yet recorded), so running again after a crash finishes the rotation instead of
starting a second one. The old credential is touched only after the new one is stored and verified.

Generated secret: begin → prepare → store → verify → (promote, Secrets Manager) → done
IAM access key:   begin → create → store → verify → (promote) → deactivate old → delete old (after grace)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from secretguard.errors import SecretGuardError
from secretguard.inventory.model import AwsConnection
from secretguard.inventory.stores import Clients
from secretguard.rotate.faults import fault_point as _fault
from secretguard.rotate.generate import new_secret
from secretguard.rotate.iam import Iam, arn_user, mask_key_id
from secretguard.rotate.journal import Journal, Rotation
from secretguard.rotate.places import Current, Place, PlaceError
from secretguard.rotate.targets import Target
from secretguard.scan.finding import secret_hash


@dataclass
class Outcome:
    target: Target
    state: str  # planned, rotated, waiting, unchanged, failed
    place: str | None = None
    actions: list[str] = field(default_factory=list)
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target.ident,
            "environment": self.target.environment,
            "variable": self.target.variable,
            "kind": self.target.kind,
            "state": self.state,
            "place": self.place,
            "actions": self.actions,
            "detail": self.detail,
            "reason": self.target.reason,
        }


@dataclass
class Settings:
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
        settings: Settings,
        place_of: Callable[[Target], Place],
        aws_of: Callable[[Target], AwsConnection],
    ) -> None:
        self.journal, self.clients, self.settings = journal, clients, settings
        self.place_of, self.aws_of = place_of, aws_of
        self._fresh: dict[str, tuple[str, str]] = {}  # rotation id -> new values held by this process only

    def run(self, target: Target) -> Outcome:
        outcome = Outcome(target, "failed")
        try:
            place = self.place_of(target)
            outcome.place = place.label
            self._run(target, place, outcome)
        except SecretGuardError as exc:
            outcome.state = "failed"
            outcome.detail = exc.message + (f" ({exc.hint})" if exc.hint else "")
        return outcome

    # --- shared ------------------------------------------------------------------------------------------

    def _run(self, target: Target, place: Place, outcome: Outcome) -> None:
        rotation = self.journal.current(target.ident)
        if rotation is not None and not rotation.finished and self.settings.restart and self.settings.apply:
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
        if target.kind == "aws-iam-access-key":
            self._iam(target, place, rotation, outcome)
        else:
            self._generated(target, place, rotation, outcome)

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

    def _allowed(self, target: Target, rotation: Rotation) -> dict[str, set[str | None]]:
        """What each variable may hold before a write: its old value, or one of this rotation's own new
        values (an SSM pair half-written by a run that died)."""
        begin = rotation.last("begin")
        assert begin is not None
        allowed: dict[str, set[str | None]] = {target.variable: {begin.get("old_hash")}}
        if target.key_id_variable:
            allowed[target.key_id_variable] = {begin.get("old_key_id_hash")}
        for record in rotation.events:
            if record["event"] in ("prepared", "created"):
                allowed[target.variable].add(record["new_hash"])
            if record["event"] == "created" and target.key_id_variable:
                allowed[target.key_id_variable].add(record["new_key_hash"])
        return allowed

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
        self, place: Place, rotation: Rotation, outcome: Outcome, check: Callable[[str], str]
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
            place.promote(version)
            _fault("promote:after")
            self.journal.record(rotation, "promoted", version=version)
            outcome.actions.append(f"promoted version {version} to AWSCURRENT")
        return version

    # --- generated secrets -------------------------------------------------------------------------------

    def _generated(self, target: Target, place: Place, rotation: Rotation, outcome: Outcome) -> None:
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
                version = place.write({name: value}, self._allowed(target, rotation), token, copies)
                _fault("store:after")
                outcome.actions.append(
                    f"stored a new value at {place.where(name)} (version {place.show_version(version)})"
                )
            self.journal.record(rotation, "stored", version=version)

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

        version = self._verify_and_promote(place, rotation, outcome, check)
        self._fresh.pop(rotation.rotation_id, None)
        self.journal.record(rotation, "done", new_version=version, old_version=begin.get("old_version"))
        outcome.state = "rotated"
        outcome.detail = (
            f"{place.where(name)}: new version {place.show_version(version)}; the old one "
            f"({place.show_version(begin.get('old_version'))}) is kept "
            "for rollback. Restart or redeploy what reads it."
        )

    # --- IAM access keys ---------------------------------------------------------------------------------

    def _iam(self, target: Target, place: Place, rotation: Rotation, outcome: Outcome) -> None:
        begin = rotation.last("begin")
        assert begin is not None
        assert target.key_id_variable is not None
        iam = Iam(self.aws_of(target), self.clients.aws)
        user = str(begin["iam_user"])
        id_name, secret_name = target.key_id_variable, target.variable
        while not rotation.since("stored", after="discarded"):
            created = rotation.last("created") if rotation.since("created", after="discarded") else None
            if created is None:
                created = self._create_key(iam, user, rotation, outcome, begin)
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
                version = place.write(
                    {id_name: key_id, secret_name: secret}, self._allowed(target, rotation), created["token"]
                )
                _fault("store:after")
                outcome.actions.append(
                    f"stored the new key at {place.where(secret_name)} "
                    f"(version {place.show_version(version)})"
                )
            self.journal.record(rotation, "stored", version=version)
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

        self._verify_and_promote(place, rotation, outcome, check)
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
        self, iam: Iam, user: str, rotation: Rotation, outcome: Outcome, begin: dict[str, Any]
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
            raise PlaceError(
                f"IAM user {user} already has another access key ({', '.join(k.masked for k in others)})",
                hint="IAM allows two keys per user: delete the unused one by hand, then run again",
            )
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
