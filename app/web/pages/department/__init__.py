"""The department's pages under /department: the indicators against the plan's targets with
their drill-down, the transaction register, the plan's targets, the exports and the audit
trails. For department staff and administrators only, as the API's staff endpoints are."""

from __future__ import annotations

from fastapi import APIRouter

from app.web.pages.department import dashboard, history, plans, register

router = APIRouter()
for _module in (dashboard, register, plans, history):
    router.include_router(_module.router)
