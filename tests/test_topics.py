"""The pure layer of issue 27: OpenAlex topics in the data file, and the topic proposal.

The lab in tests/data/enrich/lab.bib (written by make_topic_lab.py) has 36 works over
three subfields and four works OpenAlex does not know; each key starts with the short
name of the topic OpenAlex puts it under.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.enrich_data import dump_data, lookup_topics, parse_data
from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.bib.openalex_topics import (
    MAX_NAME,
    MAX_TOPICS,
    Concept,
    WorkTopic,
    read_topics,
    work_topics,
)
from sphinxcontrib_researchtopics.bib.topic_map import apply_proposal, load_proposal
from sphinxcontrib_researchtopics.bib.topics import (
    RESERVED,
    Proposal,
    ProposedTopic,
    propose,
    slugify,
)

DATA = Path(__file__).parent / "data" / "enrich"
SHORT = {
    "vqa": "video-quality-assessment-and-coding",
    "denoise": "image-denoising-and-restoration",
    "rl": "reinforcement-learning-in-robotics",
    "xai": "explainable-artificial-intelligence",
    "speech": "speech-and-audio-processing",
    "radar": "radar-signal-processing",
}
UNKNOWN = ("unknown1", "unknown2", "unknown3", "unknown-nodoi")


def lab() -> tuple[list[str], dict[str, tuple[WorkTopic, ...]]]:
    """The lab's keys, and the topics its recorded OpenAlex works carry."""
    path = DATA / "lab.bib"
    entries = parse_file(str(path), "topics").entries
    topics: dict[str, tuple[WorkTopic, ...]] = {}
    for pub in entries:
        doi = dict(pub.fields).get("doi", "")
        work = DATA / "openalex" / f"{doi.replace('/', '_')}.json"
        if doi and work.is_file():
            topics[pub.key] = read_topics(work_topics(json.loads(work.read_text())))
    return [pub.key for pub in entries], topics


def expected_slug(key: str) -> str:
    return SHORT[re.match(r"[a-z]+", key).group()]  # type: ignore[union-attr]


def test_the_lab_is_split_as_openalex_does() -> None:
    keys, topics = lab()
    assert len(keys) == 40 and len(topics) == 36
    proposal = propose(keys, topics)
    assert proposal.level == "topic"
    assert [topic.slug for topic in proposal.topics] == [
        "radar-signal-processing",  # 8 entries, then 7, 6 (id order), 6, 5, 4
        "video-quality-assessment-and-coding",
        "image-denoising-and-restoration",
        "reinforcement-learning-in-robotics",
        "explainable-artificial-intelligence",
        "speech-and-audio-processing",
    ]
    for topic in proposal.topics:
        assert topic.keys and all(expected_slug(key) == topic.slug for key in topic.keys)
        assert topic.level == "topic" and len(topic.takes) == 1
    placed = [key for topic in proposal.topics for key in topic.keys]
    assert sorted(placed + list(proposal.other)) == sorted(keys)
    # the one work whose primary topic no other work has goes with its secondary
    assert "denoise-quantum" in proposal.topics[2].keys
    assert proposal.other == UNKNOWN and proposal.unknown == UNKNOWN
    # "Deep Learning Methods" is on a third of the works, never first: no page
    assert "deep-learning-methods" not in {topic.slug for topic in proposal.topics}
    assert proposal.titles["radar-signal-processing"] == "Radar Signal Processing"


def test_the_subfield_level_is_taken_when_it_splits_better() -> None:
    keys, topics = lab()
    by_subfield = propose(keys, topics, level="subfield")
    assert [(t.title, len(t.keys)) for t in by_subfield.topics] == [
        ("Computer Vision and Pattern Recognition", 13),
        ("Signal Processing", 12),
        ("Artificial Intelligence", 11),
    ]
    assert by_subfield.topics[0].takes == ("subfields/1707",)
    # three subfields are too few for 4 to 8 pages; with --min 3 they cover as many
    # entries as the topics, and the topic level still wins the tie
    assert propose(keys, topics).level == "topic"
    assert propose(keys, topics, min_topics=2, max_topics=3).level == "subfield"


def test_the_proposal_is_deterministic() -> None:
    keys, topics = lab()
    first = propose(keys, topics).to_json()
    for seed in range(5):
        items = list(topics.items())
        random.Random(seed).shuffle(items)
        assert propose(keys, dict(items)).to_json() == first


def test_applying_the_proposal_places_new_papers_by_what_each_topic_takes() -> None:
    keys, topics = lab()
    proposal = propose(keys, topics)
    assert proposal.assign(keys, topics) == proposal.listed()
    radar = topics["radar01"]
    subfield_only = (
        WorkTopic("T42", "Elsewhere", 0.9, radar[0].subfield, radar[0].field, radar[0].domain),
    )
    new = {"new-radar": radar, "new-elsewhere": subfield_only, "unknown1": topics["rl01"]}
    assigned = proposal.assign(["new-radar", "new-elsewhere", "unknown1", "rl02"], new)
    assert assigned["new-radar"] == ("radar-signal-processing",)
    assert assigned["new-elsewhere"] == ()  # a topic level proposal takes topics only
    assert assigned["unknown1"] == ("reinforcement-learning-in-robotics",)  # now known
    assert assigned["rl02"] == ("reinforcement-learning-in-robotics",)  # listed
    by_subfield = propose(keys, topics, level="subfield")
    placed = by_subfield.assign(["new-elsewhere"], new)["new-elsewhere"]
    assert placed == ("signal-processing",)


def test_apply_proposal_keeps_tags_and_changes_digests() -> None:
    path = DATA / "lab.bib"
    entries = {pub.key: pub for pub in parse_file(str(path), "topics").entries}
    keys, topics = lab()
    proposal = propose(keys, topics)
    tagged = entries["vqa01"].__class__(**{**_fields(entries["vqa01"]), "topics": ("mine",)})
    entries["vqa01"] = tagged
    mapped = apply_proposal(entries, proposal, {})
    assert mapped["vqa01"].topics == ("mine",)
    assert mapped["radar01"].topics == ("radar-signal-processing",)
    assert mapped["radar01"].digest != entries["radar01"].digest
    assert mapped["unknown1"] is entries["unknown1"]
    renamed = Proposal(
        tuple(
            ProposedTopic(t.slug, t.title + "!", t.level, t.takes, t.keys) for t in proposal.topics
        ),
        proposal.other,
    )
    again = apply_proposal(entries, renamed, {})
    assert again["radar01"].digest != mapped["radar01"].digest  # a title change re-reads


def _fields(pub: object) -> dict[str, object]:
    return {name: getattr(pub, name) for name in pub.__slots__}  # type: ignore[attr-defined]


def test_the_proposal_file_round_trips_and_is_checked(tmp_path: Path) -> None:
    keys, topics = lab()
    proposal = propose(keys, topics)
    back, problems = Proposal.from_json(json.loads(json.dumps(proposal.to_json())))
    assert back == proposal and problems == []
    hostile = {
        "format": "researchtopics-topics/1",
        "topics": [
            {"slug": "ok", "title": "<script>x</script>", "takes": ["T1", "javascript:x"]},
            {"slug": "../etc", "title": "x"},
            {"slug": "ok", "title": "twice"},
            {"slug": "long", "title": "x" * 500, "keys": ["a", 3, "b" * 400, "a"]},
            "not an object",
            {"slug": "lvl", "level": "galaxy", "takes": "T1", "keys": {}},
        ],
        "other": "nope",
    }
    read, problems = Proposal.from_json(hostile, "topics.json")
    assert [topic.slug for topic in read.topics] == ["ok", "long", "lvl"]
    assert read.topics[0].title == "<script>x</script>"  # text: the build escapes it
    assert read.topics[0].takes == ("T1",)
    assert read.topics[1].title == "long" and read.topics[1].keys == ("a",)
    assert read.topics[2].level == "topic" and read.topics[2].takes == ()
    assert read.other == ()
    assert len(problems) == 10 and {p.subtype for p in problems} == {"topic_map"}
    assert all(p.source == "topics.json" for p in problems)
    for raw in ([], {"format": "other"}, {"format": "researchtopics-topics/1", "topics": 1}):
        empty, problems = Proposal.from_json(raw)
        assert empty.topics == () and len(problems) == 1
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    _, problems = load_proposal(str(tmp_path / "bad.json"))
    assert "not valid JSON" in problems[0].message
    _, problems = load_proposal(str(tmp_path / "missing.json"))
    assert "cannot read the topic map" in problems[0].message
    outside = tmp_path / "site"
    outside.mkdir()
    (outside / "link.json").symlink_to(tmp_path / "bad.json")
    _, problems = load_proposal(str(outside / "link.json"), str(outside))
    assert "outside the configuration folder" in problems[0].message


def test_slugs_are_readable_ascii_and_unique() -> None:
    assert slugify("Énergie & Réseaux: Électriques") == "energie-and-reseaux-electriques"
    assert slugify("Other") == "other-2" and "other" in RESERVED
    assert slugify("Radar", {"radar", "radar-2"}) == "radar-3"
    long = slugify("Advanced Techniques in Very Long Names of Topics for Tests Only")
    assert long == "advanced-techniques-in-very-long-names" and len(long) <= 40
    assert slugify("日本語") == "topic" and slugify("") == "topic"


def _topic(ident: str, name: object = "A name", score: object = 0.5, **levels: object) -> dict:
    concept = {"id": "https://openalex.org/subfields/1", "display_name": "Sub"}
    raw = {
        "id": ident,
        "display_name": name,
        "score": score,
        "subfield": concept,
        "field": {"id": "fields/1", "display_name": "F"},
        "domain": {"id": "https://openalex.org/domains/1", "display_name": "D"},
    }
    raw.update(levels)
    return raw


def test_read_topics_keeps_well_shaped_topics_only() -> None:
    raw = [
        _topic("https://openalex.org/T1"),
        _topic("T1"),  # the same topic twice
        _topic("javascript:alert(1)"),
        _topic("T2", score=7),
        _topic("T3", score=float("nan")),
        _topic("T4", score=True),
        _topic("T5", name="x\x00y" + "z" * 500),
        _topic("T6", subfield={"id": "https://evil.example/subfields/1", "display_name": "x"}),
        _topic("T7", field="not an object"),
        "not an object",
        None,
    ]
    topics = read_topics(raw)
    assert [topic.id for topic in topics] == ["T1", "T5"]
    assert topics[0].subfield == Concept("subfields/1", "Sub")
    assert topics[1].name.startswith("x y") and len(topics[1].name) == MAX_NAME
    many = read_topics([_topic(f"T{n}") for n in range(100)])
    assert len(many) == MAX_TOPICS
    assert read_topics("T1") == () and read_topics(None) == ()


def test_the_data_file_holds_topics_and_old_files_still_read() -> None:
    raw = {
        "format": "researchtopics-enrich/1",
        "entries": {
            "old": {"citations": {"value": 3, "source": "openalex", "fetched": "2026-01-01"}},
            "new": {
                "topics": {
                    "value": [_topic("T9"), _topic("bad")],
                    "source": "openalex",
                    "fetched": "2026-01-01",
                }
            },
            "bad": {"topics": {"value": "T9", "source": "openalex", "fetched": "2026-01-01"}},
        },
    }
    data, problems = parse_data(raw, "enrich.json")
    assert set(data) == {"old", "new"}
    assert [p.message for p in problems] == ["bad: topics: invalid value 'T9'; ignored"]
    assert [topic.id for topic in lookup_topics(data)["new"]] == ["T9"]
    again, problems = parse_data(json.loads(dump_data(data)))
    assert again == data and problems == []


# --------------------------------------------------------------------------- hypothesis

_POOL = [
    WorkTopic(
        f"T{n}",
        f"Topic {n}",
        0.5,
        Concept(f"subfields/{n % 4}", f"Subfield {n % 4}"),
        Concept("fields/1", "Field"),
        Concept("domains/1", "Domain"),
    )
    for n in range(10)
]
labs = st.lists(st.lists(st.sampled_from(_POOL), max_size=3, unique=True), min_size=0, max_size=60)


@settings(max_examples=150, deadline=None)
@given(
    works=labs,
    bounds=st.tuples(st.integers(1, 6), st.integers(0, 6), st.integers(1, 4)),
    level=st.sampled_from(["auto", "topic", "subfield"]),
    seed=st.integers(0, 1000),
)
def test_proposal_invariants(
    works: list[list[WorkTopic]], bounds: tuple[int, int, int], level: str, seed: int
) -> None:
    low, extra, size = bounds
    keys = [f"k{n}" for n in range(len(works))]
    topics = {key: tuple(work) for key, work in zip(keys, works, strict=True) if work}
    proposal = propose(
        keys, topics, min_topics=low, max_topics=low + extra, min_size=size, level=level
    )
    placed = [key for topic in proposal.topics for key in topic.keys]
    assert sorted(placed + list(proposal.other)) == sorted(keys)  # every key exactly once
    assert set(proposal.unknown) == set(keys) - set(topics) <= set(proposal.other)
    assert len(proposal.topics) <= low + extra
    assert all(len(topic.keys) >= size for topic in proposal.topics)
    slugs = [topic.slug for topic in proposal.topics]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)
    assert not RESERVED.intersection(slugs)
    for topic in proposal.topics:  # each topic holds works that have what it takes
        assert all(
            any(set(work.ids()) & set(topic.takes) for work in topics[key]) for key in topic.keys
        )
    assert proposal.assign(keys, topics) == proposal.listed()
    back, problems = Proposal.from_json(json.loads(json.dumps(proposal.to_json())))
    assert back == proposal and problems == []
    shuffled = list(topics.items())
    random.Random(seed).shuffle(shuffled)
    same = propose(
        keys, dict(shuffled), min_topics=low, max_topics=low + extra, min_size=size, level=level
    )
    assert same == proposal  # deterministic, whatever the mapping's order
