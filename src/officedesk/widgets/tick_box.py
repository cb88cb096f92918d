"""A check box that reads without colour: ▐X▌ when ticked, ▐ ▌ when not.

Textual's Checkbox draws the same X in both states and tells them apart by colour alone, so on
a monochrome terminal, or to a colour-blind director, every box looks ticked."""

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox


class TickBox(Checkbox):
    @property
    def _button(self) -> Content:
        """Textual's button (its styles for the sides and the middle), the mark only when on."""
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble(
            (self.BUTTON_LEFT, side_style),
            (self.BUTTON_INNER if self.value else " ", button_style),
            (self.BUTTON_RIGHT, side_style),
        )
