"""The REST API application: ``create_app`` builds it, ``factory`` builds it from the environment.

Run it with ``threatline serve`` or, equivalently::

    uvicorn threatline.api.app:factory --factory --port 8000

Reads are open by default (the server binds localhost) and need the bearer
token when ``public_reads`` is false (env ``THREATLINE_API_PRIVATE=1``).
Ingest always needs the token; without a configured token it is refused.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from threatline import __version__
from threatline.api.errors import ApiError, ErrorResponse, install_error_handlers
from threatline.store import Store, open_store

__all__ = ["API_PREFIX", "ApiSettings", "create_app", "factory"]

API_PREFIX = "/api/v1"
TOKEN_ENV = "THREATLINE_API_TOKEN"  # noqa: S105 - the name of the variable, not a secret
PRIVATE_ENV = "THREATLINE_API_PRIVATE"
DB_ENV = "THREATLINE_DB"

_bearer = HTTPBearer(auto_error=False, description="the API token (THREATLINE_API_TOKEN)")


@dataclass(frozen=True)
class ApiSettings:
    """How an app instance was configured."""

    db_url: str | None
    token: str | None
    public_reads: bool


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def get_store(request: Request) -> Store:
    """The app's store (opened in the lifespan)."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
Settings = Annotated[ApiSettings, Depends(get_settings)]


def _check_token(settings: ApiSettings, credentials: HTTPAuthorizationCredentials | None, what: str) -> None:
    if settings.token is None:
        raise ApiError(
            403,
            f"{what} is disabled: no API token is configured (set {TOKEN_ENV} on the server)",
            code="token_not_configured",
        )
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise ApiError(401, f"{what} needs a bearer token", code="missing_token", headers=challenge)
    if not secrets.compare_digest(credentials.credentials.encode(), settings.token.encode()):
        raise ApiError(401, "invalid API token", code="invalid_token", headers=challenge)


def require_token(settings: Settings, credentials: Credentials) -> None:
    """Dependency of write routes: a valid bearer token, always."""
    _check_token(settings, credentials, "ingest")


def require_reader(settings: Settings, credentials: Credentials) -> None:
    """Dependency of read routes: a valid bearer token unless reads are public."""
    if not settings.public_reads:
        _check_token(settings, credentials, "reading")


def create_app(db_url: str | None = None, token: str | None = None, public_reads: bool = True) -> FastAPI:
    """The Threatline API over the store at ``db_url`` (default: ``THREATLINE_DB``).

    ``token`` defaults to ``THREATLINE_API_TOKEN``; without one, ingest is
    refused with 403. Reads need the token when ``public_reads`` is false or
    ``THREATLINE_API_PRIVATE=1``. The store is opened on startup and closed
    on shutdown.

    >>> app = create_app("sqlite:///threatline.db", token="s3cret")  # doctest: +SKIP
    """
    from threatline.api.ingest import router as ingest_router  # noqa: PLC0415 - avoids an import cycle
    from threatline.api.routes import health_router  # noqa: PLC0415
    from threatline.api.routes import router as read_router  # noqa: PLC0415
    from threatline.web.pages import router as web_router  # noqa: PLC0415

    settings = ApiSettings(
        db_url=db_url,
        token=token or os.environ.get(TOKEN_ENV) or None,
        public_reads=public_reads and not _env_flag(PRIVATE_ENV),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = open_store(settings.db_url)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(
        title="Threatline API",
        version=__version__,
        description=(
            "Articles, events, incidents and stories of a Threatline store. "
            'Every error has the body `{"error": {status, code, message, detail}}`.'
        ),
        lifespan=lifespan,
        responses={500: {"model": ErrorResponse, "description": "Internal error"}},
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(health_router, prefix=API_PREFIX)
    app.include_router(read_router, prefix=API_PREFIX, dependencies=[Depends(require_reader)])
    app.include_router(ingest_router, prefix=API_PREFIX, dependencies=[Depends(require_token)])
    app.include_router(web_router)  # the analyst UI pages (HTML), outside the API prefix
    return app


def factory() -> FastAPI:
    """The app configured from ``THREATLINE_DB``, ``THREATLINE_API_TOKEN`` and ``THREATLINE_API_PRIVATE``."""
    return create_app(os.environ.get(DB_ENV) or None)
