"""Financial-year labels, one spelling for the whole toolkit: the year starting 1 April 2018 is ``2018-19``."""


def year_label(start: int) -> str:
    """``2018`` -> ``2018-19``."""
    return f"{start}-{(start + 1) % 100:02d}"
