"""What input and read models share: field types with their validation, and the base class.

Non-table models validate; SQLModel `table=True` models skip validation entirely."""

import re
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BeforeValidator, Field
from sqlmodel import SQLModel
from sqlmodel._compat import SQLModelConfig

from officedesk.models.limits import NOTE_MAX, REMARK_MAX


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return _strip(value)


def _blank_to_zero(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return 0
    return _strip(value)


_PHONE = re.compile(r"^\+?[0-9 ()\-]{3,30}(\s*(ext\.?|转|x)\s*[0-9]{1,6})?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")


def _check_phone(value: str) -> str:
    if value and not _PHONE.match(value):
        raise ValueError("phone")
    return value


def _check_email(value: str) -> str:
    if value and not _EMAIL.match(value):
        raise ValueError("email")
    return value


def _check_code(value: Optional[str]) -> Optional[str]:
    if value is not None and not _CODE.match(value):
        raise ValueError("code")
    return value.upper() if value else value


def _no_controls(value: object) -> object:
    """Reject control characters in one-line fields: they would corrupt tables and terminals."""
    if isinstance(value, str) and any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise ValueError("control")
    return value


Name = Annotated[str, BeforeValidator(_strip), AfterValidator(_no_controls)]
OptText = Annotated[Optional[str], BeforeValidator(_blank_to_none)]
LongText = Annotated[str, BeforeValidator(_strip)]
Phone = Annotated[str, BeforeValidator(_strip), AfterValidator(_check_phone)]
Email = Annotated[str, BeforeValidator(_strip), AfterValidator(_check_email)]
# 保密期限 in years (机密★10年): a blank form field is none (0); the longest a grade allows is
# checked by services.marks.
SecrecyYears = Annotated[int, BeforeValidator(_blank_to_zero), Field(ge=0, le=30)]
Code = Annotated[Optional[str], BeforeValidator(_blank_to_none), AfterValidator(_check_code)]

DeptKind = Literal["internal", "superior", "external"]
Source = Literal["superior", "leadership", "department", "meeting", "incoming"]
Priority = Literal["urgent", "normal", "difficult"]


class Schema(SQLModel):
    """Base of input and read models: pydantic builds each validator on first use, not at import,
    so a command pays only for the models it touches."""

    model_config = SQLModelConfig(defer_build=True)


class Note(Schema):
    """A note that must say something (a log entry, a reason to cancel)."""

    text: LongText = Field(min_length=1, max_length=NOTE_MAX)


class OptionalNote(Schema):
    text: LongText = Field(default="", max_length=NOTE_MAX)


class Reason(Schema):
    """A short text that must be given: why a document is returned, what changed."""

    text: LongText = Field(min_length=1, max_length=REMARK_MAX)


class OptionalRemark(Schema):
    text: LongText = Field(default="", max_length=REMARK_MAX)
