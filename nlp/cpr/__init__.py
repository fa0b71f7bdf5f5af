"""Child Permanence Report QA before the Agency Decision Maker: find each section of
``contracts/cpr_sections.md`` (by heading or by content), check what it holds, and say whether the CPR is
ready for the ADM. ``check_cpr`` / ``check_cprs`` in :mod:`adoption_audit.nlp.cpr.check` are the entry points."""
