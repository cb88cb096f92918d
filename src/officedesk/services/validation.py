"""Turn pydantic validation errors into one clear, translated line."""

import re
from collections.abc import Sequence
from functools import cache
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from officedesk.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, Any], labels: dict[str, str] | None = None) -> M:
    """Validate through a non-table model (table models skip validation entirely).

    `labels` renames a field for the message where the same name means something else
    elsewhere (a person's `title` is a job title, a task's is its subject)."""
    try:
        return model.model_validate(_coded(model, data))
    except ValidationError as exc:
        raise _first_error(exc, labels or {}) from None


def _choices_of(annotation: Any) -> tuple[str, ...]:
    """The codes of a fixed choice (a Literal, maybe optional), or () for any other field."""
    if get_origin(annotation) is Literal:
        return tuple(str(arg) for arg in get_args(annotation))
    return next((found for arg in get_args(annotation) if (found := _choices_of(arg))), ())


@cache
def _model_choices(model: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """The model's fixed-choice fields and their codes, worked out once a model (a bulk write
    validates thousands of rows through the same one)."""
    found = {name: _choices_of(field.annotation) for name, field in model.model_fields.items()}
    return {name: allowed for name, allowed in found.items() if allowed}


def _coded(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """Fixed choices given by their word (通知, 急办) as their code; the rest as given."""
    coded = dict(data)
    choices = _model_choices(model)
    for name, value in data.items():
        allowed = choices.get(name)
        if not allowed or not isinstance(value, str):
            continue
        if value not in allowed:
            coded[name] = chosen(name, value, allowed)
    return coded


def chosen(field: str, value: str, allowed: Sequence[str]) -> str:
    """A fixed choice's code, given as the code or as the word the help shows for it; else
    refused listing the codes with their words."""
    if value in allowed:
        return value
    from officedesk.choice_words import code_for, group_for

    group = group_for(field, allowed)
    code = code_for(value, allowed, group) if group else None
    if code is not None:
        return code
    raise InvalidInput(
        "input.choice",
        field=field,
        choices=list(allowed),
        glosses={"choices": group} if group else None,
    )


def required_text(model: type[BaseModel], text: object, error_key: str, **params: Any) -> str:
    """The text a step cannot go without (a reason, a proposal), checked by its note schema
    (`Note`, `Reason`): a missing or oversized one is refused with the step's own message,
    which says what is needed, rather than the generic "required"."""
    try:
        form = model.model_validate({"text": text})
    except ValidationError:
        raise InvalidInput(error_key, **params) from None
    return str(form.model_dump()["text"])


def _first_error(exc: ValidationError, labels: dict[str, str]) -> InvalidInput:
    error = exc.errors(include_url=False)[0]
    field = str(error["loc"][0]) if error["loc"] else "value"
    name = labels.get(field, field)
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("missing", "string_too_short", "too_short"):
        return InvalidInput("input.required", field=name)
    if kind in ("string_too_long", "too_long"):
        return InvalidInput("input.too_long", field=name, max=ctx.get("max_length"))
    if kind in ("literal_error", "enum"):
        # pydantic words them "'a', 'b' or 'c'": the codes, as a list like every input.choice.
        codes = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return InvalidInput("input.choice", field=name, choices=codes)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return InvalidInput("input.range", field=name)
    if kind.startswith(("int", "float")):
        return InvalidInput("input.number", field=name)
    if kind == "value_error":
        reason = str(ctx.get("error", ""))
        if reason in ("phone", "email", "code", "control"):
            return InvalidInput(f"input.{reason}", field=name)
    return InvalidInput("input.invalid", field=name)


def strip_text(value: Any) -> Any:
    """Trim surrounding whitespace; blank means missing for required fields."""
    return value.strip() if isinstance(value, str) else value
