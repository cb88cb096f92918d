"""The frame the workbench's dialogs share (a record's form, the key list): one box in the
middle of the screen, framed in the primary colour, never larger than the terminal allows."""

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class FramedDialog(ModalScreen[ResultType]):
    """A modal screen whose box (its child with the `dialog-box` class) is centred and framed;
    a subclass gives the box its width and padding."""

    DEFAULT_CSS = """
    FramedDialog { align: center middle; }
    FramedDialog > .dialog-box {
        max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface;
    }
    """
