"""The screens the user has not opened yet, built in the background once Today is painted and
the database is open, so that a first visit (keys 1–5, a jump from Today, search or the
palette) only shows a screen, as a second one does (issue 10, point 6).

A first visit used to compose the screen (the Handling screen: seven register tabs, ~200
widgets), style and lay it out, run Textual's `refresh_css` (which re-parses every stylesheet
source and restyles every screen already mounted: a new screen starts with
`_css_update_count = -1`), rebuild the footer's keys for the data just loaded, and render every
widget for the first time. Here all of that happens while the screen is hidden: it is mounted
into its mode's stack without being shown, laid out at the terminal's size, resumed and
suspended once as a visit would, and rendered once without being painted. Keys typed meanwhile
are answered: a compose runs in the message loops of the screen's widgets, one widget's
children at a time, the rendering is sliced, and there is a pause between screens.

This leans on Textual's internals (`_screen_stacks`, `_register`, `_load_screen_css`,
`_css_update_count`, `_refresh_layout`, `_compositor`: textual 8.2); tests/test_first_visit.py
fails if they change under it, and an error here is logged and leaves a first visit as slow as
it was, never broken."""

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import events
from textual.geometry import Region
from textual.screen import Screen

if TYPE_CHECKING:
    from officedesk.app import OfficeDeskApp

# Between two screens: a key typed while one was composed is answered before the next starts.
PAUSE = 0.05
# How often a screen being composed is looked at.
POLL = 0.02
# Widgets rendered between two turns of the event loop.
SLICE = 24


async def warm_screens(app: "OfficeDeskApp", modes: Iterable[str]) -> None:
    """Build each mode's screen that is not built yet, one after the other. Holds the app's
    `rebuilding` lock while a screen composes: a language switch (which recomposes every built
    screen) waits for it rather than recomposing a screen half composed, and the next screen is
    then composed in the new language."""
    for mode in modes:
        await asyncio.sleep(PAUSE)
        if not app.is_running:
            return
        async with app.rebuilding:
            if mode in app._screen_stacks:  # visited (or being shown) already
                continue
            screen = await _mount_hidden(app, mode)
        if screen is not None:
            await _rehearse_visit(app, screen)


async def _mount_hidden(app: "OfficeDeskApp", mode: str) -> Screen[None] | None:
    """What `App._init_mode` does for a mode shown for the first time, without showing it, and
    without two of its costs: its `refresh_css` (the stylesheet's sources are parsed as widgets
    register; the screen's count set to the app's means a later theme change still restyles it
    when shown), and its `call_next` of the mount, which would hold the app's own message loop,
    and so every key, until the whole screen had composed. Waited for here by polling instead:
    nothing is left pending if the app closes meanwhile."""
    screen: Screen[None] = app.MODES[mode]()
    screen._css_update_count = app._css_update_count
    app._screen_stacks[mode] = [screen]
    app._load_screen_css(screen)
    app._register(app, screen)  # starts the screen's message loop: compose and mount run there
    while not screen.is_mounted:
        await asyncio.sleep(POLL)
        if not app.is_running:
            return None
    return screen


async def _rehearse_visit(app: "OfficeDeskApp", screen: Screen[None]) -> None:
    """What showing the screen costs the first time and far less the next, done now while it
    is hidden: laid out at the terminal's size, resumed and suspended as a visit does (the
    restyle, the footer's keys, the panes' reload), and each visible widget rendered once
    (their line caches). Nothing is painted: the screen is not the current one."""
    if not _hidden(app, screen):
        return
    screen._refresh_layout(app.size)
    await asyncio.sleep(0)
    if not _hidden(app, screen):
        return
    handled = asyncio.Event()
    screen.post_message(events.ScreenResume())
    screen.post_message(events.ScreenSuspend())
    screen.call_later(handled.set)
    await handled.wait()
    for count, (widget, (region, _clip)) in enumerate(
        list(screen._compositor.visible_widgets.items()), start=1
    ):
        if not _hidden(app, screen):
            return
        if widget.is_attached:
            widget.render_lines(Region(0, 0, region.width, region.height))
        if count % SLICE == 0:
            await asyncio.sleep(0)


def _hidden(app: "OfficeDeskApp", screen: Screen[None]) -> bool:
    """Still worth preparing: the app runs, and the screen is built and not shown (once shown,
    Textual does the rest itself)."""
    return app.is_running and screen.is_attached and not screen.is_current
