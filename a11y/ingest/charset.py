"""Bytes to text. JSON and plain text are UTF-8 unless the sender says otherwise; a web page is in
the charset its server or its own `<meta>` declares, and Korean pages that declare nothing are tried
as UTF-8, then as EUC-KR (CP949)."""

import codecs
import re

from a11y.errors import IngestError

# The HTML standard looks for <meta charset> in the first 1024 bytes; real pages put it later.
META_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# EUC-KR pages use the CP949 syllables EUC-KR lacks (e.g. 똠, 햏); CP949 reads both.
_ALIASES = {"euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949", "x-windows-949": "cp949"}


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def decode_text(data: bytes, content_type: str | None = None) -> str:
    """UTF-8 (or the declared charset, or a byte-order mark's); anything else is refused."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data, codec)
    return _decode(data, charset_of(content_type) or "utf-8")


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """The page as text, honouring the server's charset, then the page's own, then UTF-8, then CP949."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data, codec)
    meta = _META_CHARSET.search(data[:META_SNIFF_BYTES])
    declared = [charset_of(content_type), meta.group(1).decode("ascii", "replace") if meta else None]
    for name in [name for name in declared if name] + ["utf-8", "cp949"]:
        codec = _codec(name)
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue  # servers and pages do lie about their charset; try the next candidate
    return _decode(data, "utf-8")  # raises, with the position of the first bad byte


def _decode(data: bytes, name: str) -> str:
    codec = _codec(name)
    if codec is None:
        raise IngestError(f"알 수 없는 문자 인코딩입니다: {name}")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        label = "UTF-8" if codec.startswith("utf-8") else name
        raise IngestError(
            f"본문이 {label}로 읽히지 않습니다 ({error.start}번째 바이트 0x{data[error.start]:02x}). "
            "UTF-8로 저장하거나 Content-Type에 charset을 밝혀 주세요."
        ) from error


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
