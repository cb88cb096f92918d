"""A register pane's keys, declared as tables: `n`/`e` for new and edit, one key per step of its
lifecycle and one per other action of the pane, each remappable by its id (`<register>.<name>`)."""

from collections.abc import Iterable

from textual.binding import Binding, BindingType


def record_keys(register: str) -> list[BindingType]:
    """`n` new and `e` edit, with the ids users remap them by (`<register>.new`, `.edit`)."""
    return [
        Binding("n", "new", "key.new", id=f"{register}.new"),
        Binding("e", "edit", "key.edit", id=f"{register}.edit"),
    ]


def step_keys(
    register: str, action: str, keys: Iterable[tuple[str, str]], described: str
) -> list[BindingType]:
    """One key per (step, key) pair, bound to `action('<step>')`, described by the label
    `<described><step>` and remappable by `<register>.<step>`: the table names each step once,
    and its order is the footer's."""
    return [
        Binding(key, f"{action}('{step}')", f"{described}{step}", id=f"{register}.{step}")
        for step, key in keys
    ]


def action_keys(register: str, described: str, **keys: str) -> list[BindingType]:
    """One key per `action=key`, bound to `action_<action>`, described by the label
    `<described><action>` and remappable by `<register>.<action>`: a pane's own keys beside its
    steps, each named once, in the footer's order."""
    return [
        Binding(key, action, f"{described}{action}", id=f"{register}.{action}")
        for action, key in keys.items()
    ]
