"""What listeners' apps read: a podcast feed (RSS 2.0 with the iTunes and Podcasting 2.0 tags),
JSON chapters (Podcasting 2.0), and an extended M3U playlist. Pure functions: data in, text out.
"""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CHAPTERS_VERSION = "1.2.0"  # podcastindex JSON chapters format
CHAPTERS_TYPE = "application/json+chapters"
M3U_TYPE = "audio/x-mpegurl"
RSS_TYPE = "application/rss+xml"
UNKNOWN_DURATION_S = -1  # what #EXTINF says for a segment whose audio is not made yet

for _prefix, _uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class Channel:
    title: str
    link: str  # absolute: the site
    feed_url: str  # absolute: this feed (atom:link rel=self, which directories check)
    description: str
    image_url: str  # absolute: square artwork, 1400-3000 px
    author: str
    category: str = "News"
    language: str = "ko"


@dataclass(frozen=True)
class Episode:
    guid: str  # stable across updates: an updated article is the same episode
    title: str
    link: str  # absolute: the reading page
    description: str
    published: datetime  # aware
    audio_url: str  # absolute
    audio_bytes: int  # the enclosure's exact size: directories compare it with the file
    duration_s: float
    chapters_url: str  # absolute
    image_url: str | None = None  # absolute, or None for the channel's


@dataclass(frozen=True)
class PlaylistEntry:
    url: str  # absolute
    title: str
    duration_s: float | None  # None: not made yet


def rss(channel: Channel, episodes: Sequence[Episode], built: datetime) -> bytes:
    """The feed as UTF-8 XML; episodes in the order given (newest first, as apps expect)."""
    root = ET.Element("rss", {"version": "2.0"})
    head = ET.SubElement(root, "channel")
    _text(head, "title", channel.title)
    _text(head, "link", channel.link)
    _text(head, "description", channel.description)
    _text(head, "language", channel.language)
    _text(head, "lastBuildDate", format_datetime(built))
    ET.SubElement(head, f"{{{ATOM}}}link", {"href": channel.feed_url, "rel": "self", "type": RSS_TYPE})
    image = ET.SubElement(head, "image")
    _text(image, "url", channel.image_url)
    _text(image, "title", channel.title)
    _text(image, "link", channel.link)
    _text(head, f"{{{ITUNES}}}author", channel.author)
    _text(head, f"{{{ITUNES}}}summary", channel.description)
    ET.SubElement(head, f"{{{ITUNES}}}image", {"href": channel.image_url})
    ET.SubElement(head, f"{{{ITUNES}}}category", {"text": channel.category})
    _text(head, f"{{{ITUNES}}}explicit", "false")
    _text(head, f"{{{ITUNES}}}type", "episodic")
    _text(head, f"{{{PODCAST}}}locked", "no")
    for episode in episodes:
        _item(head, episode)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _item(head: ET.Element, episode: Episode) -> None:
    item = ET.SubElement(head, "item")
    _text(item, "title", episode.title)
    _text(item, "link", episode.link)
    _text(item, "description", episode.description)
    ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = episode.guid
    _text(item, "pubDate", format_datetime(episode.published))
    ET.SubElement(
        item, "enclosure", {"url": episode.audio_url, "length": str(episode.audio_bytes), "type": "audio/mpeg"}
    )
    _text(item, f"{{{ITUNES}}}title", episode.title)
    _text(item, f"{{{ITUNES}}}duration", str(round(episode.duration_s)))
    _text(item, f"{{{ITUNES}}}episodeType", "full")
    _text(item, f"{{{ITUNES}}}explicit", "false")
    if episode.image_url:
        ET.SubElement(item, f"{{{ITUNES}}}image", {"href": episode.image_url})
    ET.SubElement(item, f"{{{PODCAST}}}chapters", {"url": episode.chapters_url, "type": CHAPTERS_TYPE})


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def chapters_json(title: str, chapters: Sequence[tuple[float, float, str]]) -> dict:
    """Podcasting 2.0 JSON chapters from (start s, end s, title)."""
    return {
        "version": CHAPTERS_VERSION,
        "title": title,
        "chapters": [
            {"startTime": round(start, 3), "endTime": round(end, 3), "title": name} for start, end, name in chapters
        ],
    }


def m3u(title: str, entries: Sequence[PlaylistEntry]) -> str:
    """An extended M3U playlist: #EXTINF with each entry's duration (whole seconds are not enough
    for short paragraphs, so three decimals) and title, then its URL."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(title)}"]
    for entry in entries:
        duration = UNKNOWN_DURATION_S if entry.duration_s is None else f"{entry.duration_s:.3f}"
        lines += [f"#EXTINF:{duration},{_one_line(entry.title)}", entry.url]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    # A line break in a title would start a new playlist line.
    return " ".join(text.split())
