"""What an analyst changes from the desk, each an appended event through `newswatch.alerts.actions`
(the functions behind `newswatch ack | mute | unmute`), never an UPDATE: acknowledge an alert, mute
or unmute an alert stream, with the signed-in user recorded as ``by``. Each is idempotent: the
same request again appends nothing. Also signing in and out (token mode).

A form posts back and is redirected to the page it came from (303); an API client (Authorization
header, or ``Accept: application/json``) gets JSON saying whether anything was appended.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from newswatch.desk.auth import (
    CSRF_FIELD,
    SESSION_COOKIE,
    Principal,
    check_csrf,
    safe_next,
    same_secret,
    session_cookie,
)
from newswatch.desk.db import writer
from newswatch.desk.filters import BadParameter, Params
from newswatch.desk.render import href
from newswatch.desk.state import Desk, desk_of
from newswatch.errors import NotFound

_MAX_NAME = 80


def _now() -> datetime:
    # An analyst's action happens when they take it: the wall clock is the right time here.
    return datetime.now(timezone.utc).replace(microsecond=0)


def _instant() -> datetime:
    """The moment of a mute or unmute, to the microsecond: the event's id is keyed by it, so two
    different changes in one second stay two facts (a repeated one is caught by the state check)."""
    return datetime.now(timezone.utc)


def _until(value: str | None, now: datetime) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadParameter(f"until: an ISO date or time such as 2026-11-29T18:00Z; got {value!r}") from None
    parsed = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)
    if parsed <= now:
        raise BadParameter(f"until: {parsed.isoformat()} is not in the future")
    return parsed


def _answer(request: Request, principal: Principal, form: Any, payload: dict[str, Any]) -> Response:
    if principal.via_header or "application/json" in request.headers.get("accept", ""):
        return JSONResponse(payload)
    return RedirectResponse(href(request, safe_next(form.get("next"))), status_code=303)


def _known_topic(store: Any, desk: Desk, topic: str) -> None:
    with store.transaction() as cur:
        cur.execute("SELECT 1 FROM newswatch.alerts WHERE topic = %s LIMIT 1", (topic,))
        alerted = cur.fetchone() is not None
    if not alerted and topic not in desk.topics.current():
        raise NotFound(f"no topic named {topic!r}")


def _active_mute(store: Any, topic: str, a1: str, a2: str) -> dict[str, Any] | None:
    with store.transaction() as cur:
        cur.execute("""SELECT muted_until, reason FROM newswatch.alert_mutes
                       WHERE active AND topic = %s AND actor1_code = %s AND actor2_code = %s""", (topic, a1, a2))
        row = cur.fetchone()
    return {"muted_until": row[0], "reason": row[1]} if row else None


def acknowledge(desk: Desk, alert_id: str, by: str, note: str | None) -> bool:
    from newswatch.alerts.actions import acknowledge_alert

    with writer(desk.database_url()) as store:
        return acknowledge_alert(store, alert_id, now=_now(), by=by, note=note)


def mute(desk: Desk, topic: str, pair: tuple[str, ...], by: str, until: str | None, reason: str | None) -> bool:
    """Mute a stream; False (nothing appended) when it is already muted the same way."""
    from newswatch import projections
    from newswatch.alerts.actions import mute_stream

    now = _instant()
    end = _until(until, now)
    a1, a2 = (pair + ("", ""))[:2]
    with writer(desk.database_url()) as store:
        _known_topic(store, desk, topic)
        projections.catch_up(store, projections.ALERTS)
        current = _active_mute(store, topic, a1, a2)
        if current is not None and current["muted_until"] == end and (current["reason"] or None) == reason:
            return False
        mute_stream(store, topic, pair or None, now=now, until=end, by=by, reason=reason)
    return True


def unmute(desk: Desk, topic: str, pair: tuple[str, ...], by: str) -> bool:
    """Unmute a stream; False (nothing appended) when it is not muted."""
    from newswatch import projections
    from newswatch.alerts.actions import unmute_stream

    a1, a2 = (pair + ("", ""))[:2]
    with writer(desk.database_url()) as store:
        _known_topic(store, desk, topic)
        projections.catch_up(store, projections.ALERTS)
        if _active_mute(store, topic, a1, a2) is None:
            return False
        unmute_stream(store, topic, pair or None, now=_instant(), by=by)
    return True


def _pair(form: Any) -> tuple[str, ...]:
    pair = Params({"actors": form.get("actors") or ""}).codes("actors")
    if len(pair) == 1:
        raise BadParameter("actors: a pair of actor codes, e.g. PRK,RUS (or none for the whole topic)")
    return pair


def register(app: FastAPI, who: Callable[..., Any]) -> None:
    @app.post("/alerts/{alert_id}/acknowledge")
    async def acknowledge_route(alert_id: str, request: Request, principal: Principal = Depends(who)) -> Response:
        desk, form = desk_of(request), await request.form()
        check_csrf(principal, desk.secret, form.get(CSRF_FIELD))
        try:
            alert_id = str(uuid.UUID(alert_id))
        except ValueError:
            raise NotFound(f"no alert with id {alert_id!r}") from None
        note = (str(form.get("note") or "").strip() or None)
        done = await run_in_threadpool(acknowledge, desk, alert_id, principal.name, note)
        return _answer(request, principal, form, {"alert_id": alert_id, "acknowledged": True, "appended": done,
                                                  "by": principal.name})

    @app.post("/mutes")
    async def mute_route(request: Request, principal: Principal = Depends(who)) -> Response:
        desk, form = desk_of(request), await request.form()
        check_csrf(principal, desk.secret, form.get(CSRF_FIELD))
        p = Params({k: str(v) for k, v in form.items()})
        topic = p.text("topic")
        if not topic:
            raise BadParameter("topic: which topic to mute")
        pair, reason = _pair(form), p.text("reason", max_len=500)
        done = await run_in_threadpool(mute, desk, topic, pair, principal.name, p.text("until", max_len=40), reason)
        return _answer(request, principal, form, {"topic": topic, "actors": list(pair), "muted": True,
                                                  "appended": done, "by": principal.name})

    @app.post("/mutes/unmute")
    async def unmute_route(request: Request, principal: Principal = Depends(who)) -> Response:
        desk, form = desk_of(request), await request.form()
        check_csrf(principal, desk.secret, form.get(CSRF_FIELD))
        topic = Params({k: str(v) for k, v in form.items()}).text("topic")
        if not topic:
            raise BadParameter("topic: which topic to unmute")
        pair = _pair(form)
        done = await run_in_threadpool(unmute, desk, topic, pair, principal.name)
        return _answer(request, principal, form, {"topic": topic, "actors": list(pair), "muted": False,
                                                  "appended": done, "by": principal.name})

    @app.get("/login")
    def login_form(request: Request) -> Response:
        desk = desk_of(request)
        if desk.settings.auth != "token":
            return RedirectResponse(href(request, "/"), status_code=303)
        return _login_page(request, desk, error=None, status=200, target=request.query_params.get("next"))

    @app.post("/login")
    async def login(request: Request) -> Response:
        desk, form = desk_of(request), await request.form()
        if desk.settings.auth != "token":
            return RedirectResponse(href(request, "/"), status_code=303)
        token = str(form.get("token") or "").strip()
        if not token or not same_secret(token, desk.settings.token or ""):
            return _login_page(request, desk, error="That is not the desk token.", status=401,
                               target=str(form.get("next") or ""))
        name = " ".join(str(form.get("name") or "").split())[:_MAX_NAME] or "desk"
        response = RedirectResponse(href(request, safe_next(str(form.get("next") or ""))), status_code=303)
        response.set_cookie(SESSION_COOKIE, session_cookie(desk.settings.token or "", name,
                                                           days=desk.settings.session_days),
                            max_age=desk.settings.session_days * 86_400, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path=href(request, "/"))
        return response

    @app.post("/logout")
    async def logout(request: Request, principal: Principal = Depends(who)) -> Response:
        desk, form = desk_of(request), await request.form()
        check_csrf(principal, desk.secret, form.get(CSRF_FIELD))
        response = RedirectResponse(href(request, "/login"), status_code=303)
        response.delete_cookie(SESSION_COOKIE, path=href(request, "/"), httponly=True, samesite="strict")
        return response


def _login_page(request: Request, desk: Desk, *, error: str | None, status: int, target: str | None) -> Response:
    return desk.templates.TemplateResponse(request, "login.html", {"principal": None, "error": error,
                                                                   "next": safe_next(target)}, status_code=status)
