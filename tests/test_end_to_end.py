"""The whole path: JSON in, stored, a Korean page out, each paragraph heard as MP3."""

from html.parser import HTMLParser

from audio_checks import assert_spoken_mp3


class _Page(HTMLParser):
    """Collects what a reader meets: the language, h1 text and paragraph texts in order."""

    def __init__(self):
        super().__init__()
        self.lang, self.h1, self.paragraphs, self._in = None, "", [], None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("h1", "p"):
            self._in = tag
            if tag == "p":
                self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "h1":
            self.h1 += data
        elif self._in == "p":
            self.paragraphs[-1] += data


def test_post_read_and_listen(client, sample_json, settings):
    created = client.post("/api/articles", json=sample_json)
    assert created.status_code == 201, created.text
    article_id = created.json()["id"]

    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    parsed = _Page()
    parsed.feed(page.text)
    assert parsed.lang == "ko"
    assert parsed.h1 == sample_json["title"]
    body = [block["text"] for block in sample_json["blocks"] if block["type"] == "paragraph"]
    shown = [text for text in parsed.paragraphs if text in body]
    assert shown == body, "every paragraph, in order"

    api = client.get(f"/api/articles/{article_id}").json()
    paragraphs = [segment for segment in api["segments"] if segment["kind"] == "paragraph"]
    assert [segment["text"] for segment in paragraphs] == body
    kinds = [segment["kind"] for segment in api["segments"]]
    assert kinds[:4] == ["title", "subtitle", "subtitle", "image"]

    first = paragraphs[0]
    audio = client.get(first["audio_url"])
    assert audio.status_code == 200
    assert audio.headers["content-type"] == "audio/mpeg"
    assert_spoken_mp3(audio.content)
    assert (settings.audio_cache_dir / f"{first['key']}.mp3").read_bytes() == audio.content


def test_article_json_reads_back_what_was_posted(client, sample_json):
    article_id = client.post("/api/articles", json=sample_json).json()["id"]
    api = client.get(f"/api/articles/{article_id}").json()
    assert api["title"] == sample_json["title"]
    assert api["published"] == "2024-11-05T16:19:00+09:00"
    assert api["subtitles"] == sample_json["subtitles"]


def test_same_source_updates_in_place(client, sample_json):
    first = client.post("/api/articles", json=sample_json).json()
    changed = {**sample_json, "blocks": sample_json["blocks"][:2]}
    second = client.post("/api/articles", json=changed).json()
    assert second["id"] == first["id"] and second["created"] is False
    api = client.get(f"/api/articles/{first['id']}").json()
    assert len(api["blocks"]) == 2


def test_unknown_article_is_a_readable_404(client):
    answer = client.get("/api/articles/nope")
    assert answer.status_code == 404
    assert "기사를 찾을 수 없습니다" in answer.json()["detail"]
    page = client.get("/articles/nope", headers={"accept": "text/html"})
    assert page.status_code == 404 and "기사를 찾을 수 없습니다" in page.text


def test_bad_article_is_a_422_naming_the_field(client):
    answer = client.post("/api/articles", json={"title": "", "blocks": []})
    assert answer.status_code == 422
    fields = {tuple(error["loc"]) for error in answer.json()["detail"]}
    assert ("body", "title") in fields and ("body", "blocks") in fields


def test_audio_key_that_no_article_has_is_404(client):
    answer = client.get("/audio/" + "0" * 64 + ".mp3")
    assert answer.status_code == 404
    assert answer.headers["cache-control"] == "no-store", "a CDN must not keep a 404 for audio made later"
    assert client.get("/articles/nope", headers={"accept": "text/html"}).headers["cache-control"] == "no-store"
    assert client.get("/audio/..%2Fsecret.mp3").status_code == 404


def test_writing_needs_the_publisher_token(client, sample_json):
    for headers in ({"Authorization": ""}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}):
        answer = client.post("/api/articles", json=sample_json, headers=headers)
        assert answer.status_code == 401
        assert "발행자 토큰" in answer.json()["detail"]
    assert client.get("/").status_code == 200
    assert "<li>" not in client.get("/").text, "nothing was stored"


def test_openapi_page_builds_without_duplicate_operations(client):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # FastAPI warns on duplicate operation ids
        schema = client.app.openapi()
    assert "/api/articles" in schema["paths"]
    assert "head" not in schema["paths"]["/audio/{key}.mp3"], "HEAD is served but not listed twice"
