"""Values written to Excel exports."""

# Text a spreadsheet would run as a formula (a name typed as "=HYPERLINK(…)").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return ``value`` so that a spreadsheet shows it as text, never runs it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
