"""Casualties of an assault: its dead and injured, from its sentence and across the article.

:func:`count_casualties` and :func:`count_told_deaths` (:mod:`~threatline.events.casualties.count`)
apply the rules of the other modules: figures in the sentence
(:mod:`~threatline.events.casualties.figures`), victims of the verb
(:mod:`~threatline.events.casualties.implied`), deaths and wounded told elsewhere
(:mod:`~threatline.events.casualties.told_deaths`,
:mod:`~threatline.events.casualties.wounded`), the killer's own death
(:mod:`~threatline.events.casualties.killer_death`), and what a number counts
(:mod:`~threatline.events.casualties.counting`).
"""

from threatline.events.casualties.count import (
    VIOLENT,
    count_casualties,
    count_told_deaths,
)

__all__ = [
    "VIOLENT",
    "count_casualties",
    "count_told_deaths",
]
