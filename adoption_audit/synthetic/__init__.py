"""A synthetic, coherent world of adoption source extracts, with known faults planted on request.

``generate(GenerateOptions(...))`` writes ``DIR/<authority>/<extract date>/`` folders holding the
case-management, panel and ADM, Adoption Support Fund and SSDA903 extracts of fictional authorities,
and ``DIR/manifest.json``. The world model lives in ``world/``, one writer per source system in
``systems/``, the faults and their manifest in ``defects.py``.
"""

from adoption_audit.synthetic.generate import MANIFEST, GenerationResult, generate, read_manifest
from adoption_audit.synthetic.options import GenerateOptions, parse_years

__all__ = ["MANIFEST", "GenerateOptions", "GenerationResult", "generate", "parse_years", "read_manifest"]
