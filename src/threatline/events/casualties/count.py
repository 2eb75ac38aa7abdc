"""Casualties of an assault: its dead and injured, from its sentence and across the article.

Only assaults (:data:`VIOLENT`) count casualties. The rules, each in its module:

* **dead / injured** (ASSAULT only): the Claims of the sentence whose quantity
  counts dead or injured; failing those, numbers next to casualty words in the
  sentence ("at least 137 deaths", "leaving two dead", "killing two officers"),
  see :mod:`~threatline.events.casualties.figures`. Failing figures, the victims
  of the draft's killing or wounding verb ("killed one and wounded another",
  "three people were shot"), see :mod:`~threatline.events.casualties.implied`.
* **deaths told elsewhere** ("the victim later died", "she was pronounced dead",
  "the shooting death of a boy"): counted across the article and given to its
  main asserted ASSAULT; the victims of a wounding verb who are those dead are
  then no longer counted wounded, see :mod:`~threatline.events.casualties.told_deaths`.
* **the killer's own death** ("shot two men and then killed himself"): one more
  dead, see :mod:`~threatline.events.casualties.killer_death`.
* **wounded told elsewhere** ("Two others were wounded."): see
  :mod:`~threatline.events.casualties.wounded`.

* **counts that are no figure of the attack**: a count whose clause tells a
  period, another place or several attacks ("344 were killed last year", "200
  shot in the city since January", "in separate shootings", see
  :func:`~threatline.events.casualties.counting.period_tally`), an age set off by commas
  ("Boy, 11, dies") and the killers a number counts ("3 suspects in the
  shooting death") give no dead or wounded, whether read from a figure, a
  killing or wounding verb's victims, or a statement of death or hurt.

:func:`count_casualties` applies the first rule to one draft,
:func:`count_told_deaths` the others to all the drafts of an article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from threatline.events.casualties.figures import sentence_figures
from threatline.events.casualties.implied import (
    kill_count,
    shot_less_dead,
    wound_count,
    wounded_besides,
    wounding_verb,
)
from threatline.events.casualties.killer_death import count_the_killer
from threatline.events.casualties.told_deaths import (
    death_statements,
    give_deaths,
    spare_the_dead,
    tells_of_wounded,
)
from threatline.events.casualties.wounded import give_wounded, tells_care, told_wounded
from threatline.events.draft import Draft
from threatline.events.ontology import EventPatterns
from threatline.events.roles import own_passive
from threatline.models import Claim, TimeInterval

__all__ = ["VIOLENT", "count_casualties", "count_told_deaths"]

VIOLENT = frozenset({"ASSAULT"})
"""The event types whose drafts count dead and injured."""


def count_casualties(
    d: Draft, claims: Sequence[Claim], patterns: EventPatterns, peers: Sequence[int] = ()
) -> None:
    """Fill the ``dead``, ``injured`` and ``implied_injured`` of an assault draft from its sentence.

    Figures of the sentence (its Claims, else numbers next to casualty words)
    come first; failing those, the victims of the draft's killing or wounding verb.
    ``peers`` are the triggers of the sentence's other assaults: a sentence telling
    several ("a bombing in Kabul that killed two, and twin bombings in Kerman that
    killed more than 90") gives each the figures between its trigger and the next.
    """
    figures = sentence_figures(_own_part(d.token, peers), claims, patterns)
    if not figures and not own_passive(d.token):
        # a joined verb passive by itself tells its own toll or none ("killed two people
        # and was shot dead by police")
        figures = sentence_figures(d.token.sent, claims, patterns)
    if "injured" in figures and tells_care(d.token.sent, patterns.casualties):
        # victims in care may be the dead told elsewhere: the article-wide count decides
        del figures["injured"]
    d.dead = figures.get("dead") or kill_count(d, patterns)
    d.injured = figures.get("injured") or wounded_besides(d, patterns) or shot_less_dead(d, patterns)
    if d.injured is None:
        found = wounding_verb(d, patterns.casualties)
        d.injured, among, net = wound_count(d, found, figures.get("dead"), patterns)
        # victims already less the dead of their sentence are wounded whatever the article tells
        d.implied_injured = (
            d.injured is not None
            and not net
            and found is not None
            and found[0].lemma_.lower() not in patterns.casualties.injured
        )
        d.dead_among_injured = d.implied_injured and among


def _own_part(trigger: Token, peers: Sequence[int]) -> Span:
    """The part of ``trigger``'s sentence that tells its attack among ``peers`` (the
    sentence's other assault triggers): from the sentence's start, or its own trigger
    when another comes before it, to the next trigger."""
    sent = trigger.sent
    before = [i for i in peers if sent.start <= i < trigger.i]
    after = [i for i in peers if trigger.i < i < sent.end]
    start = trigger.i if before else sent.start
    return trigger.doc[start : min(after, default=sent.end)]


def count_told_deaths(
    drafts: Sequence[Draft],
    doc: Doc,
    times: Sequence[TimeInterval],
    published: dt.date | None,
    patterns: EventPatterns,
    *,
    sums: frozenset[int] = frozenset(),
) -> None:
    """Give the deaths ``doc`` tells without a killing verb to its main asserted assault,
    drop the wounded who are those dead, count a killer who died and give the
    wounded told elsewhere (see the module's rules).

    ``sums`` are the start indices of sentences whose counts add up several attacks
    ("three died in two shootings"): no count of several is given from them."""
    assaults = [d for d in drafts if d.type in VIOLENT and d.status == "asserted"]
    deaths = death_statements(doc, times, published, patterns)
    give_deaths(assaults, [d for d in deaths if d.count <= 1 or d.verb.sent.start not in sums])
    spare_the_dead(assaults, tells_of_wounded(doc, deaths, patterns))
    count_the_killer(assaults, doc, deaths, patterns)
    dead = max((d.dead.min or 0 for d in assaults if d.dead is not None), default=0)
    dead_subjects = frozenset(death.subject.i for death in deaths)
    wounded = told_wounded(
        doc,
        dead=dead,
        dead_subjects=dead_subjects,
        times=times,
        published=published,
        patterns=patterns,
        sums=sums,
    )
    give_wounded(drafts, wounded, VIOLENT)
