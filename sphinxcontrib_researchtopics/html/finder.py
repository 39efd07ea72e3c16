"""The finder: a search box and filters above a publication list (HTML pages only).

A post-transform for HTML builders puts one inline JSON block at the top of each list
that gets a finder: the facet values (year, type, topic, lab member, venue badge) and,
per entry, which values it has, as indices.  ``researchtopics-finder.js`` builds the
controls from it and searches the entries' own text, so the page holds no second copy of
titles or abstracts, and a page read without JavaScript shows no control and every entry.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..bib.grouping import TYPE_HEADING_ORDER, type_heading
from ..bib.people import MemberIndex
from ..bib.records import Publication
from ..config import FINDER_AUTO_MIN, WARNING_TYPE
from ..locale import N_
from ..sphinxext.labels import ENGLISH, Labels
from ..sphinxext.log import get_logger
from ..sphinxext.state import get_state
from .memo import finder_key
from .nodes import rt_finder_data
from .state import html_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = get_logger(__name__)

#: The facets, in the order they are shown: (id, label).  The id names the URL parameter
#: (``?rt-year=2024``) and the JSON's facet; the label is translated where shown.
FACETS: tuple[tuple[str, str], ...] = (
    # Translators: the finder's filters: publication year.
    ("year", N_("Year")),
    # Translators: the finder's filters: kind of publication (journal article, thesis...).
    ("type", N_("Type")),
    # Translators: the finder's filters: research topic.
    ("topic", N_("Topic")),
    # Translators: the finder's filters: a member of the lab among the authors.
    ("member", N_("Lab member")),
    # Translators: the finder's filters: where it was published (conference, journal).
    ("venue", N_("Venue")),
)

#: The year value of an entry with no year (its URL value; its label is translated).
# Translators: the year of a publication that has none.
UNDATED = N_("Undated")

#: Builders of the HTML format whose readers do not run a page's script.
NO_SCRIPT_BUILDERS = ("epub",)

_SETTINGS = {True: "on", False: "off", "auto": "auto"}


def setting_of(value: Any) -> str:
    """``researchtopics_finder`` as "on", "off" or "auto" (anything else counts as auto)."""
    if isinstance(value, str):
        value = value.strip().lower()
        value = {"true": True, "false": False}.get(value, value)
    return _SETTINGS.get(value, "auto")


def check_config(app: Sphinx, config: Config) -> None:
    """Warn once about a ``researchtopics_finder`` that is not "auto", True or False."""
    value = config.researchtopics_finder
    if value is True or value is False or (isinstance(value, str) and value == "auto"):
        return
    if setting_of(value) == "auto" or not isinstance(value, str):
        logger.warning(
            'researchtopics_finder = %r: use "auto", True or False (taken as "auto")',
            value,
            type=WARNING_TYPE,
            subtype="option",
        )


def wants_finder(setting: str, choice: str, count: int) -> bool:
    """Whether a list of *count* entries gets a finder (the directive's flag first)."""
    if count == 0 or choice == "no-finder":
        return False
    if choice == "finder":
        return True
    if setting == "auto":
        return count >= FINDER_AUTO_MIN
    return setting == "on"


def year_value(publication: Publication) -> str:
    """The year as ``:group-by: year`` heads it."""
    if publication.year_num is not None:
        return str(publication.year_num)
    return publication.year.strip() or UNDATED


def entry_values(publication: Publication, members: MemberIndex) -> dict[str, list[str]]:
    """Every facet's values for one entry."""
    names = (members.member_name(person) for person in publication.authors) if members else ()
    return {
        "year": [year_value(publication)],
        "type": [type_heading(publication.entry_type)],
        "topic": list(publication.topics),
        "member": list(dict.fromkeys(name for name in names if name)),
        "venue": [publication.abbr.strip()] if publication.abbr.strip() else [],
    }


def _year_order(value: str) -> tuple[int, int, str]:
    # "²⁰²⁰" is digits to isdigit(), not to int(); a 5000-digit "year" is too long for int()
    number = value.isascii() and value.isdigit() and len(value) <= 6
    return (0, -int(value), "") if number else (1, 0, value.casefold())


def ordered_values(facet: str, totals: Counter[str]) -> list[str]:
    """A facet's values as the filter lists them: years newest first, types as grouped,
    the rest most frequent first."""
    if facet == "year":
        return sorted(totals, key=_year_order)
    if facet == "type":
        return [heading for heading in TYPE_HEADING_ORDER if heading in totals]
    return sorted(totals, key=lambda value: (-totals[value], value.casefold()))


def slug(text: str) -> str:
    """A type heading as a URL value: "Journal articles" -> "journal-articles"."""
    return "-".join(text.lower().split())


def _column(rows: Sequence[list[int]]) -> list[Any]:
    """Per entry, its one value's index, or a list when it has none or several."""
    return [row[0] if len(row) == 1 else row for row in rows]


def finder_data(
    publications: Sequence[Publication],
    members: MemberIndex,
    topic_titles: Mapping[str, str] | None = None,
    labels: Labels = ENGLISH,
) -> dict[str, Any]:
    """The JSON a list's finder reads: facets with their values and, per entry in page
    order, the indices of its values.  A facet with nothing to choose is left out.
    Topics are labelled with *topic_titles* (``researchtopics_topic_map``'s) where given;
    facet names, type names and "Undated" with *labels* (values stay English: URLs)."""
    per_entry = [entry_values(pub, members) for pub in publications]
    facets: list[dict[str, Any]] = []
    for facet, label in FACETS:
        totals: Counter[str] = Counter(value for values in per_entry for value in values[facet])
        everyone = len(totals) == 1 and all(values[facet] for values in per_entry)
        if not totals or everyone:
            continue
        order = ordered_values(facet, totals)
        index = {value: number for number, value in enumerate(order)}
        item: dict[str, Any] = {"id": facet, "label": labels(label)}
        if facet == "type":
            item["values"] = [slug(value) for value in order]
            item["labels"] = [labels(value) for value in order]
        else:
            item["values"] = order
            if facet == "topic" and topic_titles:
                item["labels"] = [topic_titles.get(value, value) for value in order]
            elif facet == "year" and UNDATED in index:
                item["labels"] = [labels(value) if value == UNDATED else value for value in order]
        item["of"] = _column([[index[value] for value in values[facet]] for values in per_entry])
        facets.append(item)
    return {"n": len(publications), "facets": facets}


def script_json(data: dict[str, Any]) -> str:
    """JSON that cannot close its ``<script>`` element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def visit_finder_data(self: Any, node: rt_finder_data) -> None:
    """The list's facets as inline JSON, made now (as the page is written), or taken
    from the page's memo while the list's entries are the same."""
    env = self.builder.env
    state = get_state(env)
    publications: list[Publication] = node["publications"]
    docname: str = node["docname"]
    page_memo = html_state(env).memo if docname in env.found_docs else None

    def make() -> str:
        data = finder_data(publications, state.members, state.topic_titles, state.labels)
        return script_json(data)

    if page_memo is None:
        text = make()
    else:
        key = finder_key(((pub.key, pub.digest) for pub in publications), state.topic_titles)
        text = page_memo.recall_or_make(docname, key, make)
    self.body.append(f'<script type="application/json" class="rt-finder-data">{text}')
    self.body.append("</script>\n")
    raise nodes.SkipNode
