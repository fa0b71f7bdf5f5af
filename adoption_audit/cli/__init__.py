"""The ``adoption-audit`` command line: thin callers of the same functions the Dagster assets call."""
