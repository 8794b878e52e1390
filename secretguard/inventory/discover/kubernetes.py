"""Kubernetes manifests: container `env` (`value`, `valueFrom.secretKeyRef` / `configMapKeyRef` /
`fieldRef`), and `envFrom` resolved through the Secrets, ConfigMaps, SealedSecrets and ExternalSecrets found
in the project (unresolved ones become notes).

One variable taken from a Secret (`valueFrom.secretKeyRef`) was put there for being a secret: a strong hint.
A whole Secret loaded by `envFrom.secretRef` is where a project keeps all its settings (`DEBUG: "False"`,
`TIME_ZONE`, `DB_HOST` beside `DB_PASSWORD`): its keys are labelled by their names like any variable, and
by their values only when one carries a password (`redis://:pw@host`).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Note, Read, carries_password, is_env_name, scope_of_read
from secretguard.inventory.discover.compose import is_backing_image
from secretguard.inventory.discover.yamltree import Node, walk

_CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")


@dataclass
class K8sIndex:
    """Keys of Secret-like and ConfigMap objects by name, and envFrom references waiting for them."""

    # name -> (key, file, line, the value when written plainly)
    secrets: dict[str, list[tuple[str, str, int, str | None]]] = field(default_factory=dict)
    configmaps: dict[str, list[tuple[str, str, int, str | None]]] = field(default_factory=dict)
    env_from: list[tuple[str, str, str, str, int, bool]] = field(default_factory=list)
    # (kind secret|configmap, object name, prefix, file, line, optional)


def is_manifest(doc: Node) -> bool:
    return doc.is_map and doc.get("apiVersion") is not None and doc.get("kind") is not None


def _keys(node: Node | None, file: str, encoded: bool = False) -> list[tuple[str, str, int, str | None]]:
    """The keys of a `data` / `stringData` map, with their values (`data`'s decoded from base64)."""
    if node is None:
        return []
    return [(k, file, v.key_line or v.line, _value(v.text, encoded)) for k, v in node.items()]


def _value(text: str | None, encoded: bool) -> str | None:
    if text is None or not encoded:
        return text
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def _index_object(doc: Node, file: str, index: K8sIndex) -> None:
    kind = doc.get("kind")
    meta = doc.get("metadata")
    name_node = meta.get("name") if meta is not None else None
    kind_text = kind.text if kind is not None else None
    name = name_node.text if name_node is not None else None
    if not name or not kind_text:
        return
    if kind_text == "Secret":
        keys = _keys(doc.get("data"), file, encoded=True) + _keys(doc.get("stringData"), file)
        index.secrets.setdefault(name, []).extend(keys)
    elif kind_text == "ConfigMap":
        keys = _keys(doc.get("data"), file) + _keys(doc.get("binaryData"), file)
        index.configmaps.setdefault(name, []).extend(keys)
    elif kind_text == "SealedSecret":
        spec = doc.get("spec")
        sealed = _keys(spec.get("encryptedData") if spec else None, file)
        index.secrets.setdefault(name, []).extend((k, f, ln, None) for k, f, ln, _ in sealed)
    elif kind_text == "ExternalSecret":
        spec = doc.get("spec")
        if spec is None:
            return
        target = spec.get("target")
        target_name = target.get("name") if target is not None else None
        secret_name = target_name.text if target_name is not None and target_name.text else name
        data = spec.get("data")
        for item in data.elements() if data is not None else ():
            key = item.get("secretKey")
            if key is not None and key.text:
                index.secrets.setdefault(secret_name, []).append((key.text, file, key.line, None))


def _container_env(container: Node, file: str, index: K8sIndex) -> list[Read]:
    reads: list[Read] = []
    env = container.get("env")
    for item in env.elements() if env is not None else ():
        name_node = item.get("name")
        name = name_node.text if name_node is not None else None
        if not name or not is_env_name(name):
            continue
        line = name_node.line if name_node is not None else item.line
        value_from = item.get("valueFrom")
        if value_from is None:
            reads.append(Read(name, file, line, True, "k8s-value"))
            continue
        for ref_kind, source, secret in (
            ("secretKeyRef", "k8s-secretKeyRef", True),
            ("configMapKeyRef", "k8s-configMapKeyRef", False),
        ):
            ref = value_from.get(ref_kind)
            if ref is not None:
                optional_node = ref.get("optional")
                optional = optional_node is not None and optional_node.value is True
                reads.append(Read(name, file, line, optional, source, secret))
                break
        else:
            reads.append(
                Read(name, file, line, True, "k8s-fieldRef")
            )  # fieldRef/resourceFieldRef: platform-set
    env_from = container.get("envFrom")
    for item in env_from.elements() if env_from is not None else ():
        prefix_node = item.get("prefix")
        prefix = prefix_node.text or "" if prefix_node is not None else ""
        for ref_kind, kind in (("secretRef", "secret"), ("configMapRef", "configmap")):
            ref = item.get(ref_kind)
            ref_name = ref.get("name") if ref is not None else None
            if ref is not None and ref_name is not None and ref_name.text:
                optional_node = ref.get("optional")
                optional = optional_node is not None and optional_node.value is True
                index.env_from.append((kind, ref_name.text, prefix, file, item.line, optional))
    return reads


def _backing_service(container: Node) -> str | None:
    """The name of a container running a well-known service's image (a database, a cache), else None."""
    image = container.get("image")
    if image is None or not image.text or not is_backing_image(image.text):
        return None
    name = container.get("name")
    return name.text if name is not None and name.text else image.text.rsplit("/", 1)[-1].split(":", 1)[0]


def _test_image(container: Node) -> bool:
    """A container of a test suite's image (`iqe-tests`, `app-e2e`): its settings are the tests'."""
    image = container.get("image")
    if image is None or not image.text:
        return False
    repository = image.text.rsplit("/", 1)[-1].split(":", 1)[0].split("@", 1)[0].lower()
    return bool(_TEST_IMAGE_WORDS.intersection(re.split(r"[-_.]+", repository)))


_TEST_IMAGE_WORDS = frozenset({"test", "tests", "e2e", "acceptance", "cypress", "playwright", "selenium"})


def discover_manifest(doc: Node, file: str, index: K8sIndex) -> list[Read]:
    _index_object(doc, file, index)
    reads: list[Read] = []
    for node in walk(doc):
        if not node.is_map:
            continue
        for key in _CONTAINER_LISTS:
            containers = node.get(key)
            if containers is None or not containers.is_list:
                continue
            for container in containers.elements():
                if container.is_map:
                    found = _container_env(container, file, index)
                    service = _backing_service(container)
                    if service is not None:  # `image: postgres:16`: the database's settings, not the app's
                        found = [
                            replace(r, scope=f"service:{service}") if scope_of_read(r) == "runtime" else r
                            for r in found
                        ]
                    elif _test_image(container):  # `image: quay.io/org/iqe-tests:x`: a test suite's job
                        found = [
                            replace(r, scope="test") if scope_of_read(r) == "runtime" else r for r in found
                        ]
                    reads.extend(found)
    return reads


def resolve_env_from(index: K8sIndex) -> tuple[list[Read], list[Note]]:
    """envFrom brings in every key of the referenced object: resolved once all manifests are indexed."""
    reads: list[Read] = []
    notes: list[Note] = []
    for kind, name, prefix, file, line, optional in index.env_from:
        keys = (index.secrets if kind == "secret" else index.configmaps).get(name)
        if keys is None:
            notes.append(
                Note(
                    file,
                    line,
                    f"envFrom {kind} {name!r} is not defined in this project: its variables are unknown",
                )
            )
            continue
        source = "k8s-envFrom-secret" if kind == "secret" else "k8s-envFrom-configmap"
        for key, key_file, key_line, value in keys:
            var = prefix + key
            if is_env_name(var):
                hint = kind == "secret" and carries_password(value)  # the name decides, not the Secret
                reads.append(Read(var, file, line, optional, source, hint))
                reads.append(Read(var, key_file, key_line, optional, source, hint))
    return reads, notes
