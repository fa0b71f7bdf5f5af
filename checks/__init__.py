"""Rules: pandera schemas, Great Expectations suites, DfE 903 rules, the metric catalogue,
reconciliation between source systems and the report-audit rules. Installed as ``adoption_audit.checks``."""
