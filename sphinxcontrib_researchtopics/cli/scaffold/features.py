"""What a generated site turns on: the whole product by default, each part with a flag
to turn it off.  One table (:data:`FEATURES`) gives each feature's flag, its conf.py
setting, the extra it needs and the sentence the site's README says of it, so ``new``,
the al-folio import, the README and the docs never disagree."""

from __future__ import annotations

import argparse
import importlib.util
from dataclasses import dataclass

__all__ = ["FEATURES", "Feature", "Features", "add_arguments", "from_args"]


@dataclass(frozen=True)
class Feature:
    """One part of the product a generated site turns on."""

    name: str
    #: The conf.py setting and its value when on.
    setting: str
    value: object
    #: The comment above the setting in conf.py.
    comment: str
    #: The package extra it needs (``[feed]``), and the module that extra brings.
    extra: str
    module: str
    #: What the site's README says of it.
    readme: str


#: Every feature, in the order conf.py and the README list them.
FEATURES: tuple[Feature, ...] = (
    Feature(
        "paper-pages",
        "researchtopics_paper_pages",
        "papers",
        "One page per entry, with Google Scholar's citation_* tags (None: none)",
        "",
        "",
        "one page per paper (`papers/`), which Google Scholar indexes",
    ),
    Feature(
        "member-pages",
        "researchtopics_member_pages",
        "people",
        "One page per lab member listing their papers (None: none)",
        "",
        "",
        "one page per lab member (`people/`) listing their papers",
    ),
    Feature(
        "feed",
        "researchtopics_feed",
        "publications.atom",
        "An Atom feed of the newest papers, for feed readers (None: none; needs feedgen)",
        "feed",
        "feedgen",
        "an Atom feed of the newest papers (`publications.atom`)",
    ),
    Feature(
        "finder",
        "researchtopics_finder",
        "auto",
        "A search box and filters above lists of 10 entries or more (False: none)",
        "",
        "",
        "a search box and filters above long lists",
    ),
    Feature(
        "cite",
        "researchtopics_cite",
        "all",
        'A Cite panel (APA, IEEE) on every entry ("single": only publication entries; '
        "needs citeproc-py)",
        "cite",
        "citeproc",
        "a Cite panel with each paper in APA and IEEE style",
    ),
)

#: The value that turns each feature off, where it is not None.
_OFF: dict[str, object] = {"finder": False, "cite": "single"}


@dataclass(frozen=True)
class Features:
    """The features a site gets, and its address (``html_baseurl``)."""

    on: tuple[str, ...] = tuple(feature.name for feature in FEATURES)
    url: str = ""

    def settings(self) -> list[tuple[str, str, object]]:
        """(comment, name, value) for conf.py: every feature, on or off, so the file
        shows how to turn each one on and off."""
        out: list[tuple[str, str, object]] = []
        if self.url:
            out.append(
                ("The site's address: feeds, canonical links and sitemaps need it",
                 "html_baseurl", self.url)
            )  # fmt: skip
        for feature in FEATURES:
            value = feature.value if feature.name in self.on else _OFF.get(feature.name)
            out.append((feature.comment, feature.setting, value))
        return out

    def extras(self) -> list[str]:
        """The package extras the features that are on need."""
        return [f.extra for f in FEATURES if f.extra and f.name in self.on]

    def missing(self) -> list[str]:
        """Extras the features need that this Python lacks (the build would warn)."""
        return [
            f.extra
            for f in FEATURES
            if f.extra and f.name in self.on and importlib.util.find_spec(f.module) is None
        ]

    def readme_lines(self, flags: bool = True) -> list[str]:
        """The README's list: what the site has, the setting that turns each on or off,
        and (*flags*: a site made by ``new``) the flag that leaves it out."""
        lines = []
        for feature in FEATURES:
            state = "on" if feature.name in self.on else "off"
            off = _OFF.get(feature.name)
            line = (
                f"- {feature.readme} ({state}): `{feature.setting}` in `conf.py` "
                f"(`{off!r}` turns it off)"
            )
            if flags:
                line += f"; `researchtopics new --no-{feature.name}` leaves it out"
            lines.append(line)
        return lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url",
        default="",
        metavar="URL",
        help="the site's address (html_baseurl), e.g. https://lab.example.org/",
    )
    for feature in FEATURES:
        parser.add_argument(
            f"--no-{feature.name}",
            dest=f"no_{feature.name.replace('-', '_')}",
            action="store_true",
            help=f"leave out {feature.readme}",
        )


def from_args(args: argparse.Namespace) -> Features:
    on = tuple(
        feature.name
        for feature in FEATURES
        if not getattr(args, f"no_{feature.name.replace('-', '_')}", False)
    )
    return Features(on, str(getattr(args, "url", "") or "").strip())
