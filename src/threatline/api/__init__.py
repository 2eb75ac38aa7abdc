"""The REST API (FastAPI) under ``/api/v1``: see :func:`create_app`."""

from threatline.api.app import API_PREFIX, create_app, factory
from threatline.api.errors import ApiError, ErrorBody, ErrorResponse

__all__ = ["API_PREFIX", "ApiError", "ErrorBody", "ErrorResponse", "create_app", "factory"]
