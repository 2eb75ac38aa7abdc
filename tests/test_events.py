"""Unit tests of the event extractor on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.analysis.nlp import load_pipeline
from threatline.errors import DataFileError
from threatline.events import extract_events, load_ontology, load_patterns
from threatline.events.ontology import EventPatterns, check_patterns
from threatline.extract import extract
from threatline.models import Article, Event, Evidence, Published, TimeInterval

ANCHOR = dt.date(2016, 8, 3)


def _events(text: str, times: list[TimeInterval] | None = None) -> list[Event]:
    doc = load_pipeline()(text)
    article = Article(id="t", text=text, text_hash="t", published=Published(date=ANCHOR, how="metadata"))
    return extract_events(
        doc, article, mentions=[], entities=[], times=times or [], places=[], claims=[], attributions=[]
    )


def _time(text: str, phrase: str, start: dt.date, end: dt.date, precision: str) -> TimeInterval:
    at = text.index(phrase)
    return TimeInterval(
        text=phrase,
        start=start,
        end=end,
        precision=precision,  # type: ignore[arg-type]
        evidence=Evidence(sentence=text, start=at, end=at + len(phrase)),
    )


def test_ontology_has_the_sixteen_types() -> None:
    onto = load_ontology()
    assert len(onto.types) == 16
    assert "suicide-attack" in onto.types["ASSAULT"].modes
    assert "martial-law" in onto.types["COERCE"].modes


def test_patterns_naming_unknown_modes_are_rejected() -> None:
    patterns = load_patterns()
    bad = EventPatterns.model_validate(
        {
            **patterns.model_dump(),
            "triggers": [
                {"lemmas": ["x"], "pos": ["VERB"], "type": "ASSAULT", "mode": ["laser"], "reliability": 0.5}
            ],
        }
    )
    with pytest.raises(DataFileError, match="laser"):
        check_patterns(bad, load_ontology())


@pytest.mark.parametrize(
    "text",
    [
        "The militants threatened to perpetrate attacks inside Russia.",
        "The group warned of a major assault in the region.",
        '"We will come to your city and will kill you at your homes," the militant said.',
    ],
)
def test_threats_are_never_assaults(text: str) -> None:
    events = _events(text)
    assert [e.type for e in events if e.type == "ASSAULT"] == []
    threats = [e for e in events if e.type == "THREATEN"]
    assert threats
    assert "violence" in threats[0].mode


def test_control_verb_threat_takes_recipient_from_complement() -> None:
    (threat,) = [
        e
        for e in _events("The militants threatened to perpetrate attacks inside Russia.")
        if e.type == "THREATEN"
    ]
    assert threat.actor is not None
    assert "militants" in threat.actor.text
    assert threat.recipient is not None
    assert threat.recipient.text == "Russia"


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("Police arrested four men in the market.", "Police", "four men"),
        ("Four men were arrested by the police.", "police", "Four men"),
    ],
)
def test_active_and_passive_roles(text: str, actor: str, recipient: str) -> None:
    (event,) = [e for e in _events(text) if e.type == "COERCE"]
    assert event.mode == ["arrest"]
    assert event.actor is not None
    assert event.actor.text == actor
    assert event.recipient is not None
    assert event.recipient.text == recipient


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The rebels could attack the airport.", "hypothetical"),
        ("The rebels will attack the airport.", "future"),
        ("The rebels did not attack the airport.", "negated"),
        ("The rebels had attacked the airport.", "historical"),
        ("The rebels attacked the airport.", "asserted"),
    ],
)
def test_status(text: str, status: str) -> None:
    (event,) = [e for e in _events(text) if e.type == "ASSAULT"]
    assert event.status == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Police are investigating whether a shooting at the club was gang-related.", "asserted"),
        ("Police believe the attack was not random.", "asserted"),
        ("An attack on the capital would be devastating.", "hypothetical"),
        ("An attack could happen soon.", "hypothetical"),
        ("The air strike was not carried out.", "negated"),
    ],
)
def test_doubt_about_a_noun_events_predicate_is_not_doubt_that_it_happened(text: str, status: str) -> None:
    (event,) = [e for e in _events(text) if e.type == "ASSAULT"]
    assert event.status == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # a headline's two verbs of one subject: the threat is made, not urged
        ("Militant video threatens Putin, urges followers to strike inside Russia", "asserted"),
        # a threat told before the verb of its speaker is still the speaker's
        ("The rebels will threaten the governor, officials say.", "future"),
    ],
)
def test_a_headlines_first_verb_is_not_the_complement_of_its_second(text: str, status: str) -> None:
    (event,) = [e for e in _events(text) if e.type == "THREATEN"]
    assert event.status == status


def test_date_before_the_article_month_is_historical() -> None:
    text = "Last year the air force launched air strikes against the rebels."
    last_year = _time(text, "Last year", dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year")
    (event,) = [e for e in _events(text, [last_year]) if e.type == "ASSAULT"]
    assert event.status == "historical"
    assert event.date is not None
    assert event.date.start == dt.date(2015, 1, 1)
    assert "aerial" in event.mode


def test_without_a_time_expression_the_date_is_open_until_publication() -> None:
    (event,) = [e for e in _events("Gunmen shot two guards.") if e.type == "ASSAULT"]
    assert event.date is not None
    assert (event.date.text, event.date.end, event.date.precision) == ("", ANCHOR, "open")


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        ("The bombing killed two police officers.", (2, 2), None),
        (
            "Gunmen attacked the hall, resulting in at least 137 deaths and over 180 injuries.",
            (137, None),
            (181, None),
        ),
        ("A man opened fire in the lobby, leaving two dead.", (2, 2), None),
        ("A boy was fatally shot on the porch.", (1, None), None),
        ("A man was shot to death outside the store.", (1, None), None),
        ("Police are investigating a deadly shooting.", (1, None), None),
    ],
)
def test_casualty_figures(
    text: str, dead: tuple[int, int | None], injured: tuple[int, int | None] | None
) -> None:
    (event,) = [e for e in _events(text) if e.type == "ASSAULT"]
    assert event.dead is not None
    assert (event.dead.min, event.dead.max) == dead
    got = None if event.injured is None else (event.injured.min, event.injured.max)
    assert got == injured


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        ("Three people were shot in the park.", (3, 3)),
        ("A woman was shot in the leg.", (1, 1)),
        ("A man was shot and killed in the park.", None),  # the one shot died: nobody wounded
        ("People were shot in the park.", None),  # no count
    ],
)
def test_wounded_from_victims_of_a_shooting(text: str, injured: tuple[int, int] | None) -> None:
    events = [e for e in _events(text) if e.type == "ASSAULT"]
    assert events
    got = {None if e.injured is None else (e.injured.min, e.injured.max) for e in events}
    assert got == {injured}


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        ("Three shot outside a corner store on Elm Avenue", (3, 3)),
        ("5 shot, 2 killed in weekend shooting near the river", (3, 3)),
        ("6 Shot, 1 Killed At Block Party On East Side", (5, 5)),
        ("One killed, three injured in Elm Street shooting", (3, 3)),
    ],
)
def test_a_headline_count_of_shot_is_a_shooting_with_its_wounded(text: str, injured: tuple[int, int]) -> None:
    (event,) = [e for e in _events(text) if e.type == "ASSAULT"]
    assert "firearms" in event.mode
    assert event.injured is not None
    assert (event.injured.min, event.injured.max) == injured


@pytest.mark.parametrize(
    "text",
    [
        "A teenager died of a gunshot wound at a hospital in the city.",
        "Two officers were hurt in a gunbattle with the suspects.",
    ],
)
def test_a_gunshot_or_gunbattle_is_a_shooting(text: str) -> None:
    events = [e for e in _events(text) if e.type == "ASSAULT"]
    assert events
    assert all("firearms" in e.mode for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "He took a long shot at the goal in the second half.",  # no number on it
        "The shot was blocked by the defender.",
    ],
)
def test_an_uncounted_shot_noun_is_no_shooting(text: str) -> None:
    assert [e for e in _events(text) if e.type == "ASSAULT"] == []


def test_wounded_are_the_shot_less_the_dead() -> None:
    events = _events("Police said four people were shot and one person killed in the shooting.")
    injured = {(e.injured.min, e.injured.max) for e in events if e.injured is not None}
    assert injured == {(3, 3)}


def test_responsibility_claim_sets_claimant_and_actor() -> None:
    text = (
        "Gunmen attacked a concert hall. The responsibility for this act was claimed by the Northern Front."
    )
    (event,) = [e for e in _events(text) if e.type == "ASSAULT"]
    assert [c.text for c in event.claimed_by] == [
        "the Northern Front"
    ] or "Northern Front" in event.claimed_by[0].text
    assert event.actor is not None
    assert "Northern Front" in event.actor.text


def test_mentions_of_one_event_merge() -> None:
    text = "A car bombing struck the town, killing two officers. The attack was the third this year."
    assaults = [e for e in _events(text) if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert len(assaults[0].evidence) == 2
    assert assaults[0].dead is not None
    assert assaults[0].dead.min == 2


@pytest.mark.parametrize(
    ("text", "actor", "dead_min"),
    [
        ("Eleven villagers were killed in police firing near the bridge.", "police", 11),
        ("Two farmers died in firing by the police on Monday.", "police", 2),
        ("A student perished in army firing at the checkpoint.", "army", 1),
        ("Firing by the police claimed four lives in the old town.", "police", 4),
        ("One trader was killed when the police fired to scatter the crowd.", "police", 1),
    ],
)
def test_deaths_in_an_assault_belong_to_its_actor(text: str, actor: str, dead_min: int) -> None:
    killings = [e for e in _events(text) if e.type == "ASSAULT" and e.dead is not None]
    assert killings
    event = killings[0]
    assert event.actor is not None
    assert actor in event.actor.text.lower()
    assert event.dead is not None
    assert event.dead.min == dead_min
    assert "firearms" in event.mode
    assert "destroy" not in event.mode


@pytest.mark.parametrize(
    "text",
    [
        "Troops opened fire on the crowd outside the station.",
        "The police fired at the mob near the market.",
        "Security forces fired 300 rounds on the rioters.",
    ],
)
def test_firing_on_a_crowd_is_a_firearms_assault(text: str) -> None:
    (event,) = [e for e in _events(text) if e.type == "ASSAULT"]
    assert "firearms" in event.mode
    assert event.actor is not None
    assert event.recipient is not None


@pytest.mark.parametrize(
    "text",
    [
        "The two brothers were sent to jail on Friday.",
        "Six men were booked for rioting and arson.",
        "A driver was held in connection with the theft.",
        "Nine students were rounded up after the clash.",
        "The suspect was remanded to judicial custody.",
        "Forty workers detained near the gate were released later.",
        "Over 200 activists arrested from the highway were taken to the camp.",
        "The arrests were made after the riot.",
    ],
)
def test_arrests_in_common_phrasings(text: str) -> None:
    arrests = [e for e in _events(text) if e.type == "COERCE" and "arrest" in e.mode]
    assert arrests
    assert arrests[0].status == "asserted"
    assert arrests[0].actor is None


@pytest.mark.parametrize(
    "text",
    [
        "The central bank acted to arrest the decline of the currency.",
        "Nothing could arrest the deteriorating situation in the valley.",
        "The minister suffered a cardiac arrest last week.",
        "An arrest warrant was prepared for the trader.",
        "The travellers booked a ticket to the coast.",
        "The villagers held a meeting in the temple.",
    ],
)
def test_other_senses_are_not_arrests(text: str) -> None:
    assert [e for e in _events(text) if e.type == "COERCE" and "arrest" in e.mode] == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("No arrests have been made so far.", "negated"),
        ("Not a single rioter has been arrested.", "negated"),
        ("The opposition demanded his arrest.", "future"),
        ("The new law allows the police to detain anyone.", "hypothetical"),
        ("The guards should be told to detain them at the gate.", "hypothetical"),
    ],
)
def test_arrest_status(text: str, status: str) -> None:
    (event,) = [e for e in _events(text) if e.type == "COERCE"]
    assert event.status == status


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("PATNA: Police on Sunday arrested twelve men.", "police"),
        ("Surat: the police fired at the mob on Monday.", "police"),
    ],
)
def test_a_dateline_is_never_the_actor(text: str, actor: str) -> None:
    (event,) = [e for e in _events(text) if e.type in ("COERCE", "ASSAULT")]
    assert event.actor is not None
    assert event.actor.text.lower() == actor


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("A blast on a metro train killed ten people on Monday.", None),
        ("The passenger jet crashed in the desert, killing everyone on board.", None),
        ("The explosion wounded twelve commuters.", None),
        ("Gunmen killed 137 people at the concert hall.", "Gunmen"),
        ("Police firing killed two protesters in the market.", "Police"),
        # a dateline with its date is not the actor; an unresolved "that" gives way to the claimant
        ("KERMAN, January 3, 2024 — An explosion tore through the crowd, killing 90 people.", None),
        ("The group claimed a bombing outside the embassy in September 2022 that killed two staff.", "group"),
    ],
)
def test_the_means_of_harm_is_never_its_actor(text: str, actor: str | None) -> None:
    actors = {e.actor.text if e.actor else None for e in _events(text) if e.type == "ASSAULT"}
    assert actors == {actor}


@pytest.mark.parametrize(
    "text",
    [
        "Gunman's brother jailed for 30 years\n\nThe court heard the case in the capital on Monday.",
        "Teen arrested in fatal shooting\n\nPolice gave no other details on Monday.",
    ],
)
def test_a_headline_participle_tells_who_it_was_done_to(text: str) -> None:
    (arrest,) = [e for e in _events(text) if e.type == "COERCE"]
    assert arrest.actor is None
    assert arrest.recipient is not None
    assert arrest.recipient.text.split()[-1] in ("brother", "Teen")


def test_an_attack_named_again_is_not_placed_where_its_sentence_goes() -> None:
    text = (
        "Gunmen attacked a concert hall in Chicago on Friday, killing twelve people.\n\n"
        "Police named two suspects on Sunday.\n\n"
        "On Monday, the governor said the attack had been carried out by extremists who were "
        "heading for Canada."
    )
    events = [e for e in extract(text, published=ANCHOR).events if e.type == "ASSAULT"]
    assert events
    assert all(e.location is None or e.location.country != "CA" for e in events)


@pytest.mark.parametrize(
    ("text", "modes"),
    [
        ("A suicide bomber killed 12 people at a checkpoint on Monday.", {"explosives", "suicide-attack"}),
        ("Russian warplanes struck a market in the north of the province on Monday.", {"aerial"}),
    ],
)
def test_a_bomber_is_a_person_not_an_aircraft(text: str, modes: set[str]) -> None:
    assert {m for e in _events(text) if e.type == "ASSAULT" for m in e.mode} == modes


@pytest.mark.parametrize(
    ("text", "type_", "recipient"),
    [
        # what is denied or shown is no recipient
        ("Officials in the capital denied any involvement in the bombing of the market.", "REJECT", None),
        ("The militia rejected the claim that its fighters shelled the village.", "REJECT", None),
        # what is pledged to someone: that someone is the recipient
        ("Forty fighters pledged allegiance to the movement's new leader in June.", "SUPPORT", "leader"),
    ],
)
def test_a_noun_that_names_no_one_is_no_recipient(text: str, type_: str, recipient: str | None) -> None:
    events = [e for e in _events(text) if e.type == type_]
    assert events
    assert {e.recipient.text.split()[-1] if e.recipient else None for e in events} == {recipient}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("The Hamas attack on the festival killed hundreds of people in the south.", "hamas"),
        ("The Crocus attack on the concert hall killed 137 people near Moscow.", None),
    ],
)
def test_an_unknown_name_of_an_attack_is_its_place_not_its_attacker(text: str, actor: str | None) -> None:
    events = extract(text, published=ANCHOR).events
    assert {e.actor.entity_id if e.actor else None for e in events if e.type == "ASSAULT"} == {actor}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # the only person named before: "He" is that person
        ("Hashem Abedi was convicted in March.\n\nHe attacked a prison guard on Monday.", "Hashem Abedi"),
        # two people named before as subjects: the pronoun stays as written
        ("John Carver spoke in March. Mary Jones left.\n\nHe attacked a prison guard on Monday.", None),
        # two people named before, one of them the subject: genders are not known
        ("John Carver met Mary Jones in March.\n\nHe attacked a prison guard on Monday.", None),
        # a passive subject may be the one acted on: "He" may be the other person
        ("Ann Lee was visited by her husband, John Carver, on Friday. He attacked a guard.", None),
        # a speaker is no subject to carry on: "he" in what he said may be another
        ("Bill Brown told reporters about his son, Tom Brown.\n\nHe shot a guard on Monday.", None),
        # the other person is the subject's own relation, named by the same possessive
        (
            "John Carver was convicted in March.\n\nHe had helped his brother Tom Carver. He shot a guard.",
            "John Carver",
        ),
    ],
)
def test_a_subject_pronoun_stands_for_the_one_person_named_before(text: str, actor: str | None) -> None:
    events = extract(text, published=ANCHOR).events
    (attack,) = [e for e in events if e.type == "ASSAULT"]
    assert attack.actor is not None
    assert attack.actor.text == "He"
    assert attack.actor.name == actor


@pytest.mark.parametrize(
    ("sentence", "status", "place"),
    [
        # the report's news happened where it was filed, most often
        ("Two men attacked a prison guard on Monday.", "asserted", "London"),
        # a past event it recalls did not
        ("Two men had attacked a prison guard in 2012.", "historical", None),
    ],
)
def test_a_dateline_places_the_news_not_a_recalled_event(
    sentence: str, status: str, place: str | None
) -> None:
    text = f"LONDON, Aug. 3, 2016 — {sentence}"
    (attack,) = [e for e in extract(text, published=ANCHOR).events if e.type == "ASSAULT"]
    assert attack.status == status
    assert (attack.location.name if attack.location else None) == place


@pytest.mark.parametrize(
    "claim",
    [
        "No group has claimed responsibility for the attack.",
        "Nobody has claimed responsibility for the attack.",
    ],
)
def test_a_claim_by_no_one_names_no_actor(claim: str) -> None:
    text = f"A bomb exploded on a crowded bus in the city centre on Monday, killing six people. {claim}"
    events = extract(text, published=ANCHOR).events
    (bombing,) = [e for e in events if e.type == "ASSAULT" and "explosives" in e.mode]
    assert bombing.actor is None
    assert bombing.claimed_by == []


def test_the_state_that_acts_is_not_where_it_acted() -> None:
    text = (
        "The video calls for revenge for the war in Syria. "
        "Moscow began air strikes there at the end of September 2015."
    )
    (strikes,) = [e for e in extract(text, published=ANCHOR).events if e.type == "ASSAULT"]
    assert strikes.actor is not None
    assert strikes.actor.text == "Moscow"
    assert strikes.location is not None
    assert strikes.location.name == "Syria"


def test_a_capital_that_denies_is_no_place_of_the_denial() -> None:
    text = "Kyiv has denied any involvement in the attack."
    events = [e for e in extract(text, published=ANCHOR).events if e.type == "REJECT"]
    assert events
    assert all(e.location is None for e in events)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Salman Abedi's brother was jailed on Thursday for his part in the bombing.", None),
        ("Police arrested Salman Abedi on Thursday over the bombing.", "Salman Abedi"),
    ],
)
def test_a_persons_relative_is_not_that_person(text: str, named: str | None) -> None:
    (arrest,) = [e for e in extract(text, published=ANCHOR).events if e.type == "COERCE"]
    assert arrest.recipient is not None
    assert arrest.recipient.name == named


def test_a_crime_named_as_a_charge_is_not_dated_by_the_court() -> None:
    text = (
        "A bomb went off outside a stadium in the city on 4 March 2014, killing three people.\n\n"
        "Two years later, a man was convicted in June of murder and of conspiring to cause an explosion."
    )
    events = extract(text, published=dt.date(2016, 8, 3)).events
    bombings = [e for e in events if e.type == "ASSAULT"]
    assert bombings
    # the conviction's month dates the conviction, never the crime it names
    assert all(e.date is None or e.date.text != "June" for e in bombings)


def test_a_charged_crime_takes_the_time_of_the_attack_told_just_before() -> None:
    text = (
        "A gunman killed two people at a bar on Saturday, March 5. "
        "A 30-year-old man was charged on Monday with murder."
    )
    events = [e for e in extract(text, published=dt.date(2016, 3, 9)).events if e.type == "ASSAULT"]
    assert {e.date.start for e in events if e.date is not None} == {dt.date(2016, 3, 5)}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("The brother of the gunman who attacked the club in 2016 was jailed.", "gunman"),
        ("The gunman, a brother of the owner, attacked the club in 2016.", "gunman"),
    ],
)
def test_a_relative_clause_after_an_of_phrase_modifies_the_nearer_noun(text: str, actor: str) -> None:
    (attack,) = [e for e in extract(text, published=ANCHOR).events if e.type == "ASSAULT"]
    assert attack.actor is not None
    assert attack.actor.text == actor


def test_a_groups_video_named_by_a_compound_speaks_for_the_group() -> None:
    text = "Last week an Islamic State video called on the group's supporters to strike inside Russia."
    (request,) = [e for e in extract(text, published=ANCHOR).events if e.type == "REQUEST"]
    assert request.actor is not None
    assert request.actor.entity_id == "islamic-state"
    # the supporters are not the group that calls on them
    assert request.recipient is not None
    assert request.recipient.entity_id is None


@pytest.mark.parametrize(
    "text",
    [
        "Britain raised its terrorism threat level to critical late on Tuesday.",
        "The agency published a new threat assessment for the region on Monday.",
    ],
)
def test_a_scale_or_study_of_threats_is_no_threat(text: str) -> None:
    assert not [e for e in extract(text, published=ANCHOR).events if e.type == "THREATEN"]


def test_a_dateline_places_the_attack_in_its_town_not_its_state() -> None:
    text = "SPRINGFIELD, Ill. — Police are investigating after a gunman fired at a bar early Sunday."
    (shooting,) = [e for e in extract(text, published=ANCHOR).events if e.type == "ASSAULT"]
    assert shooting.location is not None
    assert shooting.location.name == "Springfield"


def test_an_attack_no_sentence_places_takes_the_town_of_the_lead() -> None:
    text = (
        "SPRINGFIELD, Ill. — The city council met on Monday to discuss the budget.\n\n"
        "Later in the week, a man was shot and wounded outside a bar."
    )
    (shooting,) = [e for e in extract(text, published=ANCHOR).events if e.type == "ASSAULT"]
    assert shooting.location is not None
    assert shooting.location.name == "Springfield"


def test_a_past_attack_no_sentence_places_takes_no_town_of_the_lead() -> None:
    text = (
        "SPRINGFIELD, Ill. — The city council met on Monday to discuss the budget.\n\n"
        "In 1998, a man was shot and wounded outside a bar."
    )
    (shooting,) = [e for e in extract(text, published=ANCHOR).events if e.type == "ASSAULT"]
    assert shooting.location is None


@pytest.mark.parametrize(
    "text",
    [
        "The group claimed the bombing of a mosque in Kabul and the shooting at a school in Herat.",
        "The militia carried out a bombing near the port and a shooting at a checkpoint.",
    ],
)
def test_a_light_verbs_subject_acts_in_every_conjoined_noun_event(text: str) -> None:
    assaults = [e for e in _events(text) if e.type == "ASSAULT"]
    assert len(assaults) == 2
    assert all(e.actor is not None and e.actor.text in ("group", "militia") for e in assaults)


@pytest.mark.parametrize(
    ("text", "seized"),
    [
        ("Police recovered a pistol from the car.", "pistol"),
        ("A pistol was recovered from the car.", "pistol"),
        ("The victim is recovering in hospital.", None),
        ("Two officers recovering from gunshot wounds were released.", None),
        ("Investigators are examining the flight recorders recovered from the wreckage.", None),
        ("Rescuers recovered three bodies from the river.", None),
    ],
)
def test_recovering_is_a_seizure_only_of_a_thing_taken(text: str, seized: str | None) -> None:
    found = [e.recipient.text if e.recipient else "" for e in _events(text) if "seize" in e.mode]
    assert found == ([seized] if seized else [])


@pytest.mark.parametrize(
    ("text", "threats"),
    [
        ("The US Embassy in Moscow warned that extremists had plans to target large gatherings.", 0),
        ("The Russian government warned that militants planned to attack polling stations.", 0),
        ("Moscow warned that militants planned to attack polling stations.", 0),
        ("Russia warned that its forces would strike back.", 1),
        ("The Islamic State warned that its fighters would attack Moscow.", 1),
        ("In the video, armed fighters warn that militants will reach Russia and kill people.", 1),
    ],
)
def test_a_states_warning_of_anothers_plans_is_no_threat_of_its_own(text: str, threats: int) -> None:
    assert len([e for e in extract(text, published=ANCHOR).events if e.type == "THREATEN"]) == threats


def test_the_bomb_detonated_is_the_means_not_the_recipient() -> None:
    text = "Salman Abedi detonated the bomb in the foyer of the arena on the night of the concert."
    (event,) = [e for e in _events(text) if e.type == "ASSAULT"]
    assert event.actor is not None
    assert event.actor.text == "Salman Abedi"
    assert event.recipient is None
    assert "explosives" in event.mode


@pytest.mark.parametrize(
    ("text", "threats"),
    [
        ("Officials warned that the number of dead was likely to rise.", 0),
        ("Doctors warned that the death toll could climb further.", 0),
        ("Days before the attack, the president dismissed such warnings as provocative.", 0),
        ("Supporters of the group warned that further violence would follow.", 1),
        ("The militants warned that casualties would be heavy if troops advanced.", 1),
    ],
)
def test_a_forecast_or_a_warning_by_no_one_is_no_threat(text: str, threats: int) -> None:
    assert len([e for e in extract(text, published=ANCHOR).events if e.type == "THREATEN"]) == threats


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        # a bare "the attack" paragraphs later names the attack told before
        (
            "The bomber attacked the arena on 22 May 2017.\n\nHis brother was sentenced on Thursday.\n\n"
            "A public inquiry into the attack opened in September.",
            {dt.date(2017, 5, 22)},
        ),
        # "the bombing of an airliner" says which bombing itself: no borrowed date
        (
            "Jets began air strikes in Syria in September 2015.\n\n"
            "The group later claimed the bombing of an airliner.",
            {dt.date(2015, 9, 1), None},
        ),
    ],
)
def test_a_bare_definite_attack_names_the_last_attack_told_anywhere_before(
    text: str, dated: set[dt.date | None]
) -> None:
    events = extract(text, published=dt.date(2020, 8, 20)).events
    assert {e.date.start if e.date else None for e in events if e.type == "ASSAULT"} == dated


def test_a_phrase_hung_on_a_time_phrase_takes_the_verbs_subject() -> None:
    text = "Moscow began air strikes at the end of September 2015 in support of President Bashar al-Assad."
    (support,) = [e for e in extract(text, published=ANCHOR).events if e.type == "SUPPORT"]
    assert support.actor is not None
    assert support.actor.text == "Moscow"


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        (
            "The group claimed a bombing outside the embassy in Kabul in September that killed two staff "
            "members, and twin bombings in Kerman in January that killed more than 90 people.",
            [(2, 2), (91, None)],
        ),
        ("Two people were killed and three were wounded in the shooting at the bar.", [(2, 2)]),
    ],
)
def test_each_attack_of_a_sentence_takes_the_figures_told_after_it(
    text: str, dead: list[tuple[int, int | None]]
) -> None:
    events = extract(text, published=ANCHOR).events
    assaults = sorted((e for e in events if e.type == "ASSAULT"), key=lambda e: e.evidence[0].start)
    figures = [(e.dead.min, e.dead.max) if e.dead else None for e in assaults]
    assert (figures[0], figures[-1]) == (dead[0], dead[-1])


@pytest.mark.parametrize(
    "text",
    [
        "On Saturday the group said its fighters had downed the plane in response to Russian air strikes.",
        "Police said Tuesday's shooting was in retaliation for a stabbing.",
    ],
)
def test_the_act_another_answers_takes_no_time_of_its_sentence(text: str) -> None:
    published = dt.date(2015, 11, 3)
    events = extract(text, published=published).events
    # the answered act: the strikes, the stabbing (not the downing or the shooting)
    answered = [e for e in events if e.type == "ASSAULT" and e.mode and "firearms" not in e.mode]
    assert answered
    assert all(e.date is None or e.date.start is None for e in answered)


def test_a_bomb_threat_is_a_threat_made_by_no_one_named_and_no_bombing() -> None:
    events = extract("A bomb threat forced the evacuation of the school on Monday.", published=ANCHOR).events
    assert [e.type for e in events if e.type in ("THREATEN", "ASSAULT")] == ["THREATEN"]


@pytest.mark.parametrize(
    ("text", "actor", "recipient", "dead"),
    [
        # a bare participle completing "found" tells what was done to the one found
        ("Teen found shot to death in Dayton", None, "Teen", 1),
        ("Man found stabbed to death in Akron", None, "Man", 1),
    ],
)
def test_a_participle_after_found_is_done_to_its_subject(
    text: str, actor: str | None, recipient: str, dead: int | None
) -> None:
    (attack,) = [e for e in _events(text) if e.type == "ASSAULT"]
    assert (attack.actor.text if attack.actor else None) == actor
    assert attack.recipient is not None
    assert attack.recipient.text == recipient
    assert (attack.dead.min if attack.dead else None) == dead


def _assault_figures(text: str) -> list[tuple[int | None, int | None]]:
    return [
        (e.dead.min if e.dead else None, e.injured.min if e.injured else None)
        for e in _events(text)
        if e.type == "ASSAULT"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Two people were killed in two shootings on Sunday.",
        "Police said two men were killed in separate shootings on Sunday night.",
        "Seven people were shot in four shootings on the holiday.",
        "Five wounded in two Elm City shootings on Saturday",
        "Three men were shot in two shootings on Monday. Police have made no arrests.",
    ],
)
def test_counts_over_several_attacks_are_no_assault_figure(text: str) -> None:
    assert _assault_figures(text) == [(None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "A man was shot on Elm Street on Monday. Two men were pronounced dead after two shootings.",
        "A man was shot on Elm Street on Monday. Three people have died in separate shootings since Friday.",
        "A man was shot on Elm Street on Monday. Four people were wounded in a spate of stabbings last week.",
    ],
)
def test_sums_over_several_attacks_told_elsewhere_are_not_the_reports(text: str) -> None:
    # the article-wide readers of deaths and wounded skip the sum as the sentence's own reading does
    figures = _assault_figures(text)
    assert (None, 1) in figures
    assert all((n or 0) <= 1 for pair in figures for n in pair)


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # one coordinated attack's parts, or one incident's shootings: the count stands
        ("Gunmen killed 130 people in coordinated attacks in the capital on Friday.", [(130, None)]),
        ("Two men were killed in the shootings early Sunday on Elm Street, police said.", [(2, None)]),
        ("One man was killed in one of two shootings on Sunday.", [(1, None)]),
        # a clock time opening a sentence is no video's running time
        (
            "A man was shot in the arm.\n\n3:30 PM Police said two people were killed.",
            [(None, None), (2, None)],
        ),
    ],
)
def test_counts_over_one_attacks_parts_stand(text: str, figures: list[tuple[int | None, int | None]]) -> None:
    assert _assault_figures(text) == figures


@pytest.mark.parametrize(
    "text",
    [
        "A man was shot in the arm on Monday. Image 4 of 9 Eight people were killed in a fire in the county.",
        "A man was shot in the arm on Monday.\n\n0:45 Two teenagers killed in crash near the school",
        "A man was shot in the arm on Monday. Related stories Three killed, 12 injured at a party",
    ],
)
def test_assaults_told_in_page_furniture_are_no_events(text: str) -> None:
    assert _assault_figures(text) == [(None, 1)]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # a campaign's toll over several attacks stands
        ("Gunmen killed 20 people in two attacks on villages in the north on Sunday.", [(20, None)]),
        # one picked out of several by a superlative
        ("The deadliest of the two shootings killed three people on Sunday.", [(3, None)]),
        # a joined passive is its own act with its own toll
        ("The gunman killed two people and was later shot dead by police.", [(3, None), (1, None)]),
        # a multiple's hit only where the sentence tells no wounded of its own
        ("A man was killed and two others were injured in a triple shooting on Sunday.", [(1, 2)]),
        # a day name after a clock time opening a sentence is no video's title
        (
            "7:15 Sunday morning, police were called to a home on Elm Street where a man had been shot.",
            [(None, 1)],
        ),
    ],
)
def test_review_cases_keep_their_counts(text: str, figures: list[tuple[int | None, int | None]]) -> None:
    assert _assault_figures(text) == figures
