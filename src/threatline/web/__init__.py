"""The analyst web UI: server-rendered pages over the store, mounted in the API app.

Pages (all HTML, every asset shipped in this package, nothing from a CDN):
``/`` timeline with filters, ``/incidents/{id}`` sources side by side,
``/actors/{entity_id}``, ``/places/{name}``, ``/map``, ``/search`` and
``/articles/{id}``. Article text is untrusted and always escaped.
"""

from __future__ import annotations

from threatline.web.pages import highlight, router

__all__ = ["highlight", "router"]
