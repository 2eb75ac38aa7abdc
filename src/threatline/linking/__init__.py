"""Linking across articles: stories (articles about one incident or chain of events).

Public API::

    from threatline.linking import StoryLinker, StoryInput, StoryDecision
"""

from threatline.linking.features import StoryConfig, default_config
from threatline.linking.index import StoryIndex, StoryState
from threatline.linking.stories import (
    STATE_VERSION,
    StoryDecision,
    StoryInput,
    StoryLinker,
    link_articles,
)

__all__ = [
    "STATE_VERSION",
    "StoryConfig",
    "StoryDecision",
    "StoryIndex",
    "StoryInput",
    "StoryLinker",
    "StoryState",
    "default_config",
    "link_articles",
]
