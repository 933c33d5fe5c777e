"""The analyst's desk as one FastAPI app: `create_app(settings)` for `newswatch serve`, and with an
``identify`` dependency for a host that signs users in itself (the Airflow plugin).

Pages are rendered on the server (Jinja2) with one vendored stylesheet: no CDN, no JavaScript
needed, so a desk on an air-gapped network works the same.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newswatch.desk import pages, writes
from newswatch.desk.auth import CsrfRefused, NotSignedIn, Principal, bearer_token, token_principal
from newswatch.desk.db import ReaderPool, TooSlow
from newswatch.desk.filters import BadParameter
from newswatch.desk.render import href, setup_templates
from newswatch.desk.settings import DeskSettings
from newswatch.desk.state import Desk, TopicsFile
from newswatch.errors import NewswatchError, NotFound, StoreUnavailable

# Pages may be framed by their own host only (Airflow shows the desk in an iframe of its UI).
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
                               "frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def principal_dependency(settings: DeskSettings, identify: Callable[..., Any] | None) -> Callable[..., Any]:
    """The dependency every route takes: who is at the desk (NotSignedIn when nobody valid)."""
    if settings.auth == "external":
        if identify is None:
            raise ValueError("an externally authenticated desk needs an identify dependency")

        async def external(request: Request, name: str = Depends(identify)) -> Principal:
            return Principal(name=str(name), via_header=bearer_token(request) is not None)

        return external
    if settings.auth == "token":
        def by_token(request: Request) -> Principal:
            return token_principal(request, settings)

        return by_token

    def local(request: Request) -> Principal:
        return Principal(name=settings.local_user, via_header=bearer_token(request) is not None)

    return local


def create_app(settings: DeskSettings, *, identify: Callable[..., Any] | None = None) -> FastAPI:
    app = FastAPI(title="newswatch desk", docs_url=None, redoc_url=None, openapi_url=None)
    templates = setup_templates()
    desk = Desk(settings=settings, templates=templates, topics=TopicsFile(),
                secret=settings.secret or settings.token or secrets.token_hex(32),
                pool=ReaderPool(lambda: desk.database_url(), size=settings.pool_size,
                                statement_timeout_ms=settings.statement_timeout_ms))
    app.state.desk = desk
    who = principal_dependency(settings, identify)
    app.state.principal_dependency = who

    static = resources.files("newswatch.desk") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    pages.register(app, who)
    writes.register(app, who)
    if settings.auth == "none" and settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[..., Any]) -> Response:
        response = await call_next(request)
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.rstrip("/").endswith(("/login", "/logout")) or request.method != "GET":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if settings.auth == "token" and _wants_html(request) and request.method == "GET":
            target = request.url.path[len(request.scope.get("root_path", "")):] or "/"
            if request.url.query:
                target += "?" + request.url.query
            return RedirectResponse(href(request, "/login", next=target), status_code=303)
        return _error(request, 401, exc.reason, headers={"WWW-Authenticate": 'Bearer realm="newswatch desk"'})

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        return _error(request, 403, str(exc))

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(TooSlow)
    async def too_slow(request: Request, exc: TooSlow) -> Response:
        return _error(request, 504, str(exc))

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable) -> Response:
        return _error(request, 503, f"the event store cannot be reached: {exc}")

    @app.exception_handler(NewswatchError)
    async def newswatch_error(request: Request, exc: NewswatchError) -> Response:
        return _error(request, 500, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), headers=exc.headers)

    return app


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") and request.query_params.get("format") in (None, "html")


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if not _wants_html(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    desk: Desk = request.app.state.desk
    return desk.templates.TemplateResponse(request, "error.html", {"status": status, "message": message,
                                                                   "principal": None},
                                           status_code=status, headers=headers)
