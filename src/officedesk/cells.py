"""Cutting a table cell to its width, for the workbench's tables and the CLI's alike.

Rich's own ellipsis leaves a blank before the "…" when the cut falls inside a wide (CJK)
character ("关于做好 …"): the reader sees a gap that is not in the title. Here the cut moves
before that character instead, so a cut title always ends in its last whole character and "…".
"""

from rich.cells import cell_len
from rich.text import Text

# The fewest cells a table's title column keeps (CLI and workbench): below it, droppable columns
# are left out instead. Ten Chinese characters: enough to tell two documents apart.
MIN_TITLE = 20


def fit_cell(cell: Text, width: int, *, pad: bool = True) -> Text:
    """The cell cut to `width` terminal cells with "…" (and padded to it, unless pad=False)."""
    piece = cell.copy()
    if piece.cell_len > width:
        room, end = width - 1, 0
        for char in piece.plain:
            room -= cell_len(char)
            if room < 0:
                break
            end += 1
        piece = piece[:end]
        piece.append("…")
    if pad:
        piece.truncate(width, pad=True)
    return piece
