"""What every spreadsheet download shares (the back-office exports, the review dashboard's, the public
directory's): CSV for spreadsheets set to French, and cells that never run as formulas."""

# UTF-8 with this byte order mark, `;`-separated: what Excel in France opens without an import wizard.
BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection): prefix a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """`cell`, with a leading single quote when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
