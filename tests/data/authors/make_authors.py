"""Write the author fixtures: a fictional lab of three authors, in the recorded formats of
OpenAlex (author objects, lists of works) and DBLP (a person's BibTeX export).

- OpenAlex author A9900000101 (Yijia Xiong): 9 works, one of them also as its arXiv
  preprint (a separate OpenAlex work with the arXiv DOI), one shared with Carberry, and
  one with hostile values (markup, braces, an ``@`` entry in its title, a
  ``javascript:`` PDF link, control characters, a full-width year).
- ORCID 0000-0002-1825-0097 (ORCID's own fictional Josiah Carberry) = A9900000102:
  7 works and the shared one.
- DBLP 99/0101 (Sam Sample): one work also in OpenAlex (same DOI), three that OpenAlex
  knows only by DOI (answered by the batched ``doi:a|b|c`` filter), a CoRR preprint
  beside its published version, and one without a DOI.
- A9900000103 has 0 works; A9999999999, ORCID 0000-0001-5109-3700 and DBLP 99/9999 are
  unknown (404).

Every DOI uses 10.5555 (Crossref's test prefix), every topic id starts with T991, every
arXiv id is from a month that does not exist yet: no real work, topic or person.  Run
``python tests/data/authors/make_authors.py`` after editing it; its output is committed.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
DOMAIN = {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}
FIELD = {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}
SUBFIELD = {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}
TOPICS = {
    "light": ("T99101", "Light Field Imaging"),
    "graph": ("T99102", "Graph Neural Networks"),
    "speech": ("T99103", "Speech Recognition Systems"),
    "protein": ("T99104", "Protein Structure Prediction"),
}
XIONG = ("https://openalex.org/A9900000101", "Yijia Xiong")
CARBERRY = ("https://openalex.org/A9900000102", "Josiah Carberry")
SAMPLE = ("https://openalex.org/A9900000199", "Sam Sample")
JOURNAL = {
    "id": "https://openalex.org/S99001",
    "display_name": "Journal of Example Fixtures",
    "type": "journal",
}
CONFERENCE = {
    "id": "https://openalex.org/S99002",
    "display_name": "Example Conference on Fixtures",
    "type": "conference",
}
ARXIV = {
    "id": "https://openalex.org/S4306400194",
    "display_name": "arXiv (Cornell University)",
    "type": "repository",
}


#: "2024" in full-width digits: not a year (only ASCII digits are).
FULL_WIDTH_YEAR = "\uff12\uff10\uff12\uff14"
#: Works named rather than numbered, and the number in their OpenAlex id.
NAMED_IDS = {"pre1": 1, "hostile": 2, "d1": 11, "d2": 12, "d3": 13}


def topic(name: str, score: float = 0.99) -> dict[str, object]:
    ident, display = TOPICS[name]
    return {
        "id": f"https://openalex.org/{ident}",
        "display_name": display,
        "score": score,
        "subfield": SUBFIELD,
        "field": FIELD,
        "domain": DOMAIN,
    }


def inverted(text: str) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, word in enumerate(text.split()):
        index.setdefault(word, []).append(position)
    return index


def work(
    number: int | str,
    title: str,
    year: int,
    authors: list[tuple[str, str]],
    topic_name: str,
    *,
    doi: str | None = None,
    source: dict[str, str] = JOURNAL,
    kind: str = "article",
    landing: str | None = None,
    abstract: str | None = None,
    cited: int | None = None,
) -> dict[str, object]:
    doi = doi if doi is not None else f"10.5555/rt.authors.{number}"
    landing = landing or f"https://doi.org/{doi}"
    return {
        "id": f"https://openalex.org/W99200{number:05d}"
        if isinstance(number, int)
        else f"https://openalex.org/W99209{NAMED_IDS[number]:04d}",
        "doi": f"https://doi.org/{doi}",
        "title": title,
        "display_name": title,
        "publication_year": year,
        "publication_date": f"{year}-0{(len(title) % 9) + 1}-15",
        "type": kind,
        "primary_location": {
            "is_oa": True,
            "landing_page_url": landing,
            "pdf_url": None,
            "source": source,
        },
        "best_oa_location": {
            "is_oa": True,
            "landing_page_url": landing,
            "pdf_url": f"https://repository.example.org/{doi.replace('/', '-')}.pdf",
            "source": source,
        },
        "authorships": [
            {"author_position": "middle", "author": {"id": ident, "display_name": name}}
            for ident, name in authors
        ],
        "cited_by_count": cited if cited is not None else (len(title) * 7) % 97,
        "abstract_inverted_index": inverted(
            abstract or f"Example abstract of a fixture: {title}. Recorded test data, not a paper."
        ),
        "primary_topic": topic(topic_name),
        "topics": [topic(topic_name)],
    }


def xiong_works() -> list[dict[str, object]]:
    works = []
    for index in range(1, 5):
        works.append(
            work(
                index,
                f"Light Field Study {index}: Example Light Transport"
                if index > 1
                else "Light Field Super-Resolution with Example Transformers",
                2024 if index == 1 else 2019 + index,
                [XIONG, ("https://openalex.org/A9900000150", "Ada Example")],
                "light",
            )
        )
    # the arXiv preprint of work 1: its own OpenAlex work, the arXiv DOI, a year earlier
    works.append(
        work(
            "pre1",
            "Light field super-resolution with example transformers",
            2023,
            [XIONG, ("https://openalex.org/A9900000150", "Ada Example")],
            "light",
            doi="10.48550/arxiv.2399.00042",
            source=ARXIV,
            kind="preprint",
            landing="https://arxiv.org/abs/2399.00042",
            cited=5,
        )
    )
    for index in range(5, 9):
        works.append(
            work(
                index,
                f"Graph Networks for Example Data, Part {index}",
                2018 + index,
                [("https://openalex.org/A9900000151", "Bo Example"), XIONG],
                "graph",
                source=CONFERENCE,
            )
        )
    works.append(shared())
    works.append(
        work(
            "hostile",
            'Light <script>alert("x")</script> }{ @misc{evil, title={pwned}} \\input{/etc/passwd}'
            " \x1b[31mred\x1b[0m \u202eevil\u202c",
            FULL_WIDTH_YEAR,  # type: ignore[arg-type]
            [XIONG, ("https://openalex.org/A9900000152", "Evil, Name and Co")],
            "light",
            doi="10.5555/rt.authors.hostile",
            landing="javascript:alert(1)",
            abstract='<img src=x onerror=alert(1)> "quoted" & {unbalanced \\end{document}',
        )
    )
    works[-1]["publication_year"] = FULL_WIDTH_YEAR
    works[-1]["best_oa_location"]["pdf_url"] = "javascript:alert(2)"  # type: ignore[index]
    return works


def shared() -> dict[str, object]:
    return work(9, "Speech and Light: A Shared Example", 2023, [XIONG, CARBERRY], "speech")


def carberry_works() -> list[dict[str, object]]:
    works = [shared()]
    for index in range(10, 14):
        works.append(
            work(index, f"Speech Recognition Example {index}", 2010 + index, [CARBERRY], "speech")
        )
    for index in range(14, 17):
        works.append(
            work(
                index,
                f"Protein Folding Example {index}",
                2008 + index,
                [CARBERRY, SAMPLE],
                "protein",
            )
        )
    return works


def dblp_only() -> list[dict[str, object]]:
    """What OpenAlex knows of DBLP's works, by DOI (answered to the ``doi:`` filter)."""
    return [
        work(
            f"d{index}",
            f"Protein Structure Example D{index}",
            2020 + index,
            [SAMPLE],
            "protein",
            doi=f"10.5555/rt.authors.d{index}",
        )
        for index in range(1, 4)
    ]


DBLP_BIB = r"""@article{DBLP:journals/jef/Carberry16,
  author       = {Josiah Carberry and
                  Sam Sample 0001},
  title        = {Protein Folding Example 16},
  journal      = {J. Ex. Fix.},
  volume       = {3},
  year         = {2024},
  url          = {https://doi.org/10.5555/rt.authors.16},
  doi          = {10.5555/RT.AUTHORS.16},
  biburl       = {https://dblp.org/rec/journals/jef/Carberry16.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}

@inproceedings{DBLP:conf/ecf/SampleD1,
  author       = {Sam Sample 0001},
  title        = {Protein Structure Example {D1}},
  booktitle    = {Proceedings of the Example Conference on Fixtures},
  pages        = {1--10},
  year         = {2021},
  doi          = {10.5555/rt.authors.d1}
}

@article{DBLP:journals/jef/SampleD2,
  author       = {Sam Sample 0001},
  title        = {Protein Structure Example {D2}},
  journal      = {J. Ex. Fix.},
  year         = {2022},
  doi          = {10.5555/rt.authors.d2}
}

@article{DBLP:journals/corr/abs-2399-00077,
  author       = {Sam Sample 0001 and Ada Example},
  title        = {Protein Structure Example {D3}},
  journal      = {CoRR},
  volume       = {abs/2399.00077},
  year         = {2022},
  eprinttype    = {arXiv},
  eprint       = {2399.00077},
  doi          = {10.48550/ARXIV.2399.00077}
}

@inproceedings{DBLP:conf/ecf/SampleD3,
  author       = {Sam Sample 0001 and Ada Example},
  title        = {Protein Structure Example {D3}},
  booktitle    = {Proceedings of the Example Conference on Fixtures},
  year         = {2023},
  doi          = {10.5555/rt.authors.d3}
}

@misc{DBLP:books/ex/Sample,
  author       = {Sam Sample 0001},
  title        = {An Example Monograph Without a {DOI}},
  howpublished = {Example Press},
  year         = {2019},
  url          = {javascript:alert(3)}
}
"""


def author(ident: str, name: str, orcid: str | None = None) -> dict[str, object]:
    return {
        "id": ident,
        "orcid": f"https://orcid.org/{orcid}" if orcid else None,
        "display_name": name,
        "works_count": 0,
    }


def main() -> None:
    folder = HERE / "openalex"
    folder.mkdir(exist_ok=True)
    (HERE / "dblp").mkdir(exist_ok=True)

    def dump(name: str, data: object) -> None:
        (folder / name).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")

    dump("author-A9900000101.json", author(*XIONG))
    dump("author-A9900000102.json", author(*CARBERRY, orcid="0000-0002-1825-0097"))
    dump("author-orcid_0000-0002-1825-0097.json", author(*CARBERRY, orcid="0000-0002-1825-0097"))
    dump("author-A9900000103.json", author("https://openalex.org/A9900000103", "Zero Works"))
    dump("works-A9900000101.json", xiong_works())
    dump("works-A9900000102.json", carberry_works())
    dump("works-by-doi.json", dblp_only())
    (HERE / "dblp" / "99_0101.bib").write_text(DBLP_BIB, encoding="utf-8")


if __name__ == "__main__":
    main()
