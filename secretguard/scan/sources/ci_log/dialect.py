"""Which CI wrote a log, sniffed from its first kilobytes: it decides which step markers mean something."""

from __future__ import annotations

from typing import Literal

import re2

Dialect = Literal["github", "gitlab", "jenkins", "circleci", "plain"]
DIALECTS: tuple[Dialect, ...] = ("github", "gitlab", "jenkins", "circleci", "plain")
SNIFF_BYTES = 64 * 1024

# GitHub's runner stamps every line with 7 fractional digits; GitLab's (FF_TIMESTAMPS) with 6 and a
# stream tag.
_GITHUB_STAMP = re2.compile(rb"(?m)^(?:\xef\xbb\xbf)?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z ")
_GITLAB_STAMP = re2.compile(rb"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z [0-9a-f]{2}[EO][ +]")
_GITHUB_MARKS = (b"##[group]", b"##[endgroup]", b"##[section]", b"##[command]", b"::group::", b"::add-mask::")
_JENKINS = re2.compile(rb"(?m)^(?:\[Pipeline\] |Started by (?:user|timer|an SCM|upstream)|Finished: [A-Z]+$)")
_CIRCLECI = (b"#!/bin/bash -eo pipefail", b"CircleCI received exit code", b"circleci-agent")


def sniff(head: bytes) -> Dialect:
    """The dialect of a log from its first bytes (before normalization)."""
    head = head[:SNIFF_BYTES]
    lines = head.count(b"\n") + 1
    github_stamps = sum(1 for _ in _GITHUB_STAMP.finditer(head))
    if github_stamps * 2 >= lines:
        return "github"
    if b"section_start:" in head or _GITLAB_STAMP.search(head) or b"Running with gitlab-runner" in head:
        return "gitlab"
    if _JENKINS.search(head):
        return "jenkins"
    if github_stamps or any(mark in head for mark in _GITHUB_MARKS):
        return "github"
    if any(mark in head for mark in _CIRCLECI):
        return "circleci"
    return "plain"
