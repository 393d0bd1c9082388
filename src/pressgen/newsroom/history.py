"""An organization's history as the newsroom shows it: every event, by year (newest year first), tied to its releases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from babel import Locale
from babel.dates import format_skeleton

from ..errors import Problem
from ..spec.model import HistoryEvent, Organization
from ..spec.registry import Registry


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    language: str


@dataclass(frozen=True)
class EventView:
    anchor: str
    date: str
    month: str
    category: str
    title: str
    description: list[str]  # its lines
    releases: list[Link]


@dataclass(frozen=True)
class YearView:
    year: str
    heading: str
    events: list[EventView]


def history(org: Organization, locale: Locale, releases_of: dict[str, list[Link]]) -> list[YearView]:
    """Years newest first; within a year, events in the order of the months, as the organization's own page has them.

    `releases_of` maps a release id to the links of its public language versions.
    """
    anchors = event_anchors(org)
    ordered = sorted(zip(anchors, org.history), key=lambda item: item[1].date[:7])
    years = []
    for year, items in groupby(ordered, key=lambda item: item[1].date[:4]):
        events = [_event(anchor, event, locale, releases_of) for anchor, event in items]
        heading = format_skeleton("y", dt.date(int(year), 1, 1), locale=locale)
        years.append(YearView(year, heading, events))
    return years[::-1]


def event_anchors(org: Organization) -> list[str]:
    """A fragment id per event, by its month: it stays put when events of other months are added."""
    seen: dict[str, int] = {}
    anchors = []
    for event in org.history:
        month = event.date[:7]
        seen[month] = seen.get(month, 0) + 1
        anchors.append(f"event-{month}" + (f"-{seen[month]}" if seen[month] > 1 else ""))
    return anchors


def unknown_release_problems(registry: Registry, release_ids: set[str]) -> list[Problem]:
    """A history event may name only a release of this project."""
    problems = []
    for org_id, org in registry.orgs.items():
        for n, event in enumerate(org.history):
            if event.release and event.release not in release_ids:
                known = ", ".join(sorted(release_ids)[:8]) or "none"
                message = f"unknown release '{event.release}'; releases of this project include: {known}"
                problems.append(registry.docs[org_id].problem(("history", n, "release"), message))
    return problems


def event_month(event: HistoryEvent) -> dt.date:
    return dt.date(int(event.date[:4]), int(event.date[5:7]), 1)


def _event(anchor: str, event: HistoryEvent, locale: Locale, releases_of: dict[str, list[Link]]) -> EventView:
    return EventView(
        anchor=anchor,
        date=event.date[:7],
        month=format_skeleton("MMMM", event_month(event), locale=locale),
        category=event.category,
        title=event.title,
        description=(event.description or "").splitlines(),
        releases=releases_of.get(event.release or "", []),
    )
