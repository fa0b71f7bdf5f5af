"""One configured logger for the whole toolkit.

Children's data is sensitive: at INFO and above, messages carry counts and ids only, never document
text, names of children or families, or dates of birth. Text may be logged at DEBUG, which is off
unless ``ADOPTION_AUDIT_LOG_LEVEL=DEBUG`` is set by someone entitled to see it.
"""

from __future__ import annotations

import logging
import os

LOGGER_NAME = "adoption_audit"


def get_logger(name: str | None = None) -> logging.Logger:
    """The toolkit's logger, or a child of it (``get_logger("sources")`` -> ``adoption_audit.sources``)."""
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)


def configure_logging(level: str | None = None) -> logging.Logger:
    """Send the toolkit's log to stderr at ``level`` (default from ``ADOPTION_AUDIT_LOG_LEVEL``, else WARNING)."""
    logger = logging.getLogger(LOGGER_NAME)
    chosen = (level or os.environ.get("ADOPTION_AUDIT_LOG_LEVEL") or "WARNING").upper()
    logger.setLevel(chosen)
    if not any(getattr(h, "_adoption_audit", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._adoption_audit = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.propagate = False
    return logger
