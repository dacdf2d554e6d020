"""Forms on pages: what was typed comes back with a message beside each bad field.

Inputs are named after the path of the field in the API's schema (``organization.tax_code``),
so the same pydantic model that checks an API body checks the form, and its errors land
beside the right input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.core.i18n import gettext as _
from app.core.i18n import translate
from app.web.csrf import FIELD_NAME

Model = TypeVar("Model", bound=BaseModel)

# Never sent back into a page, even when the form is shown again with its errors.
_NEVER_ECHOED = frozenset({FIELD_NAME, "password", "current_password", "new_password"})
FORM_ERROR = "__form__"


@dataclass
class FormState:
    """The values to show in the inputs and the message for each bad field
    (``FORM_ERROR`` for one about the whole form)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def value(self, name: str) -> Any:
        return self.values.get(name, "")

    def error(self, name: str) -> str:
        return self.errors.get(name, "")

    def fail(self, message: str, name: str = FORM_ERROR) -> FormState:
        self.errors[name] = message
        return self


async def read_form(request: Request) -> FormState:
    """The submitted fields (several values of one name become a list), minus secrets."""
    form = await request.form()
    values: dict[str, Any] = {}
    for name in form:
        if name in _NEVER_ECHOED:
            continue
        items = [item for item in form.getlist(name) if isinstance(item, str)]
        values[name] = items if len(items) > 1 else (items[0] if items else "")
    return FormState(values=values)


async def form_text(request: Request, name: str) -> str:
    value = (await request.form()).get(name)
    return value if isinstance(value, str) else ""


def nest(values: dict[str, Any], *, drop_empty: bool = True) -> dict[str, Any]:
    """Dotted input names as nested objects: {"organization.name": x} → {"organization":
    {"name": x}}. Empty inputs are left out, so optional fields stay unset."""
    nested: dict[str, Any] = {}
    for name, value in values.items():
        if drop_empty and value in ("", []):
            continue
        *parents, leaf = name.split(".")
        target = nested
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return nested


def validate(model: type[Model], data: dict[str, Any], state: FormState) -> Model | None:
    """The model built from the form, or None with the state's errors filled in."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
            state.errors.setdefault(name or FORM_ERROR, field_message(error))
        return None


def field_message(error: ErrorDetails) -> str:
    """A pydantic error in words a person can act on, in their language."""
    context = error.get("ctx") or {}
    kind = error["type"]
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_short":
        return _("Too short: at least %(count)s characters.") % {"count": context.get("min_length")}
    if kind == "string_too_long":
        return _("Too long: at most %(count)s characters.") % {"count": context.get("max_length")}
    if kind in ("int_parsing", "int_type", "float_parsing"):
        return _("Enter a whole number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a larger number.")
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a smaller number.")
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return _("Enter a date as dd/mm/yyyy.")
    if kind == "enum" or kind == "literal_error":
        return _("Choose one of the options.")
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return _("Enter an e-mail address such as name@example.com.")
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return translate(message)
