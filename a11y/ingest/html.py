"""An article web page as a news site publishes it, reduced to the article.

Metadata comes from what the page declares (og: and article: tags, JSON-LD, canonical link) and,
failing that, from what it prints (`<h1>`, `입력 2024-11-05 16:19`, `홍길동 기자`). The body is the
publisher's article container when it has a known name, otherwise the smallest element that holds
most of the page's running text. It is then read in order: paragraphs (`<p>` or text between `<br>`s),
subheadings, quotes, and photos with the caption printed beside them (figure/figcaption, a photo
table, `<em class="img_desc">`, a `▲` line), while share bars, ads, related-news lists and
copyright notices are left behind.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from a11y.article import Article, Paragraph
from a11y.ingest import boilerplate, bylines, dates
from a11y.ingest.assemble import Line, assemble
from a11y.ingest.errors import IngestError

# Less running text than this on a page is not an article.
MIN_ARTICLE_CHARS = 60
# A run of text shorter than this does not count when looking for where the article is.
MIN_RUN_CHARS = 25
# The article container is the smallest element holding at least this share of the running text.
CONTAINER_SHARE = 0.8
# Images smaller than this (by their width/height attributes) are icons, not photos.
MIN_PHOTO_PX = 50

# Not <form>: ASP.NET pages wrap the whole page in one.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "select", "input", "textarea", "nav", "footer", "aside", "video", "audio", "map",
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    "address article blockquote center dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 header hr li "
    "main ol p pre section table tbody td tfoot th thead tr ul".split()
)
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_BOLD_TAGS = frozenset({"b", "strong"})

# Class and id words of what is around an article, never in it.
_NOISE_WORDS = frozenset(
    "ad ads adv advert advertisement adsense banner sponsor promotion promo related relation recommend "
    "recommended share sharing sns social reaction emotion like likes comment comments reply copyright "
    "byline reporter journalist writer author profile tag tags keyword keywords ticker stock coin crypto "
    "popular ranking rank subscribe newsletter fontsize print util utility toolbar tool tools btn "
    "button menu gnb lnb nav navigation footer sidebar side aside widget hidden blind sr-only "
    "screen_out skip date datetime dateline".split()
)
_PHOTO_WORDS = frozenset("photo photos img image images imgs pic picture figure fig thumb gallery".split())
_CAPTION_WORDS = frozenset("caption cap desc description figcaption".split())
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
    r"article[-_]?summary|summary|art[-_]?subtit|lead[-_]?tit)(?:$|[-_ ])",
    re.I,
)
_SITE_SUFFIX_WORDS = ("뉴스", "일보", "신문", "경제", "타임즈", "투데이", "tv", "미디어", "기사본문", "닷컴", "news")
_ARTICLE_TYPES = frozenset({"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting"})
_WORD_BREAK = re.compile(r"[-_\s]+|(?<=[a-z0-9])(?=[A-Z])")
_GENERIC_ALT = re.compile(r"(?:기사\s*)?(?:이미지|사진|그림|썸네일)(?:\s*\d+)?|image|photo|img|thumbnail|", re.I)
_ICON_SRC = re.compile(r"(?:icon|btn_|button|logo|blank\.gif|spacer|pixel|1x1|loading)", re.I)


def parse_html(text: str, source_url: str | None = None) -> Article:
    """The article in a page; `source_url` is where it was fetched from, for links and the id."""
    try:
        return _parse(text, source_url)
    except RecursionError as error:  # the walk is recursive; no real page nests this deep
        raise IngestError("페이지의 구조가 너무 깊어 읽을 수 없습니다.") from error


def _parse(text: str, source_url: str | None) -> Article:
    root = _document(text)
    page = _Page.read(root, source_url)
    for element in root.iter(*_DROP_TAGS):
        _drop(element)
    subtitles = _subtitle_lines(root)
    container = _container(root)
    if container is None:
        raise IngestError("페이지에서 기사 본문을 찾지 못했습니다.")
    title = page.title(root)
    if not title:
        raise IngestError("페이지에서 기사 제목을 찾지 못했습니다 (og:title, <h1>, <title>).")
    walker = _Walker(page.base_url)
    walker.read(container)
    # The headline printed again inside the container is not a paragraph.
    lines = [line for line in walker.lines if line.kind == "image" or line.text != title]
    found = assemble(lines, short_lines_are_headings=False)
    if not any(isinstance(block, Paragraph) for block in found.blocks):
        raise IngestError("페이지에서 기사 본문을 찾지 못했습니다.")
    published = page.published or found.published or dates.published_in_text(_visible_text(root))
    return Article(
        title=title,
        subtitles=tuple(dict.fromkeys(subtitles + found.subtitles)),
        published=published,
        byline=page.byline or page.author_byline or found.byline or page.author,
        source_url=page.source_url,
        publisher=page.publisher,
        blocks=tuple(found.blocks),
    )


def _document(text: str) -> etree._Element:
    # lxml refuses str input that still carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise IngestError("페이지가 비어 있습니다.")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise IngestError(f"HTML로 읽을 수 없습니다: {error}") from error
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
    published: datetime | None = None
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
            h1s=[_squash(h1.text_content()) for h1 in root.iter("h1")],
            base_url=_absolute(base, None) or source,
            source_url=source or _absolute(fetched_from, None),
            title_tag=_squash(_first(root.xpath("//title/text()")) or ""),
        )
        page.publisher = _squash(meta.get("og:site_name") or _ld_name(ld.get("publisher")) or "") or None
        page.sites = [name for name in (page.publisher, meta.get("application-name"), meta.get("twitter:site")) if name]
        page.published = _declared_time(root, meta, ld)
        page.byline = _byline_from_elements(root)
        author = _ld_name(ld.get("author")) or meta.get("author") or meta.get("article:author") or ""
        author = "" if author.startswith("http") or author == page.publisher else _squash(author)
        page.author_byline = bylines.byline_in(author)
        page.author = author or None
        return page

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

    def __init__(self, base_url: str | None, in_photo_box: bool = False):
        self.base_url = base_url
        self.in_photo_box = in_photo_box  # reading a caption: nested boxes are just text
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._bold_chars = 0
        self._bold_depth = 0

    def read(self, element) -> None:
        """Every line inside element, whatever element itself is named."""
        self._walk_children(element, "div")

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
        elif tag and _skip(element):
            pass
        elif tag in _HEADING_TAGS:
            self._flush()
            self._emit("heading", _squash(element.text_content()))
        elif tag == "h1":
            pass  # the headline, taken from the page's metadata
        elif tag == "blockquote":
            self._flush()
            self._emit("quote", _squash(" ".join(_text_lines(element))))
        elif tag == "figcaption" or (tag and _words(element) & _CAPTION_WORDS):
            self._flush()
            self._emit("caption", _squash(element.text_content()))
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
        for position, image in enumerate(images):
            self._image(image, caption if position == 0 else "")

    def _image(self, image, caption: str) -> None:
        if not _is_photo(image):
            return
        src = _image_src(image, self.base_url)
        alt = _squash(image.get("alt") or "")
        self.lines.append(Line("image", caption, src=src, alt="" if _GENERIC_ALT.fullmatch(alt) else alt))


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
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # publishers' JSON-LD is often malformed; the page still has other metadata
        for item in _ld_items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(kind).lower() in _ARTICLE_TYPES for kind in kinds):
                return item
    return {}


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


def _declared_time(root, meta: dict[str, str], ld: dict):
    candidates = [
        meta.get("article:published_time"),
        meta.get("og:article:published_time"),
        ld.get("datePublished"),
        meta.get("datepublished"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("publish-date"),
        meta.get("dc.date.issued"),
    ]
    candidates += root.xpath("//*[@itemprop='datePublished']/@datetime")
    for value in candidates:
        if isinstance(value, str) and (parsed := dates.parse_datetime(value)):
            return parsed
    return None


def _byline_from_elements(root) -> str | None:
    for element in root.iter():
        if isinstance(element.tag, str) and _words(element) & _BYLINE_WORDS:
            found = bylines.byline_in(_squash(element.text_content()))
            if found:
                return found
    return None


def _subtitle_lines(root) -> list[str]:
    """Lines of the elements a page names as its subtitle, before the article's running text.

    They are then left out of the body; one named so after the text starts is a subheading.
    """
    order = {element: position for position, element in enumerate(root.iter())}
    named = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and _SUBTITLE_NAME.search(f"{element.get('class') or ''} {element.get('id') or ''}")
        and len(_squash(element.text_content())) <= 400
    ]
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
         if length >= 2 * MIN_RUN_CHARS and not any(element in outermost for element in (anchor, *anchor.iterancestors()))),
        len(order),
    )
    lines: list[str] = []
    for element in outermost:
        if order[element] < first_text:
            lines += lines_of[element]
            _drop(element)
    return lines


def _container(root):
    """The publisher's named article container, else the smallest element with most running text."""
    for element in root.iter():
        if isinstance(element.tag, str) and _names(element) & _CONTAINER_NAMES:
            if sum(length for _, _, length in _run_lengths(element)) >= MIN_ARTICLE_CHARS:
                return element
    body = root.find("body")
    if body is None:
        body = root
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


def _run_lengths(element, top: bool = True):
    """(holder, anchor, length) for each run of running text outside links and page furniture.

    The holder is the element the text is in; the anchor is the node it follows in document order.
    """
    if not isinstance(element.tag, str) or element.tag == "a" or (not top and _skip(element)):
        return
    if element.text and len(element.text.strip()) >= MIN_RUN_CHARS:
        yield element, element, len(element.text.strip())
    for child in element:
        yield from _run_lengths(child, top=False)
        if child.tail and len(child.tail.strip()) >= MIN_RUN_CHARS:
            yield element, child, len(child.tail.strip())


def _text_lines(element) -> list[str]:
    """The visible lines inside an element, split where a browser would break them."""
    walker = _Walker(None, in_photo_box=True)
    walker.read(element)
    return [line.text for line in walker.lines if line.kind in ("text", "heading", "caption", "quote")]


def _is_photo_box(element) -> bool:
    if element.tag not in ("figure", "table") and not _words(element) & _PHOTO_WORDS:
        return False
    photos = [image for image in element.iter("img") if _is_photo(image)]
    if not photos or len(photos) > 3:
        return False
    if element.tag == "figure":
        return True
    # A photo table or box holds a caption, not paragraphs of the article.
    alt = sum(len(image.get("alt") or "") for image in photos)
    return len(_squash(element.text_content())) - alt <= 400 and not element.xpath(".//p[string-length(normalize-space()) > 200]")


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


def _skip(element) -> bool:
    """Page furniture: hidden, named like an ad or a share bar, or a list of links."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if _words(element) & _NOISE_WORDS:
        return True
    return element.tag in ("ul", "ol", "li", "dl", "p", "div", "td") and _link_dense(element)


def _link_dense(element) -> bool:
    text = len(_squash(element.text_content()))
    if not text:
        return False
    linked = sum(len(_squash(link.text_content())) for link in element.iter("a"))
    limit = 0.5 if element.tag in ("ul", "ol", "li", "dl") else 0.8
    return linked / text > limit


def _words(element) -> set[str]:
    """The words of an element's class and id: `end_photo_org` → {end_photo_org, end, photo, org},
    `ArticleDetailContent_imageCaption` → {…, article, detail, content, image, caption}."""
    raw = f"{element.get('class') or ''} {element.get('id') or ''}"
    words = {word.lower() for word in _WORD_BREAK.split(raw) if word}
    return _names(element) | words


def _names(element) -> set[str]:
    return set(f"{element.get('class') or ''} {element.get('id') or ''}".lower().split())


def _strip_site(title: str, sites: list[str]) -> str:
    """`제목 | 연합뉴스` → `제목`; `제목 < 정치 < 기사본문 - 한국경제TV` → `제목`."""
    sites_lower = [site.lower().lstrip("@") for site in sites]
    while True:
        head, separator, tail = _rsplit_any(title, (" | ", " - ", " :: ", " < ", " — ", " – ", " : "))
        tail_lower = tail.strip().lower()
        site_like = any(site and site in tail_lower for site in sites_lower) or tail_lower.endswith(_SITE_SUFFIX_WORDS)
        if not separator or not head.strip() or len(tail) > 25 or not (site_like or separator == " < "):
            return title
        title = head.strip()


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
    return " ".join(text.replace("\u200b", "").split())


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
