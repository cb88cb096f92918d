"""One state machine for every register: the table is data, the rules are read from it.

A register describes its lifecycle once (a `StateMachine`); its services call `ensure` before a
step, its read model lists `allowed(state)`, the CLI builds its transition verbs and the
workbench its keys from the same object. A refusal carries codes only (the action, the state,
the legal actions); the front end words them through the labels the machine names.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from officedesk.errors import IllegalTransition, InvalidInput

Table = Mapping[str, tuple[Collection[str], str]]


@dataclass(frozen=True)
class StateMachine:
    """A register's lifecycle: action → (states it may start from, state it leads to).

    `name` is the register's i18n area: a refusal is worded with "<name>.illegal" (or the
    key `refusals` gives for that action), no legal action left with "<name>.no_actions";
    `state_labels` and `action_labels` are the label groups of its states and actions, by
    convention "<name>_state" and "<name>_action": a machine names them only to differ.
    `states` are in lifecycle order: a new record starts in the first unless `initial` names
    another.
    """

    name: str
    states: tuple[str, ...]
    table: Table
    initial: str = ""
    state_labels: str = ""
    action_labels: str = ""
    refusals: Mapping[str, str] = field(default_factory=dict)
    _actions: dict[str, tuple[frozenset[str], str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        actions = {action: (frozenset(sources), to) for action, (sources, to) in self.table.items()}
        known = set(self.states)
        if not self.initial:
            object.__setattr__(self, "initial", self.states[0])
        for action, (sources, to) in actions.items():
            unknown = (sources | {to}) - known
            if unknown:
                raise ValueError(f"{self.name}.{action}: unknown states {sorted(unknown)}")
        if self.initial not in known:
            raise ValueError(f"{self.name}: unknown initial state {self.initial}")
        object.__setattr__(self, "_actions", actions)
        object.__setattr__(self, "state_labels", self.state_labels or f"{self.name}_state")
        object.__setattr__(self, "action_labels", self.action_labels or f"{self.name}_action")

    # ---- the table, read ----------------------------------------------------------------------

    @property
    def actions(self) -> Mapping[str, tuple[frozenset[str], str]]:
        """action → (states it may start from, state it leads to), in the table's order."""
        return self._actions

    @property
    def transitions(self) -> dict[str, frozenset[str]]:
        """state → the states one step leads to (what a diagram of the lifecycle draws)."""
        return {
            state: frozenset(to for sources, to in self.actions.values() if state in sources)
            for state in self.states
        }

    def allowed(self, state: str) -> tuple[str, ...]:
        """The legal actions from this state, as codes, in the table's order."""
        return tuple(action for action, (sources, _to) in self.actions.items() if state in sources)

    def can(self, state: str, action: str) -> bool:
        return action in self.actions and state in self.actions[action][0]

    def target(self, action: str) -> str:
        """The state an action leads to."""
        return self.actions[action][1]

    def reachable(self) -> frozenset[str]:
        """Every state some sequence of actions leads to from the initial one."""
        seen = {self.initial}
        frontier = [self.initial]
        transitions = self.transitions
        while frontier:
            for following in transitions[frontier.pop()] - seen:
                seen.add(following)
                frontier.append(following)
        return frozenset(seen)

    # ---- enforcing it ------------------------------------------------------------------------

    def ensure(
        self, record: Any, action: str, /, *, allowed: Sequence[str] | None = None, **params: Any
    ) -> str:
        """Refuse an action the table does not allow, naming the ones it does; return the state
        it leads to. `record` is a state or anything with a `state`; `allowed` narrows the legal
        actions by a register's own rule; `params` name the record in the message."""
        if action not in self.actions:
            raise InvalidInput("input.choice", field="action", choices=list(self.actions))
        state = record if isinstance(record, str) else record.state
        legal = self.allowed(state) if allowed is None else tuple(allowed)
        if action not in legal:
            raise self.refusal(state, action, legal, **params)
        return self.target(action)

    def move(
        self,
        record: Any,
        action: str,
        at: datetime,
        /,
        *,
        allowed: Sequence[str] | None = None,
        **params: Any,
    ) -> tuple[str, str]:
        """Take a step on a record (anything with `state` and `updated_at`): refused as `ensure`
        refuses, else the record is in the state the step leads to, changed at `at`. Returns
        the state it left and the one it reached, which the register's log records."""
        previous = record.state
        target = self.ensure(record, action, allowed=allowed, **params)
        record.state = target
        record.updated_at = at
        return previous, target

    def refusal(
        self, state: str, action: str, legal: Sequence[str] | None = None, **params: Any
    ) -> IllegalTransition:
        """The error for an action refused in this state: values only, worded when shown."""
        return IllegalTransition(
            self.refusals.get(action, f"{self.name}.illegal"),
            labels={
                "state": self.state_labels,
                "action": self.action_labels,
                "allowed": self.action_labels,
            },
            none_key=f"{self.name}.no_actions",
            **params,
            state=state,
            action=action,
            allowed=tuple(self.allowed(state) if legal is None else legal),
        )

    def refuse_state(self, key: str, state: str, **params: Any) -> IllegalTransition:
        """A refusal that depends only on the state (edit a closed record, use a retired seal),
        with the state as a code worded by this machine's labels."""
        return IllegalTransition(key, labels={"state": self.state_labels}, state=state, **params)
