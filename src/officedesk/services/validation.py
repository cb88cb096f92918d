"""Turn pydantic validation errors into one clear, translated line."""

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from officedesk.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, Any], labels: dict[str, str] | None = None) -> M:
    """Validate through a non-table model (table models skip validation entirely).

    `labels` renames a field for the message where the same name means something else
    elsewhere (a person's `title` is a job title, a task's is its subject)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, labels or {}) from None


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
        return InvalidInput("input.choice", field=name, choices=ctx.get("expected", ""))
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
