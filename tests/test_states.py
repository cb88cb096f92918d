"""The state machine helper, and every register's machine read as data."""

from collections.abc import Iterator

import pytest

from officedesk.errors import IllegalTransition, InvalidInput
from officedesk.i18n import current_language, label, set_language, t
from officedesk.services.incoming.states import INCOMING_MACHINE
from officedesk.services.outgoing.states import OUTGOING_MACHINE
from officedesk.services.seal.states import REQUEST_MACHINE, SEAL_MACHINE
from officedesk.services.states import StateMachine
from officedesk.services.task.states import TASK_MACHINE
from officedesk.services.visit.states import VISIT_MACHINE

MACHINES = {
    "task": TASK_MACHINE,
    "incoming": INCOMING_MACHINE,
    "outgoing": OUTGOING_MACHINE,
    "seal": SEAL_MACHINE,
    "seal_request": REQUEST_MACHINE,
    "visit": VISIT_MACHINE,
}

DOOR = StateMachine(
    name="task",  # borrows the task area's wording: "task.illegal", "task.no_actions"
    states=("assigned", "in_progress", "done"),
    table={
        "start": ({"assigned"}, "in_progress"),
        "done": ({"assigned", "in_progress"}, "done"),
        "reopen": ({"done"}, "in_progress"),
    },
    initial="assigned",
    state_labels="state",
    action_labels="action",
)


@pytest.fixture
def chinese() -> Iterator[None]:
    before = current_language()
    set_language("zh")
    yield
    set_language(before)


class Record:
    def __init__(self, state: str) -> None:
        self.state = state


# ---- the helper ------------------------------------------------------------------------------


def test_allowed_lists_the_legal_actions_in_the_table_order() -> None:
    assert DOOR.allowed("assigned") == ("start", "done")
    assert DOOR.allowed("done") == ("reopen",)
    assert DOOR.allowed("nowhere") == ()


def test_the_table_reads_as_actions_and_as_transitions() -> None:
    assert DOOR.actions["done"] == (frozenset({"assigned", "in_progress"}), "done")
    assert DOOR.transitions == {
        "assigned": frozenset({"in_progress", "done"}),
        "in_progress": frozenset({"done"}),
        "done": frozenset({"in_progress"}),
    }
    assert DOOR.target("reopen") == "in_progress"
    assert DOOR.can("in_progress", "done") and not DOOR.can("done", "start")


def test_ensure_returns_the_state_an_action_leads_to() -> None:
    assert DOOR.ensure("assigned", "start") == "in_progress"
    assert DOOR.ensure(Record("done"), "reopen") == "in_progress"


def test_a_refusal_carries_codes_only() -> None:
    with pytest.raises(IllegalTransition) as refused:
        DOOR.ensure(Record("done"), "start", code="DB-2026-0001")
    assert refused.value.key == "task.illegal"
    assert refused.value.params == {
        "code": "DB-2026-0001",
        "state": "done",
        "action": "start",
        "allowed": ("reopen",),
    }


def test_a_refusal_is_worded_when_shown_in_the_current_language(chinese: None) -> None:
    with pytest.raises(IllegalTransition) as refused:
        DOOR.ensure("assigned", "reopen", code="DB-2026-0001")
    allowed = t("list.sep").join([label("action", "start"), label("action", "done")])
    expected = t(
        "task.illegal",
        code="DB-2026-0001",
        state=label("state", "assigned"),
        action=label("action", "reopen"),
        allowed=allowed,
    )
    assert refused.value.message() == str(refused.value) == expected


def test_no_legal_action_left_is_worded_as_none() -> None:
    closed = StateMachine(
        name="task",
        states=("assigned", "cancelled"),
        table={"cancel": ({"assigned"}, "cancelled")},
        initial="assigned",
        state_labels="state",
        action_labels="action",
    )
    with pytest.raises(IllegalTransition) as refused:
        closed.ensure("cancelled", "cancel", code="DB-2026-0002")
    assert refused.value.params["allowed"] == ()
    assert t("task.no_actions") in refused.value.message()


def test_a_register_rule_may_narrow_the_legal_actions() -> None:
    with pytest.raises(IllegalTransition) as refused:
        DOOR.ensure("assigned", "done", allowed=("start",), code="DB-2026-0003")
    assert refused.value.params["allowed"] == ("start",)


def test_an_action_the_table_does_not_know_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as refused:
        DOOR.ensure("assigned", "fly")
    assert refused.value.params == {"field": "action", "choices": ["start", "done", "reopen"]}


def test_an_action_may_have_its_own_refusal() -> None:
    with pytest.raises(IllegalTransition) as refused:
        REQUEST_MACHINE.ensure(Record("requested"), "use", id=7)
    assert refused.value.key == "seal_request.not_approved"
    assert "#7" in refused.value.message()
    assert label("seal_request_state", "requested") in refused.value.message()


def test_a_state_refusal_words_the_state_through_the_machine() -> None:
    refused = VISIT_MACHINE.refuse_state("visit.closed", "settled", code="JD-2026-0001")
    assert refused.params == {"code": "JD-2026-0001", "state": "settled"}
    assert label("visit_state", "settled") in refused.message()


def test_a_table_naming_an_unknown_state_is_a_bug_found_at_import() -> None:
    with pytest.raises(ValueError, match="nowhere"):
        StateMachine(
            name="x",
            states=("a",),
            table={"go": ({"a"}, "nowhere")},
            initial="a",
            state_labels="state",
            action_labels="action",
        )


# ---- every register's machine ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_every_state_is_reachable_from_the_first(name: str) -> None:
    machine = MACHINES[name]
    assert machine.reachable() == set(machine.states)


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_every_action_leads_to_a_state_and_starts_from_one(name: str) -> None:
    machine = MACHINES[name]
    for sources, target in machine.actions.values():
        assert target in machine.states
        assert sources and sources <= set(machine.states)


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_every_state_and_action_has_a_label_in_both_languages(name: str) -> None:
    machine = MACHINES[name]
    wording = [f"{machine.state_labels}.{state}" for state in machine.states]
    if name != "seal_request":  # its refusals name the state only
        wording += [f"{machine.action_labels}.{action}" for action in machine.actions]
        wording += [f"{machine.name}.illegal", f"{machine.name}.no_actions"]
    wording += list(machine.refusals.values())
    for language in ("en", "zh"):
        from officedesk.i18n import catalogue

        missing = [key for key in wording if key not in catalogue(language)]
        assert not missing, (language, missing)
