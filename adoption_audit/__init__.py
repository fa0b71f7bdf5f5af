"""adoption-audit: trust the adoption figures and papers an agency publishes.

The import package gathers the project's top-level folders: ``checks/`` as ``adoption_audit.checks``,
``nlp/`` as ``adoption_audit.nlp`` and ``pipelines/`` as ``adoption_audit.pipelines`` (see setup.py).
"""

__version__ = "0.1.0"
