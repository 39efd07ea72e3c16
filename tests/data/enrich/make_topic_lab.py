"""Write the topic-lab fixtures: tests/data/enrich/lab.bib and one OpenAlex work per entry.

A fictional lab of 36 works over three OpenAlex subfields (computer vision, artificial
intelligence, signal processing), six topics as primary topics, one topic that is only
ever secondary ("Deep Learning Methods", on a third of the works), one work whose primary
topic is its own (it belongs with its secondary), and four works OpenAlex does not know
(DOIs with no fixture, and one entry without a DOI).  Each key starts with the slug of
the topic OpenAlex puts it under, so the tests read the expected split from the keys.

Every DOI uses 10.5555 (Crossref's test prefix) and every topic id starts with T99:
none is a real work or topic.  Run ``python tests/data/enrich/make_topic_lab.py`` after
editing it; the files it writes are committed.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent

DOMAIN = {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}
FIELD = {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}
SUBFIELDS = {
    "cv": {
        "id": "https://openalex.org/subfields/1707",
        "display_name": "Computer Vision and Pattern Recognition",
    },
    "ai": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"},
    "sp": {"id": "https://openalex.org/subfields/1711", "display_name": "Signal Processing"},
}
#: slug -> (topic id, name, subfield); the slug is what the proposal must make of the name.
TOPICS = {
    "video-quality-assessment-and-coding": ("T99001", "Video Quality Assessment and Coding", "cv"),
    "image-denoising-and-restoration": ("T99002", "Image Denoising and Restoration", "cv"),
    "reinforcement-learning-in-robotics": ("T99003", "Reinforcement Learning in Robotics", "ai"),
    "explainable-artificial-intelligence": ("T99004", "Explainable Artificial Intelligence", "ai"),
    "speech-and-audio-processing": ("T99005", "Speech and Audio Processing", "sp"),
    "radar-signal-processing": ("T99006", "Radar Signal Processing", "sp"),
    "deep-learning-methods": ("T99007", "Deep Learning Methods", "ai"),
    "quantum-image-processing": ("T99008", "Quantum Image Processing", "cv"),
}
#: How many works each of the six primary topics has.
SIZES = {
    "video-quality-assessment-and-coding": 7,
    "image-denoising-and-restoration": 5,
    "reinforcement-learning-in-robotics": 6,
    "explainable-artificial-intelligence": 5,
    "speech-and-audio-processing": 4,
    "radar-signal-processing": 8,
}
SHORT = {
    "video-quality-assessment-and-coding": "vqa",
    "image-denoising-and-restoration": "denoise",
    "reinforcement-learning-in-robotics": "rl",
    "explainable-artificial-intelligence": "xai",
    "speech-and-audio-processing": "speech",
    "radar-signal-processing": "radar",
}


def topic(slug: str, score: float) -> dict[str, object]:
    ident, name, subfield = TOPICS[slug]
    return {
        "id": f"https://openalex.org/{ident}",
        "display_name": name,
        "score": score,
        "subfield": SUBFIELDS[subfield],
        "field": FIELD,
        "domain": DOMAIN,
    }


def work(number: int, title: str, year: int, topics: list[dict[str, object]]) -> dict[str, object]:
    return {
        "id": f"https://openalex.org/W99100{number:05d}",
        "doi": f"https://doi.org/10.5555/rt.lab.{number}",
        "title": title,
        "display_name": title,
        "publication_year": year,
        "type": "article",
        "cited_by_count": number,
        "abstract_inverted_index": {"Example": [0], "data": [1], "for": [2], title: [3]},
        "primary_topic": topics[0],
        "topics": topics,
    }


def entry(key: str, title: str, year: int, doi: str | None) -> str:
    lines = [
        f"@article{{{key},",
        f"  title = {{{title}}},",
        "  author = {Example, Ada and Sample, Sam},",
        "  journal = {Journal of Example Fixtures},",
        f"  year = {{{year}}},",
    ]
    if doi:
        lines.append(f"  doi = {{{doi}}},")
    return "\n".join([*lines, "}", ""])


def main() -> None:
    folder = HERE / "openalex"
    bib = [
        "% A fictional lab for the topic tests, written by make_topic_lab.py: every DOI",
        "% uses 10.5555 and no entry has a topics field.",
        "",
    ]
    number = 0
    for slug, size in SIZES.items():
        for index in range(1, size + 1):
            number += 1
            key = f"{SHORT[slug]}{index:02d}"
            title = f"Example Lab Work {number}: {TOPICS[slug][1]} Study {index}"
            year = 2018 + number % 7
            topics = [topic(slug, 0.99)]
            if number % 3 == 0:
                topics.append(topic("deep-learning-methods", 0.9))
            others = list(SIZES)
            neighbour = others[(others.index(slug) + 1) % len(others)]
            topics.append(topic(neighbour, 0.5))
            (folder / f"10.5555_rt.lab.{number}.json").write_text(
                json.dumps(work(number, title, year, topics), indent=2) + "\n", encoding="utf-8"
            )
            bib.append(entry(key, title, year, f"10.5555/rt.lab.{number}"))
    # A work whose primary topic no other work has: it goes with its secondary topic.
    number += 1
    title = f"Example Lab Work {number}: Quantum Image Processing"
    topics = [
        topic("quantum-image-processing", 0.95),
        topic("image-denoising-and-restoration", 0.8),
    ]
    (folder / f"10.5555_rt.lab.{number}.json").write_text(
        json.dumps(work(number, title, 2024, topics), indent=2) + "\n", encoding="utf-8"
    )
    bib.append(entry("denoise-quantum", title, 2024, f"10.5555/rt.lab.{number}"))
    for index in range(1, 4):
        title = f"Example Lab Work Unknown {index}: Not in OpenAlex"
        bib.append(entry(f"unknown{index}", title, 2020 + index, f"10.5555/rt.lab.unknown.{index}"))
    bib.append(entry("unknown-nodoi", "Example Lab Work Without a DOI", 2019, None))
    (HERE / "lab.bib").write_text("\n".join(bib), encoding="utf-8")


if __name__ == "__main__":
    main()
