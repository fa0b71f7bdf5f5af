"""spaCy pipelines built on ``spacy.blank("en")``: claim extraction from published reports and CPR
section QA. Installed as ``adoption_audit.nlp``."""
