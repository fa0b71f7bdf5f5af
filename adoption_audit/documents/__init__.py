"""Reading documents for every text stage: .txt, .md, .pdf, .docx and .html into located blocks.

Report claims and CPR QA both start from :func:`read_document`; the format rules are in
``docs/documents.md``.
"""

from adoption_audit.documents.model import DOCUMENT_SUFFIXES, Block, ExtractedDocument
from adoption_audit.documents.read import read_document

__all__ = ["DOCUMENT_SUFFIXES", "Block", "ExtractedDocument", "read_document"]
