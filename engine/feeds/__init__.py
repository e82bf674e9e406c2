"""iCalendar feeds of published plans (pure: plans, scenario and stored event state in, bytes out).

`build_feed(scenario, plans, audience, state, changed_at)` is the one call most users need; persistence
stores the returned `state` (UID → SEQUENCE, hashes, last change) and passes it back next time.
"""

from engine.feeds.events import (
    DEFAULT_UID_DOMAIN,
    Audience,
    Directory,
    EventFacts,
    EventState,
    FeedKind,
    advance_state,
    assignment_events,
    event_uid,
    plan_events,
)
from engine.feeds.render import Feed, build_feed, calendar_name, render

__all__ = [
    "DEFAULT_UID_DOMAIN",
    "Audience",
    "Directory",
    "EventFacts",
    "EventState",
    "Feed",
    "FeedKind",
    "advance_state",
    "assignment_events",
    "build_feed",
    "calendar_name",
    "event_uid",
    "plan_events",
    "render",
]
