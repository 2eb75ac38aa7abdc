"""One JSON error shape for the whole API.

Every error response, whether raised on purpose, produced by routing (404,
405), by request validation (422) or by an unexpected exception (500), has the
body::

    {"error": {"status": 404, "code": "not_found", "message": "...", "detail": null}}

:func:`install_error_handlers` registers the handlers that guarantee it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from threatline.errors import StoreError

log = logging.getLogger(__name__)

__all__ = ["ApiError", "ErrorBody", "ErrorResponse", "error_response", "install_error_handlers"]


class ErrorBody(BaseModel):
    """What went wrong: the HTTP status, a stable machine code and a one-line message."""

    status: int
    code: str = Field(description="stable snake_case code, e.g. 'not_found', 'validation_error'")
    message: str
    detail: Any = Field(default=None, description="structured detail, e.g. the invalid fields")


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorBody


class ApiError(StarletteHTTPException):
    """An error raised on purpose by a route, with its own code and detail."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code or _code_for(status)
        self.extra = detail


def _code_for(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "error"
    return phrase.lower().replace(" ", "_").replace("-", "_").replace("'", "")


def error_response(
    status: int,
    message: str,
    *,
    code: str | None = None,
    detail: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A JSON response with the one error shape."""
    body = ErrorResponse(
        error=ErrorBody(status=status, code=code or _code_for(status), message=message, detail=detail)
    )
    return JSONResponse(
        jsonable_encoder(body), status_code=status, headers=dict(headers) if headers else None
    )


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc, ApiError):
        return error_response(
            exc.status_code, str(exc.detail), code=exc.code, detail=exc.extra, headers=exc.headers
        )
    # Starlette's own errors (unknown path, wrong method) carry the phrase as detail
    message = exc.detail if isinstance(exc.detail, str) else _code_for(exc.status_code).replace("_", " ")
    return error_response(exc.status_code, message, headers=exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    first = errors[0] if errors else None
    where = ".".join(str(p) for p in first["loc"]) if first else "request"
    message = f"invalid request: {where}: {first['msg']}" if first else "invalid request"
    return error_response(422, message, code="validation_error", detail=errors)


async def _store_error(_request: Request, exc: Exception) -> JSONResponse:
    log.error("store error: %s", exc)
    return error_response(503, "the database is not available", code="store_unavailable")


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    # The reason goes to the server log; the client gets no internals.
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal server error", code="internal_error")


def install_error_handlers(app: FastAPI) -> None:
    """Make every error response of ``app`` use the one error shape."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _unhandled)
