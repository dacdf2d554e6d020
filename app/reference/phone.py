"""Telephone numbers as people type them: digits with an optional +, spaces, dots, brackets."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 .()-]{8,20}$")]
