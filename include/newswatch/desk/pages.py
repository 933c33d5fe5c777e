"""The desk's pages, each at a stable URL: the alerts inbox at ``/``, a world event at
``/events/{event_id}``, ``/timeline``, ``/search``, ``/feeds``, and each topic's Atom feed at
``/topics/{topic}.atom``. Every list page also answers ``?format=csv`` and ``?format=json`` with
the same filters (export.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from newswatch import ontology
from newswatch.desk import queries
from newswatch.desk.auth import Principal, csrf_token
from newswatch.desk.eventpage import event_detail
from newswatch.desk.export import rows_response, to_json
from newswatch.desk.filters import (
    AlertFilter,
    FeedFilter,
    Page,
    Params,
    SearchFilter,
    TimelineFilter,
    query_string,
)
from newswatch.desk.render import href
from newswatch.desk.state import Desk, desk_of
from newswatch.errors import NotFound

TIMELINE_TABLE = 100  # events listed under a timeline's chart (its exports list them all)


def render(request: Request, principal: Principal, template: str, **context: Any) -> Response:
    desk = desk_of(request)
    return desk.templates.TemplateResponse(request, template, {
        "principal": principal, "csrf": csrf_token(desk.secret, principal.name),
        "can_sign_out": desk.settings.auth == "token" and not principal.via_header,
        "self_url": _self(request), **context})


def _self(request: Request) -> str:
    """This page's path and query inside the desk (where a form sends the analyst back)."""
    root = request.scope.get("root_path", "").rstrip("/")
    path = request.url.path[len(root):] if request.url.path.startswith(root) else request.url.path
    return path + ("?" + request.url.query if request.url.query else "")


def absolute(request: Request, path: str) -> str:
    """A full URL for ``path`` as returned by `href` (which already holds the mount point)."""
    return f"{request.url.scheme}://{request.url.netloc}{path}"


def known_topics(desk: Desk, cur: Any) -> list[str]:
    names = list(desk.topics.current())
    return names + [t for t in queries.alert_topics(cur) if t not in names]


def _event_id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise NotFound(f"no world event with id {value!r}") from None


def register(app: FastAPI, who: Callable[..., Any]) -> None:  # noqa: C901 - one route per page
    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/")
    def inbox(request: Request, principal: Principal = Depends(who)) -> Response:
        desk, p = desk_of(request), Params(request.query_params)
        output = p.output()
        f, page = AlertFilter.read(p), Page.read(p, output)
        with desk.pool.cursor() as cur:
            rows, more = queries.alerts(cur, f, page)
            if output != "html":
                for r in rows:
                    r["event_page"] = absolute(request, href(request, f"/events/{r['event_id']}"))
                return rows_response(rows, output, name="alerts", truncated=more, extra={"filters": asdict(f)})
            topics, kinds, mutes = known_topics(desk, cur), queries.novelty_kinds(cur), queries.mutes(cur)
        return render(request, principal, "inbox.html", rows=rows, more=more, filt=f, page=page, topics=topics,
                      kinds=kinds, mutes=mutes, qs=query_string(f), nav="inbox")

    @app.get("/events/{event_id}")
    def event_page(event_id: str, request: Request, principal: Principal = Depends(who)) -> Response:
        desk, p = desk_of(request), Params(request.query_params)
        output = p.output()
        with desk.pool.cursor() as cur:
            detail = event_detail(cur, _event_id(event_id), mentions_limit=10_000 if output != "html" else 200)
        if output == "csv":
            mentions = [{k: v for k, v in m.items() if k != "context"} for m in detail["mentions"]]
            return rows_response(mentions, "csv", name=f"event-{event_id}-mentions")
        if output == "json":
            body = {k: detail[k] for k in ("event", "history", "alerts", "mentions_total")}
            body["mentions"] = [{k: v for k, v in m.items() if k != "context"} for m in detail["mentions"]]
            return Response(to_json(body), media_type="application/json")
        return render(request, principal, "event.html", **detail, nav="")

    @app.get("/timeline")
    def timeline_page(request: Request, principal: Principal = Depends(who)) -> Response:
        from newswatch.desk.timeline import NARROW, layout, svg

        desk, p = desk_of(request), Params(request.query_params)
        output = p.output()
        f = TimelineFilter.read(p)
        with desk.pool.cursor() as cur:
            if not f.chosen:
                if output != "html":
                    return JSONResponse({"detail": "choose a topic or actors (e.g. ?topic=arms-transfers or "
                                                   "?actors=PRK,RUS)"}, status_code=400)
                return render(request, principal, "timelines.html", topics=known_topics(desk, cur),
                              pairs=queries.busiest_pairs(cur), topics_error=desk.topics.error, nav="timeline")
            definition = desk.topics.current().get(f.topic) if f.topic else None
            if f.topic and definition is None and not queries.topic_alerted(cur, f.topic):
                raise NotFound(f"no topic named {f.topic!r}")
            cap = queries.TIMELINE_CAP if output == "html" else 10_000
            rows, more = queries.timeline(cur, f, definition, cap)
        if output != "html":
            for r in rows:
                r["event_page"] = absolute(request, href(request, f"/events/{r['event_id']}"))
            return rows_response(rows, output, name="timeline", truncated=more, extra={"filters": asdict(f)})
        label = f"timeline of {len(rows)} world events"
        # A chart cut to its latest marks spans those marks, not the whole requested range.
        since, until = (None, None) if more else (f.since, f.until)
        charts = [svg(layout(rows, since=since, until=until, **shape), size=size, label=label,
                      href=lambda event_id: href(request, f"/events/{event_id}"))
                  for size, shape in (("wide", {}), ("narrow", NARROW))]
        return render(request, principal, "timeline.html", filt=f, rows=rows, more=more, charts=charts,
                      table_rows=TIMELINE_TABLE,
                      definition=definition, qs=query_string(f), nav="timeline")

    @app.get("/search")
    def search_page(request: Request, principal: Principal = Depends(who)) -> Response:
        desk, p = desk_of(request), Params(request.query_params)
        output = p.output()
        f, page = SearchFilter.read(p), Page.read(p, output)
        rows, more = [], False
        if not f.empty:
            with desk.pool.cursor() as cur:
                rows, more = queries.search(cur, f, page)
        if output != "html":
            for r in rows:
                r["event_page"] = absolute(request, href(request, f"/events/{r['event_id']}"))
            return rows_response(rows, output, name="search", truncated=more, extra={"filters": asdict(f)})
        onto = ontology.shipped()
        return render(request, principal, "search.html", filt=f, rows=rows, more=more, page=page,
                      qs=query_string(f), types=onto.event_types, claims=onto.claim_statuses, nav="search")

    @app.get("/feeds")
    def feeds_page(request: Request, principal: Principal = Depends(who)) -> Response:
        desk, p = desk_of(request), Params(request.query_params)
        output = p.output()
        f = FeedFilter.read(p)
        with desk.pool.cursor() as cur:
            rows = queries.feeds(cur, f)
        if output != "html":
            return rows_response(rows, output, name="feeds", extra={"filters": asdict(f)})
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["health"]] = counts.get(r["health"], 0) + 1
        return render(request, principal, "feeds.html", rows=rows, filt=f, counts=counts, nav="feeds")

    @app.get("/topics/{topic}.atom")
    def topic_atom(topic: str, request: Request, principal: Principal = Depends(who)) -> Response:
        from newswatch.alerts.channels.atom import topic_feed
        from newswatch.store import EventStore

        desk = desk_of(request)
        with desk.pool.connection() as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT DISTINCT topic FROM newswatch.alerts")
                alerted = {r[0] for r in cur.fetchall()}
            if topic not in desk.topics.current() and topic not in alerted:
                raise NotFound(f"no topic named {topic!r}")
            body = topic_feed(EventStore(conn), topic, self_url=absolute(request, href(request, f"/topics/{topic}.atom")))
        return Response(body, media_type="application/atom+xml; charset=utf-8")

