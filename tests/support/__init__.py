"""Helpers shared by the test suites (document builders and the like)."""
