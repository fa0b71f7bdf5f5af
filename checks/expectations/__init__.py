"""Great Expectations 1.x suites per extract and their Data Docs (see :mod:`.suites`, :mod:`.run`)."""

from adoption_audit.checks.expectations.run import ExpectationReport, run_expectations
from adoption_audit.checks.expectations.suites import suite_for

__all__ = ["ExpectationReport", "run_expectations", "suite_for"]
