"""CI and deployment logs as a scan source: GitHub Actions, GitLab, Jenkins, CircleCI, plain and gzipped.

inputs (paths, zip, gz, stdin) -> reader (bounded line blocks) -> dialect (sniffed) -> normalize (strip
timestamps, ANSI, CR overwrites, section markers; events) -> steps (job/step) -> chunker (bounded chunks,
original line numbers) -> engine; masks: `::add-mask::` values found unmasked elsewhere in the run.
"""

from secretguard.scan.sources.ci_log.masks import UNMASKED_RULE
from secretguard.scan.sources.ci_log.source import CiLogOptions, CiLogSource

__all__ = ["UNMASKED_RULE", "CiLogOptions", "CiLogSource"]
