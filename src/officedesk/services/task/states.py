"""The supervision items' lifecycle (督办): the states, the machine every front end reads, and
what each state offers."""

from officedesk.services.states import StateMachine, Table

STATES = ("assigned", "in_progress", "done", "evaluated", "cancelled")
OPEN_STATES = frozenset({"assigned", "in_progress"})
DONE_STATES = ("done", "evaluated")  # finished: an evaluated item stays done

TASK_STEPS: Table = {
    "start": ({"assigned"}, "in_progress"),
    "done": (OPEN_STATES, "done"),
    "evaluate": ({"done"}, "evaluated"),
    "cancel": (OPEN_STATES, "cancelled"),
    "reopen": ({"done"}, "in_progress"),
}
TASK_MACHINE = StateMachine(
    name="task",
    states=STATES,
    table=TASK_STEPS,
    # Supervision items word their states and actions in the catalogue's plain groups.
    state_labels="state",
    action_labels="action",
)

# Operations that are not state changes: what each needs of the item (see remind_task,
# request_extension, add_log_entry), and which may be applied to several items at once.
BATCH_OPERATIONS = ("remind", "extend", "done")


def offered_operations(state: str) -> list[str]:
    """Every operation the front ends should offer for an item in this state: the legal
    transitions, remind and extend while it is open, a log entry always."""
    offered = list(TASK_MACHINE.allowed(state))
    if state in OPEN_STATES:
        offered += ["remind", "extend"]
    return [*offered, "log"]
