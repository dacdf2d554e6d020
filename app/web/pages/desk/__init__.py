"""The broker's desk: suggestions, the pipeline by stage, each deal's page, the tasks due
and the transaction of a signed deal. For brokers of an intermediary organisation only, with
the same services and permissions as the API's deals (app/deal) and desk."""

from __future__ import annotations

from fastapi import APIRouter

from app.web.pages.desk import deal, pipeline, suggestions, tasks, transaction

router = APIRouter()
# The fixed paths before /desk/deals/{deal_id}.
for _module in (suggestions, tasks, pipeline, transaction, deal):
    router.include_router(_module.router)
