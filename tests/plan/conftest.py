"""The issue #7 scenario as a fixture for the plan tests (tests/plan/scenario.py)."""

from tests.plan.scenario import leak_scenario  # noqa: F401 - fixture
