"""The shape of the frame every schema validates (built by ``checks.validation.parsing.prepare``).

Each declared column holds its typed value (null where blank or unparseable); each typed column's
normalised text sits beside it as ``<column>__text``; ``_row`` is the row as a spreadsheet shows it
(header = row 1); ``_extract_date`` is the return's own extract date; ``_extra_cells`` is present only
when a row had more cells than the header.
"""

TEXT_SUFFIX = "__text"
ROW = "_row"
EXTRACT_DATE = "_extract_date"
EXTRA_CELLS = "_extra_cells"
