"""An article web page as a news site publishes it, reduced to the article.

Metadata comes from what the page declares (og: and article: tags, JSON-LD, canonical link, `data-`
time attributes, `<time datetime>`) and, failing that, from what it prints (`<h1>`, `입력 2024-11-05
16:19`, `홍길동 기자`). Text is only ever taken from what a reader sees: scripts, styles, templates,
comments, hidden elements, pop-up and help layers and screen-reader-only helper spans are dropped
first (each logged). The body is the publisher's article container when it has a known name (a fast
path that `known_containers=False` switches off), otherwise the smallest element that holds most of
the page's running text; sibling containers that continue it are read with it. It is then read in
order: paragraphs (`<p>` or text between `<br>`s), subheadings, quotes, and photos with the caption
printed beside them (figure/figcaption, a photo table, `<em class="img_desc">`, a `▲` line), while
share bars, ads, related-news lists, copyright notices and anything that reads as code are left
behind. A page of photos alone (card news) is its title, time and photos.
"""

import json
import logging
import re
from functools import lru_cache
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from a11y.article import Article, Image, Paragraph
from a11y.ingest import boilerplate, bylines, captions, dates
from a11y.ingest.assemble import MAX_SUBTITLE_CHARS, Line, assemble, is_meta_text
from a11y.ingest.codelike import code_reason
from a11y.ingest.dates import Moment
from a11y.errors import IngestError

log = logging.getLogger("a11y.ingest")

# Less running text than this on a page is not an article.
MIN_ARTICLE_CHARS = 60
# A run of text shorter than this does not count when looking for where the article is.
MIN_RUN_CHARS = 25
# The article container is the smallest element holding at least this share of the running text.
CONTAINER_SHARE = 0.8
# A box of links with a short label of its own (`함께 보면 좋은 기사`) is a list of other articles.
MAX_LINK_BOX_LABEL_CHARS = 20
_LINK_BOX_TAGS = frozenset({"div", "section", "aside", "ul", "ol", "dl", "nav"})
# A reporter's name printed alone is a short line.
MAX_BYLINE_LINE_CHARS = 40
# A portal's help layer is short; a longer element that mentions its words is more than the layer.
MAX_HELP_LAYER_CHARS = 600
_LAYER_TAGS = ("div", "section", "aside", "dl", "ul")
# Images smaller than this (by their width/height attributes) are icons, not photos.
MIN_PHOTO_PX = 50

# Not <form>: ASP.NET pages wrap the whole page in one.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "select", "input", "textarea", "nav", "footer", "aside", "video", "audio", "map",
    "label", "fieldset", "legend", "option", "dialog", "menu",
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    "address article blockquote center dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 header hr li "
    "main ol p pre section table tbody td tfoot th thead tr ul".split()
)
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_VOID_TAGS = frozenset({"embed", "input"})
_HEADLINE_TAGS = frozenset({"h1", "header", "footer", "nav", "aside", "form"})
# Hidden however they are styled: screen-reader-only helper text is page UI, not article.
_HIDDEN_CLASS = re.compile(
    r"(?:is[-_])?(?:blind|hide|hidden|sr[-_]only|screen[-_]out|visually[-_]?hidden|offscreen|a11y[-_]hidden)|u_skip|skip[-_]?nav"
)
# Pop-up and help layers (`ly_summary`, `layer_popup`, `modal`): shown on a click, never the article.
_LAYER_CLASS = re.compile(
    r"^(?:ly|lyr|layer|layerpop|pop|popup|modal|dialog|tooltip|toast)(?:[-_]|$)|[-_](?:layer|popup|layerpop|modal|tooltip)$"
)
_LAYER_ROLES = frozenset({"dialog", "alertdialog", "tooltip"})
# A portal's help layers about its own features (요약봇, 자동 추출 요약, 글자 크기 설정).
_HELP_LAYER_TEXT = re.compile(r"요약봇|자동\s?추출\s?기술|자동\s?요약|요약\s?결과는|글자\s?크기\s?설정|본문\s?듣기\s?설정|음성\s?설정")
_BOLD_TAGS = frozenset({"b", "strong"})

# Class and id words of what is around an article, never in it.
_NOISE_WORDS = frozenset(
    "ad ads adv advert advertisement adsense banner sponsor promotion promo related relation recommend "
    "recommended share sharing sns social reaction emotion like likes comment comments reply copyright "
    "byline reporter journalist writer author profile tag tags keyword keywords ticker stock coin crypto "
    "popular ranking rank subscribe newsletter fontsize print util utility toolbar tool tools btn "
    "button menu gnb lnb nav navigation footer sidebar side aside widget hidden blind sr-only "
    "screen_out skip date datetime dateline donate donation paywall membership".split()
)
_PHOTO_WORDS = frozenset("photo photos img image images imgs pic picture figure fig thumb gallery".split())
_CAPTION_WORDS = frozenset("caption cap desc description figcaption".split())
_CREDIT_WORDS = frozenset("copyright byline reporter writer author tx_copyright credit".split())
_BYLINE_WORDS = frozenset("byline reporter journalist writer author".split())
# The article container's name on Korean publishers' pages and common CMSs.
_CONTAINER_NAMES = frozenset(
    "dic_area articlebodycontents articlebody article_body article-body articletext article_txt "
    "article-view-content-div news_body_area newsendcontents newsct_article textbody cmadcontent "
    "story-news articleview article_view news_body news-body view_con article_content article-content "
    "news_cnt_detail_wrap article-text".split()
)
_SUBTITLE_NAME = re.compile(
    r"(?:^|[-_ ])(?:sub[-_]?tit(?:le)?s?|tit[-_]?sub|sub[-_]?head(?:ing|line)?|summary[-_]?tit|"
    r"article[-_]?summary|summary|art[-_]?subtit|lead[-_]?tit|stit|deck|dek|standfirst|strapline)\d{0,2}(?:$|[-_ ])",
    re.I,
)
# An unnamed box right below the headline is its subtitle when it holds only text (`_TEXT_TAGS`), in
# at most this many lines of a subtitle's length.
_SUBTITLE_BOX_TAGS = frozenset({"div", "p", "strong", "b", "em", "span", "section", "ul"})
_TEXT_TAGS = frozenset({"br", "span", "strong", "b", "em", "i", "font", "p", "div", "ul", "li"})
MIN_SUBTITLE_CHARS = 8
MAX_SUBTITLE_LINES = 4
_HANGUL = re.compile("[가-힣]")
_SITE_SUFFIX_WORDS = ("뉴스", "일보", "신문", "경제", "타임즈", "투데이", "tv", "미디어", "기사본문", "닷컴", "news")
_ARTICLE_TYPES = frozenset({"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting"})
_WORD_BREAK = re.compile(r"[-_\s]+|(?<=[a-z0-9])(?=[A-Z])")
# Portals that carry other papers' articles: the paper is the publisher, not the portal.
_PORTALS = frozenset({"다음뉴스", "다음", "daum", "daum뉴스", "네이버", "네이버뉴스", "naver", "navernews", "네이트", "네이트뉴스", "nate", "zum", "줌"})


def _is_portal(name: str) -> bool:
    """`다음뉴스`, `네이버 스포츠`, `뉴시스 | 네이버`: a portal's name or section, alone or after a bar."""
    parts = [part.split() for part in name.lower().split("|")]
    return any(words and ("".join(words) in _PORTALS or words[0] in _PORTALS) for words in parts)


_TRAILING_COMMA = re.compile(r",\s{0,20}([}\]])")
_COPYRIGHT_NAME = re.compile(r"(?:ⓒ|©|\(c\)|copyright)\s?(?:\d{4}\s?)?(?:㈜\s?)?(?P<name>[가-힣]{2,12})", re.I)
_INVISIBLE = re.compile(r"[\u200b\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ICON_SRC = re.compile(r"(?:icon|btn_|button|logo|blank\.gif|spacer|pixel|1x1|loading)", re.I)


def parse_html(text: str, source_url: str | None = None, *, known_containers: bool = True) -> Article:
    """The article in a page; `source_url` is where it was fetched from, for links and the id.

    `known_containers=False` ignores the publishers' container names and finds the body by its text.
    """
    try:
        return _parse(text, source_url, known_containers)
    except RecursionError as error:  # the walk is recursive; no real page nests this deep
        raise IngestError("페이지의 구조가 너무 깊어 읽을 수 없습니다.") from error


def _parse(text: str, source_url: str | None, known_containers: bool) -> Article:
    root = _document(text)
    page = _Page.read(root, source_url)
    _drop_invisible(root)
    title = page.title(root)
    subtitles = _subtitle_lines(root, title)
    parts = _body_parts(root, known_containers)
    if not parts:
        raise IngestError("페이지에서 기사 본문을 찾지 못했습니다.")
    if not title:
        raise IngestError("페이지에서 기사 제목을 찾지 못했습니다 (og:title, <h1>, <title>).")
    walker = _Walker(page.base_url, title=title)
    for part in parts:
        walker.read(part)
    walker.flush()
    # The headline printed again inside the container is not a paragraph.
    lines = [line for line in walker.lines if line.kind == "image" or line.text != title]
    found = assemble(lines, short_lines_are_headings=False, captions_make_photos=False)
    photos = [block for block in found.blocks if isinstance(block, Image) and block.src]
    if not found.blocks or not (photos or any(isinstance(block, Paragraph) for block in found.blocks)):
        raise IngestError("페이지에서 기사 본문을 찾지 못했습니다.")
    visible = _visible_text(root)
    printed = _printed_times(root)
    published = _most_precise(
        [page.published, found.published, dates.first_published_in_text(visible), printed.get("published")]
    ) or dates.published_in_text(visible)
    modified = _most_precise([page.modified, found.modified, dates.modified_in_text(visible), printed.get("modified")])
    if modified and published and modified.value <= published.value:
        modified = None  # a 수정 time no later than the 입력 time says nothing new
    return Article(
        title=title,
        subtitles=tuple(dict.fromkeys(subtitles + found.subtitles)),
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        modified=modified.value if modified else None,
        modified_precision=modified.precision if modified else None,
        byline=page.byline or page.author_byline or found.byline or page.author or _printed_byline(root),
        source_url=page.source_url,
        publisher=page.press(root),
        source=found.source,
        blocks=tuple(found.blocks),
    )


# Plain lxml elements: the lxml.html element classes cost a Python call for every node visited.
_HTML_PARSER = etree.HTMLParser()
_STRING = etree.XPath("string()")


def _text(element) -> str:
    """All the text inside an element, as `textContent` gives it."""
    return str(_STRING(element))


def _document(text: str) -> etree._Element:
    # lxml refuses str input that still carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise IngestError("페이지가 비어 있습니다.")
    try:
        root = etree.fromstring(text, _HTML_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise IngestError(f"HTML로 읽을 수 없습니다: {error}") from error
    if root is None:
        raise IngestError("HTML로 읽을 수 없습니다: 문서가 비어 있습니다.")
    for comment in root.xpath("//comment()"):
        _drop(comment)
    return root


@dataclass
class _Page:
    """What the page declares about itself, read before anything is dropped."""

    meta: dict[str, str]
    ld: dict
    h1s: list[str]
    base_url: str | None
    source_url: str | None
    published: Moment | None = None
    modified: Moment | None = None
    byline: str | None = None
    author_byline: str | None = None  # a declared author that reads as a byline: `홍길동 기자`
    author: str | None = None  # a declared author as given
    publisher: str | None = None
    title_tag: str = ""
    sites: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, root, fetched_from: str | None) -> "_Page":
        meta = _meta_tags(root)
        ld = _json_ld_article(root)
        canonical = _first(root.xpath("//link[@rel='canonical']/@href"))
        base = _first(root.xpath("//base/@href")) or fetched_from
        declared = [meta.get("og:url"), canonical, _ld_url(ld)]
        source = next((url for url in (_absolute(value, base) for value in declared) if url), None)
        page = cls(
            meta=meta,
            ld=ld,
            h1s=[_squash(_text(h1)) for h1 in root.iter("h1")],
            base_url=_absolute(base, None) or source,
            source_url=source or _absolute(fetched_from, None),
            title_tag=_squash(_first(root.xpath("//title/text()")) or ""),
        )
        page.publisher = _squash(meta.get("og:site_name") or _ld_name(ld.get("publisher")) or "") or None
        page.sites = [name for name in (page.publisher, meta.get("application-name"), meta.get("twitter:site")) if name]
        page.published, page.modified = _declared_times(root, meta, ld)
        page.byline = _byline_from_elements(root)
        author = _ld_name(ld.get("author")) or meta.get("author") or meta.get("article:author") or ""
        author = "" if author.startswith("http") or author == page.publisher else _squash(author)
        page.author_byline = bylines.byline_in(author)
        page.author = author or None
        return page

    def press(self, root) -> str | None:
        """The newspaper: as declared, else as printed; on a portal's copy, the paper it carries."""
        _, separator, tail = _rsplit_any(self.title_tag, (" | ", " - ", " :: ", " < ", " — ", " – ", " : "))
        title_site = tail.strip() if separator and 2 <= len(tail.strip()) <= 15 else ""
        if self.publisher and not _is_portal(self.publisher):
            return self.publisher
        author = self.meta.get("og:article:author") or self.meta.get("article:author") or ""
        head, separator, _ = author.partition(" | ")
        head = head.strip()
        portal = _is_portal(self.publisher or "") or _is_portal(title_site) or (separator and _is_portal(author))
        if head and (portal or separator) and not head.startswith("http") and not bylines.byline_in(head):
            return head
        if portal:
            return self.publisher or title_site or None
        return self.printed_publisher(root, title_site)

    def printed_publisher(self, root, title_site: str) -> str | None:
        """The site's name where it declares none: `<title>제목 - 강원신문</title>`, the home-link logo's
        alt text, the copyright line."""
        if title_site.lower().endswith(_SITE_SUFFIX_WORDS):
            return title_site
        for image in root.xpath("//a[@href='/' or @href='./' or @href='index.html']//img[@alt]"):
            alt = _squash(image.get("alt") or "")
            if 2 <= len(alt) <= 15 and captions.meaningful_alt(alt) and "로고" not in alt:
                return alt.removesuffix(" 로고")
        for text in root.xpath("//footer//text() | //*[contains(@class, 'copyright')]//text()"):
            found = _COPYRIGHT_NAME.search(str(text))
            if found:
                return found["name"]
        return None

    def title(self, root) -> str:
        declared = self.meta.get("og:title") or self.ld.get("headline") or self.meta.get("twitter:title") or ""
        declared = _strip_site(_squash(str(declared)), self.sites)
        for h1 in self.h1s:
            # The <h1> is the headline as printed; og:title often carries a site name or tag.
            if len(h1) >= 5 and declared and h1 in declared:
                return h1
        if declared:
            return declared
        visible = [h1 for h1 in self.h1s if h1 and h1 not in self.sites]
        if visible:
            return max(visible, key=len)
        return _strip_site(self.title_tag, self.sites)


class _Walker:
    """Reads a container in document order into Lines, leaving page furniture behind."""

    def __init__(self, base_url: str | None, in_photo_box: bool = False, title: str = ""):
        self.base_url = base_url
        self.in_photo_box = in_photo_box  # reading a caption: nested boxes are just text
        self.title = title  # an alt text that repeats it is not a caption
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._bold_chars = 0
        self._bold_depth = 0

    def read(self, element) -> None:
        """Every line inside element, whatever element itself is named."""
        self._walk_children(element, "div")

    def flush(self) -> None:
        self._flush()

    def walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            self._flush()
        elif tag == "img":
            if not self.in_photo_box:
                self._flush()
                self._image(element, "")
        elif tag and not self.in_photo_box and _is_photo_box(element):
            self._flush()
            self._photo_box(element)
        elif tag and _skip(element, in_caption=self.in_photo_box):
            pass
        elif tag in _HEADING_TAGS:
            self._flush()
            self._emit("heading", _squash(_text(element)))
        elif tag == "h1":
            pass  # the headline, taken from the page's metadata
        elif tag == "blockquote":
            self._flush()
            self._emit("quote", _squash(" ".join(_text_lines(element))))
        elif tag == "figcaption" or (tag and _words(element) & _CAPTION_WORDS):
            self._flush()
            self._emit("caption", _squash(_text(element)))
        elif tag:
            self._walk_children(element, tag)

    def _walk_children(self, element, tag: str) -> None:
        block = tag in _BLOCK_TAGS
        bold = tag in _BOLD_TAGS
        if block:
            self._flush()
        self._bold_depth += bold
        self._add(element.text)
        for child in element:
            self.walk(child)
            self._add(child.tail)
        self._bold_depth -= bold
        if block:
            self._flush()

    def _add(self, text: str | None) -> None:
        if text:
            self._parts.append(text)
            if self._bold_depth:
                self._bold_chars += len(text.strip())

    def _flush(self) -> None:
        text = _squash("".join(self._parts))
        if text:
            bold = self._bold_chars >= len(text.replace(" ", ""))
            self.lines.append(Line("text", text, bold=bold))
        self._parts, self._bold_chars = [], 0

    def _emit(self, kind, text: str) -> None:
        if text:
            self.lines.append(Line(kind, text))

    def _photo_box(self, box) -> None:
        images = [image for image in box.iter("img") if _is_photo(image)]
        caption = _squash(" ".join(line for line in _text_lines(box) if not boilerplate.is_control(line)))
        # `<figure><img><figcaption></figcaption></figure>` and the caption in the lines below it.
        empty_box = not caption and any(
            _words(element) & _CAPTION_WORDS or element.tag == "figcaption" for element in box.iter() if isinstance(element.tag, str)
        )
        for position, image in enumerate(images):
            self._image(image, caption if position == 0 else "", caption_below=empty_box and position == len(images) - 1)

    def _image(self, image, caption: str, caption_below: bool = False) -> None:
        if not _is_photo(image):
            return
        src = _image_src(image, self.base_url)
        alt = captions.meaningful_alt(_squash(image.get("alt") or ""), self.title)
        self.lines.append(Line("image", caption, src=src, alt=alt, caption_below=caption_below))


def _meta_tags(root) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = (tag.get("content") or "").strip()
        if key and content:
            found.setdefault(key, content)
    return found


def _json_ld_article(root) -> dict:
    """The first NewsArticle (or Article) the page describes in JSON-LD."""
    for script in root.xpath("//script[@type='application/ld+json']"):
        data = _lenient_json(script.text or "")
        if data is None:
            continue  # publishers' JSON-LD is often malformed; the page still has other metadata
        for item in _ld_items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(kind).lower() in _ARTICLE_TYPES for kind in kinds):
                return item
    return {}


def _lenient_json(text: str):
    """JSON as publishers write it in their pages: control characters in strings, trailing commas."""
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _ld_items(data):
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_items(data.get("@graph", []))


def _ld_name(value) -> str | None:
    if isinstance(value, list):
        names = [_ld_name(item) for item in value]
        return ", ".join(name for name in names if name) or None
    if isinstance(value, dict):
        return value.get("name") if isinstance(value.get("name"), str) else None
    return value if isinstance(value, str) else None


def _ld_url(ld: dict) -> str | None:
    page = ld.get("mainEntityOfPage")
    if isinstance(page, dict):
        page = page.get("@id")
    return next((value for value in (ld.get("url"), page) if isinstance(value, str)), None)


def _declared_times(root, meta: dict[str, str], ld: dict) -> tuple[Moment | None, Moment | None]:
    """(published, modified) from what the page declares, most specific source first: `data-` time
    attributes, `<time datetime>`, `article:published_time`, JSON-LD, itemprop. A later source that
    agrees with the first but states more (seconds where it had minutes) refines it."""
    marked = _marked_times(root)
    published = [moment for kind, moment in marked if kind == "published"]
    modified = [moment for kind, moment in marked if kind == "modified"]
    for names, into in (
        (("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
          "publish-date", "dc.date.issued", "date"), published),
        (("article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
          "lastmod", "last-modified", "dc.date.modified"), modified),
    ):  # fmt: skip
        values = [meta.get(name) for name in names[:2]]
        values += [ld.get("datePublished" if into is published else "dateModified")]
        values += [meta.get(name) for name in names[2:]]
        into += [moment for value in values if isinstance(value, str) and (moment := dates.parse_attribute(value))]
    return _most_precise(published), _most_precise(modified)


# data-date-time · data-published · data-modify-date-time · data-regdate · data-timestamp
_TIME_ATTRIBUTE = re.compile(r"^data-[\w-]{0,40}(?:date|time|publish|regist|modif|updat|created|edited)", re.I)
_MODIFIED_NAME = re.compile(r"modif|updat|edit|change|revis|수정", re.I)
_PUBLISHED_NAME = re.compile(r"publish|regist|creat|입력|issued", re.I)
_DATE_WORDS = frozenset("date datetime time dateline regdate writedate pubdate published updated info_date".split())
# Where other articles' times are printed: lists of related, popular or ranked news, comments.
_AROUND_WORDS = frozenset(
    "related relation recommend recommended popular ranking rank best hot most comment comments reply "
    "aside sidebar side footer list_news news_list other more".split()
)


def _marked_times(root) -> list[tuple[str, Moment]]:
    """Times marked up for machines, in page order: `data-*` attributes first, then `<time datetime>`,
    then `itemprop` times, each as published or modified by its name or the label printed before it."""
    found: list[tuple[str, Moment]] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag == "meta":
            continue
        for name, value in element.attrib.items():
            if _TIME_ATTRIBUTE.match(name) and (moment := dates.parse_attribute(value)) and not _around(element):
                found.append((_time_kind(element, name), moment))
    for element in root.iter("time"):
        value = element.get("datetime") or ""
        if (moment := dates.parse_attribute(value)) and not _around(element):
            found.append((_time_kind(element, element.get("itemprop") or ""), moment))
    for element in root.xpath("//*[@itemprop='datePublished' or @itemprop='dateModified'][@content or @datetime]"):
        value = element.get("content") or element.get("datetime") or ""
        if (moment := dates.parse_attribute(value)) and not _around(element):
            kind = "modified" if element.get("itemprop") == "dateModified" else "published"
            found.append((kind, moment))
    return found


def _time_kind(element, name: str) -> str:
    """Whether a marked time is the published or the modified one: by its name, else by its label."""
    names = f"{name} {element.get('class') or ''} {element.get('itemprop') or ''}"
    if _MODIFIED_NAME.search(names):
        return "modified"
    if _PUBLISHED_NAME.search(names):
        return "published"
    previous = element.getprevious()
    before = (previous.tail if previous is not None else (element.getparent().text if element.getparent() is not None else "")) or ""
    label = f"{before[-12:]} {_squash(_text(element))[:12]}"
    return dates.label_kind(label) or "published"


def _around(element) -> bool:
    """Inside a link or a list of other articles: not this article's time."""
    for ancestor in element.iterancestors():
        if ancestor.tag == "a" or _names(ancestor) & _AROUND_WORDS or _words(ancestor) & _AROUND_WORDS:
            return True
    return False


def _most_precise(moments: list[Moment | None]) -> Moment | None:
    """The first moment, refined by a later one that agrees with it and states more."""
    moments = [moment for moment in moments if moment is not None]
    if not moments:
        return None
    best = moments[0]
    order = {"day": 0, "minute": 1, "second": 2}
    for moment in moments[1:]:
        if order[moment.precision] > order[best.precision] and _agree(best, moment):
            best = moment
    return best


def _agree(coarse: Moment, fine: Moment) -> bool:
    if coarse.precision == "day":
        return coarse.value.date() == fine.value.date()
    return coarse.value.replace(second=0) == fine.value.replace(second=0, microsecond=0)


def _byline_from_elements(root) -> str | None:
    for element in root.iter():
        if isinstance(element.tag, str) and _words(element) & _BYLINE_WORDS:
            found = bylines.byline_in(" ".join(_text_lines(element)))
            if found:
                return found
    return None


def _printed_times(root) -> dict[str, Moment]:
    """Times printed without a label in elements named for them (`<span class="date">13.10.16 19:23</span>`)."""
    found: dict[str, Moment] = {}
    for element in root.iter():
        if isinstance(element.tag, str) and _words(element) & _DATE_WORDS and not _around(element):
            text = _squash(_text(element))
            if len(text) <= 80 and (moment := dates.parse_moment(text)):
                found.setdefault(dates.label_kind(text) or "published", moment)
    return found


def _printed_byline(root) -> str | None:
    """A reporter's name printed on a short line of its own anywhere on the page (`CBS노컷뉴스 박성완 기자`)."""
    for element in root.iter():
        own = _squash(element.text or "") if isinstance(element.tag, str) else ""
        if own and len(own) <= MAX_BYLINE_LINE_CHARS and bylines.is_byline_line(own) and not _around(element):
            return bylines.byline_in(own)
    return None


def _subtitle_lines(root, title: str) -> list[str]:
    """Lines of the elements a page names as its subtitle, before the article's running text.

    They are then left out of the body; one named so after the text starts is a subheading.
    """
    order = {element: position for position, element in enumerate(root.iter())}
    named = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and _SUBTITLE_NAME.search(f"{element.get('class') or ''} {element.get('id') or ''}")
        and len(_squash(_text(element))) <= 400
        and not _link_dense(element, share=0.5)  # a section path (`사회 > 환경`) named like one
    ]
    named += _headings_after_headline(root, title)
    outermost = [element for element in named if not any(ancestor in named for ancestor in element.iterancestors())]
    # `<h3 class="sub_title"><span class="sub_tit">…</span><span class="sub_tit">…</span></h3>`: one line each.
    lines_of = {
        element: [line for inner in named if element in inner.iterancestors() for line in _text_lines(inner)]
        or _text_lines(element)
        for element in outermost
    }
    body = root.find("body") if root.find("body") is not None else root
    first_text = next(
        (order[anchor] for _, anchor, length in _run_lengths(body)
         if length >= 2 * MIN_RUN_CHARS
         and not any(element in outermost or _is_caption_box(element) for element in (anchor, *anchor.iterancestors()))),
        len(order),
    )
    lines: list[str] = []
    for element in outermost:
        if order[element] < first_text:
            lines += [boilerplate.strip_bullet(line) or line for line in lines_of[element]]
            _drop(element)
    return lines


def _headings_after_headline(root, title: str) -> list:
    """`<h1>제목</h1><h2>부제 1<br>부제 2</h2>`: the headings printed right below the headline; below
    the article's own headline, also an unnamed box of short lines (`<div class="zz-sub">`), past the
    printed time and tool bars between them."""
    found = []
    headlines = [
        element for element in root.iter("h1", "h2", "h3")
        if element.tag == "h1" or (title and _squash(_text(element)) == title)
    ]  # fmt: skip
    for headline in headlines:
        own = bool(title) and _squash(_text(headline)) == title
        sibling = headline.getnext()
        while sibling is not None:
            if sibling.tag in ("h2", "h3", "h4"):
                if len(_squash(_text(sibling))) <= 400 and not _link_dense(sibling, share=0.5):
                    found.append(sibling)
            elif not own:
                break
            elif _is_subtitle_box(sibling):
                found.append(sibling)
            elif not _is_furniture(sibling):
                break
            sibling = sibling.getnext()
    return found


def _is_subtitle_box(element) -> bool:
    """Short lines of plain text, none of them a sentence, the printed time or page furniture."""
    if element.tag not in _SUBTITLE_BOX_TAGS or _noise_words(element) or _words(element) & _DATE_WORDS:
        return False
    if any(isinstance(inner.tag, str) and inner.tag not in _TEXT_TAGS for inner in element.iterdescendants()):
        return False  # links, photos, buttons, forms: not a box of subtitle lines
    lines = [_squash(line) for line in _text_lines(element)]
    return 0 < len(lines) <= MAX_SUBTITLE_LINES and all(
        MIN_SUBTITLE_CHARS <= len(line) <= MAX_SUBTITLE_CHARS
        and " " in line
        and _HANGUL.search(line)
        and not line.endswith((".", "!", "?"))  # `늘린다` ends a headline too; `늘렸다.` a sentence
        and not _is_meta_line(line)
        for line in lines
    )


def _is_furniture(element) -> bool:
    """What a page prints between a headline and its body that is not the article: the time, the
    byline, tool and share bars, links; or nothing at all."""
    if not isinstance(element.tag, str):
        return True
    text = _squash(_text(element))
    if not text or _noise_words(element) or _words(element) & _DATE_WORDS or _link_dense(element, share=0.5):
        return True
    return len(text) <= 200 and all(_is_meta_line(_squash(line)) for line in _text_lines(element))


def _is_meta_line(line: str) -> bool:
    """The printed time, a byline or page furniture, alone or run together (`홍길동 기자2024-11-05 16:19`)."""
    return (
        is_meta_text(line)
        or "@" in line
        or dates.published_in_text(line) is not None
        or bylines.byline_in(line) is not None
    )


def _is_caption_box(element) -> bool:
    """A photo's box or its caption: its text is not where the article's running text starts."""
    return isinstance(element.tag, str) and (
        element.tag in ("figure", "figcaption") or bool(_words(element) & (_CAPTION_WORDS | _PHOTO_WORDS))
    )


def _drop_invisible(root) -> None:
    """Remove what a reader never sees as article text, logging each removal and why."""
    for element in list(root.iter(*_DROP_TAGS)):
        if element.tag in _VOID_TAGS:
            _unwrap(element)  # `<embed>` has no end tag: what the parser put inside it is the page's
        else:
            _drop(element)
    stack = list(root)
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        reason = _hidden_reason(element) if element.tag != "body" else None
        if reason:
            text = _squash(_text(element))
            if text:
                log.info("ingest dropped <%s class=%r> (%s): %.80s", element.tag, element.get("class"), reason, text)
            _drop(element)
        else:
            stack.extend(element)
    # A help layer is the smallest box that holds its words: look from the innermost boxes outwards.
    for element in reversed(list(root.iter(*_LAYER_TAGS))):
        if element.getparent() is None or element.tag == "body":
            continue
        text = _text(element)
        if len(text) <= MAX_HELP_LAYER_CHARS and _HELP_LAYER_TEXT.search(text):
            log.info("ingest dropped <%s class=%r> (help layer): %.80s", element.tag, element.get("class"), _squash(text))
            _drop(element)


def _hidden_reason(element) -> str | None:
    if element.get("hidden") is not None:
        return "hidden"
    if element.get("aria-hidden") == "true":
        return "aria-hidden"
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return "display:none"
    if (element.get("role") or "").lower() in _LAYER_ROLES or element.get("aria-modal") == "true":
        return "dialog"
    names = (element.get("class") or "").lower().split()
    if any(_HIDDEN_CLASS.fullmatch(name) for name in names):
        return "screen-reader helper or hidden class"
    if any(_LAYER_CLASS.search(name) for name in names) or _LAYER_CLASS.search((element.get("id") or "").lower()):
        return "pop-up layer"
    return None


def _body_parts(root, known_containers: bool) -> list:
    """The elements that hold the article, in page order: a container and the siblings that continue it."""
    body = root.find("body")
    if body is None:
        body = root
    container = _named_container(body) if known_containers else None
    if container is None:
        container = _text_container(body)
    if container is None:
        container = _photo_container(body, known_containers)
        return [container] if container is not None else []
    return _with_continuations(container)


def _named_container(body):
    for element in body.iter():
        if isinstance(element.tag, str) and _names(element) & _CONTAINER_NAMES:
            if sum(length for _, _, length in _run_lengths(element)) >= MIN_ARTICLE_CHARS:
                return element
    return None


def _text_container(body):
    """The smallest element that holds most of the page's running text."""
    held: dict = {}
    total = 0
    for element, _, length in _run_lengths(body):
        total += length
        for holder in [element, *element.iterancestors()]:
            held[holder] = held.get(holder, 0) + length
    if total < MIN_ARTICLE_CHARS:
        return None
    container = body
    while True:
        inner = next((child for child in container if held.get(child, 0) >= CONTAINER_SHARE * total), None)
        if inner is None:
            return container
        container = inner


def _photo_container(body, known_containers: bool):
    """A page of photos alone (card news): the element that holds them."""
    photos = [image for image in body.iter("img") if _is_photo(image) and not _in_furniture(image)]
    if not photos:
        return None
    if known_containers:
        for element in body.iter():
            if isinstance(element.tag, str) and _names(element) & _CONTAINER_NAMES and any(p in photos for p in element.iter("img")):
                return element
    container = body
    while True:
        inner = next(
            (child for child in container if isinstance(child.tag, str)
             and sum(1 for image in child.iter("img") if image in photos) >= CONTAINER_SHARE * len(photos)),
            None,
        )  # fmt: skip
        if inner is None or inner.tag == "img":
            return container
        container = inner


def _in_furniture(element) -> bool:
    return any(ancestor.tag == "a" or _skip(ancestor) for ancestor in element.iterancestors())


def _with_continuations(container) -> list:
    """The container and the siblings that carry on its text (a body split in two by an ad or a photo).

    A sibling carries it on when it holds running text of its own and is not page furniture; siblings
    without text (ads, widgets, photos) between two parts are read with them. The headline block and
    anything named like furniture end the search.
    """
    parent = container.getparent()
    if parent is None or parent.tag in ("html",):
        return [container]
    siblings = [child for child in parent if isinstance(child.tag, str)]
    at = siblings.index(container)
    first = last = at
    for step in (-1, 1):
        position = at + step
        while 0 <= position < len(siblings):
            sibling = siblings[position]
            if sibling.tag in _HEADLINE_TAGS or sibling.find(".//h1") is not None:
                break
            if _skip(sibling):
                if len(_squash(_text(sibling))) >= 2 * MIN_RUN_CHARS:
                    break  # related news, comments: the article is over
                position += step
                continue  # an ad or a share bar between two parts
            if _running_text(sibling) >= 2 * MIN_RUN_CHARS:
                first, last = min(first, position), max(last, position)
            elif _running_text(sibling) or _link_dense(sibling):
                break
            position += step
    parts = siblings[first : last + 1]
    # A photo right before the text starts or right after it ends belongs to it.
    for edge, step in ((first - 1, -1), (last + 1, 1)):
        if 0 <= edge < len(siblings) and _is_photo_box(siblings[edge]) and not _skip(siblings[edge]):
            parts = [siblings[edge], *parts] if step < 0 else [*parts, siblings[edge]]
    return parts


def _running_text(element) -> int:
    return sum(length for _, _, length in _run_lengths(element))


def _run_lengths(element, top: bool = True):
    """(holder, anchor, length) for each run of running text outside links and page furniture.

    The holder is the element the text is in; the anchor is the node it follows in document order.
    Code, copyright notices and other boilerplate lines are not running text.
    """
    if not isinstance(element.tag, str) or element.tag == "a" or (not top and _skip(element)):
        return
    if _is_running(element.text):
        yield element, element, len(element.text.strip())
    for child in element:
        yield from _run_lengths(child, top=False)
        if _is_running(child.tail):
            yield element, child, len(child.tail.strip())


def _is_running(text: str | None) -> bool:
    if not text or len(text.strip()) < MIN_RUN_CHARS:
        return False
    return _is_running_line(_squash(text))


@lru_cache(maxsize=4096)
def _is_running_line(text: str) -> bool:
    if boilerplate.is_noise(text) or dates.is_dateline(text) or bylines.is_byline_line(text):
        return False
    return code_reason(text) is None


def _text_lines(element) -> list[str]:
    """The visible lines inside an element, split where a browser would break them."""
    walker = _Walker(None, in_photo_box=True)
    walker.read(element)
    walker.flush()
    lines = []
    for line in walker.lines:
        if line.kind in ("text", "heading", "caption", "quote"):
            reason = code_reason(line.text)
            if reason:
                log.info("ingest dropped a line of <%s> (%s): %.80s", element.tag, reason, line.text)
            else:
                lines.append(line.text)
    return lines


def _is_photo_box(element) -> bool:
    if element.tag not in ("figure", "table") and not _photo_named(element):
        return False
    photos = [image for image in element.iter("img") if _is_photo(image)]
    if not photos or len(photos) > 3:
        return False
    if element.tag == "figure":
        return True
    # A photo table or box holds a caption, not paragraphs of the article.
    alt = sum(len(image.get("alt") or "") for image in photos)
    return len(_squash(_text(element))) - alt <= 400 and not element.xpath(".//p[string-length(normalize-space()) > 200]")


def _photo_named(element) -> bool:
    """Named for a photo: `photo_center`, `end_photo_org`, or a run-together `news_imgbox`, `photobox`."""
    if _words(element) & _PHOTO_WORDS:
        return True
    raw = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return any(part in raw for part in ("img", "photo", "image"))


def _is_photo(image) -> bool:
    for dimension in ("width", "height"):
        value = (image.get(dimension) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < MIN_PHOTO_PX:
            return False
    src = _raw_src(image)
    return bool(src) and not _ICON_SRC.search(src)


def _raw_src(image) -> str:
    for attribute in ("data-src", "data-original", "data-lazy-src", "data-lazy", "src"):
        value = (image.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return ""


def _image_src(image, base_url: str | None) -> str | None:
    return _absolute(_raw_src(image), base_url)


def _skip(element, in_caption: bool = False) -> bool:
    """Page furniture: hidden, named like an ad or a share bar, or a list of links.

    In a photo's caption box, an element named for the copyright or the reporter holds the photo's credit."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    words = _noise_words(element)
    if words and not (in_caption and words & _CREDIT_WORDS and not words & (_NOISE_WORDS - _CREDIT_WORDS)):
        return True
    if element.tag in _LINK_BOX_TAGS and _link_box(element):
        return True  # `함께 보면 좋은 기사` and two links: a box of other articles inside the body
    return element.tag in ("ul", "ol", "li", "dl", "p", "div", "td") and _link_dense(element)


def _link_box(element) -> bool:
    links = list(element.iter("a"))
    if len(links) < 2:
        return False
    text = len(_squash(_text(element)))
    linked = sum(len(_squash(_text(link))) for link in links)
    return linked > 0.5 * text and text - linked <= MAX_LINK_BOX_LABEL_CHARS


def _link_dense(element, share: float | None = None) -> bool:
    links = list(element.iter("a"))
    if not links:
        return False
    text = len(_squash(_text(element)))
    if not text:
        return False
    linked = sum(len(_squash(_text(link))) for link in links)
    limit = share or (0.5 if element.tag in ("ul", "ol", "li", "dl") else 0.8)
    return linked / text > limit


def _words(element) -> frozenset[str]:
    """The words of an element's class and id: `end_photo_org` → {end_photo_org, end, photo, org},
    `ArticleDetailContent_imageCaption` → {…, article, detail, content, image, caption}."""
    return _words_of(f"{element.get('class') or ''} {element.get('id') or ''}")


def _noise_words(element) -> frozenset[str]:
    """The furniture words an element is named with. A short word split off a camel-case name
    (`CmAdContent` → `ad`) is too likely an accident to count; `ad_box`, `ShareBar` count."""
    return _noise_words_of(f"{element.get('class') or ''} {element.get('id') or ''}")


def _names(element) -> frozenset[str]:
    return _names_of(f"{element.get('class') or ''} {element.get('id') or ''}")


# A page repeats a few class names thousands of times: each is split once.
@lru_cache(maxsize=4096)
def _names_of(raw: str) -> frozenset[str]:
    return frozenset(raw.lower().split())


@lru_cache(maxsize=4096)
def _words_of(raw: str) -> frozenset[str]:
    return _names_of(raw) | {word.lower() for word in _WORD_BREAK.split(raw) if word}


@lru_cache(maxsize=4096)
def _noise_words_of(raw: str) -> frozenset[str]:
    plain = {word.lower() for word in re.split(r"[-_\s]+", raw) if word}
    return frozenset(word for word in _words_of(raw) & _NOISE_WORDS if len(word) >= 4 or word in plain)


def _strip_site(title: str, sites: list[str]) -> str:
    """`제목 | 연합뉴스` → `제목`; `제목 < 정치 < 기사본문 - 한국경제TV` → `제목`."""
    sites_lower = [site.lower().lstrip("@") for site in sites]
    while True:
        head, separator, tail = _rsplit_any(title, (" | ", " - ", " :: ", " < ", " — ", " – ", " : "))
        tail_lower = tail.strip().lower()
        site_like = any(site and site in tail_lower for site in sites_lower) or tail_lower.endswith(_SITE_SUFFIX_WORDS)
        if not separator or not head.strip() or len(tail) > 25 or not (site_like or separator == " < "):
            return _strip_site_prefix(title, sites_lower)
        title = head.strip()


def _strip_site_prefix(title: str, sites_lower: list[str]) -> str:
    """`전자신문 :: 제목` → `제목`: a site name printed before the headline."""
    for separator in (" :: ", " | ", " - ", " : "):
        head, found, tail = title.partition(separator)
        head_lower = head.strip().lower()
        site_like = any(site and site == head_lower for site in sites_lower) or head_lower.endswith(_SITE_SUFFIX_WORDS)
        if found and tail.strip() and len(head) <= 25 and site_like:
            return tail.strip()
    return title


def _rsplit_any(text: str, separators: tuple[str, ...]) -> tuple[str, str, str]:
    best = max(((text.rfind(separator), separator) for separator in separators), default=(-1, ""))
    if best[0] < 0:
        return text, "", ""
    return text[: best[0]], best[1], text[best[0] + len(best[1]) :]


def _visible_text(root) -> str:
    return "\n".join(_squash(text) for text in root.itertext() if text.strip())


def _absolute(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    if base:
        url = urljoin(base, url)
    return url if urlsplit(url).scheme in ("http", "https") else None


def _first(values: list) -> str | None:
    return str(values[0]).strip() if values else None


def _squash(text: str) -> str:
    # A browser shows a stray control character as nothing: so does the article.
    return " ".join(_INVISIBLE.sub("", text).split())


def _unwrap(element) -> None:
    """Remove an element but keep its content (text and children) where it stood."""
    parent = element.getparent()
    if parent is None:
        return
    at = parent.index(element)
    _append_text_before(parent, at, element.text or "")
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(at + 1 + offset, child)  # moves the child out of element
    tail, element.tail, element.text = element.tail or "", None, None
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    else:
        _append_text_before(parent, at, tail)
    parent.remove(element)


def _append_text_before(parent, at: int, text: str) -> None:
    previous = parent[at - 1] if at > 0 else None
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _drop(element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
