"""Who runs an event and who takes part in it.

- The department (and admins) or an intermediary organisation creates events; the organiser's
  members and the department run them (approve exhibitors, build the schedule, check in).
- A participant's members see its own requests and meetings; the other side of a meeting
  sees that meeting. Everyone sees published events and their approved catalogue.
"""

from __future__ import annotations

from app.core.roles import is_staff
from app.models import Event, EventParticipant, Organization, User
from app.models.vocabulary import OrganizationType, VerificationStatus


def may_create_events(user: User, organization: Organization | None) -> bool:
    if is_staff(user):
        return True
    return (
        organization is not None
        and organization.type is OrganizationType.intermediary
        and organization.verification_status is VerificationStatus.verified
    )


def is_organiser(user: User | None, event: Event) -> bool:
    return user is not None and (
        is_staff(user) or user.organization_id == event.organizer_organization_id
    )


def is_participant_member(user: User | None, participant: EventParticipant) -> bool:
    return user is not None and user.organization_id == participant.organization_id
