"""The deployment tests drive the same Chromium as the browser tests."""

from tests.e2e.conftest import _chromium_present, browser_context_args, browser_type_launch_args  # noqa: F401
