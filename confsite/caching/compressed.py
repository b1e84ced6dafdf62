"""Bodies kept gzip-compressed, and sent as each client accepts them.

A worker keeps rendered text for the next request (``caching.render``, the page cache).
Text compresses about tenfold (the 4.4 MB ``.ics`` of 6,000 sessions is under 0.4 MB in
gzip), so a large body is kept compressed only: browsers and calendar apps, which
accept gzip, get those bytes as they are, and the rare client that does not gets them
inflated a chunk at a time while they are sent, so the whole text is never held again.
A body up to 1 MB (the 490 KB agenda page of 600 sessions) keeps its plain bytes too:
inflating it on every request would cost more than the memory it takes.

Responses that can be sent either way carry ``Vary: Accept-Encoding``; the validated
ones (feeds) an ETag per encoding (:func:`encoded_etag`), and a client holding either
copy gets its 304 (:func:`matching_etag`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from werkzeug import Request, Response
from werkzeug.datastructures import ETags

# Bodies up to this size (the pages and feeds of 600 sessions) keep their plain bytes
# next to the compressed ones.
PLAIN_MAX = 1024 * 1024
LEVEL = 6
CHUNK = 64 * 1024
GZIP_SUFFIX = "-gz"  # the gzip copy's strong ETag: the plain one's and this

R = TypeVar("R", bound=Response)


@dataclass(frozen=True, slots=True)
class Packed:
    """A body in gzip (``gz``; None when it is not kept, so not worth compressing),
    its plain bytes when small (``plain``), its plain length, and whether it was text
    (``str``) when kept. One of ``gz`` and ``plain`` is always there."""

    gz: bytes | None
    plain: bytes | None
    size: int
    text: bool = False

    @property
    def held(self) -> int:
        """Bytes it keeps in memory (about)."""
        return len(self.gz or b"") + len(self.plain or b"") + 128

    def unpack(self) -> str | bytes:
        """The body as it was kept (the same ``str`` or ``bytes``)."""
        plain = self.plain if self.plain is not None else zlib.decompress(self.gz or b"", wbits=31)
        return plain.decode() if self.text else plain

    def chunks(self) -> Iterator[bytes]:
        """The plain bytes a chunk at a time, inflated while they are sent."""
        if self.plain is not None:
            yield self.plain
            return
        inflate = zlib.decompressobj(wbits=31)
        data = memoryview(self.gz or b"")
        for start in range(0, len(data), CHUNK // 8):
            if out := inflate.decompress(data[start : start + CHUNK // 8]):
                yield out
        if rest := inflate.flush():
            yield rest


def pack(body: str | bytes, *, keep_plain_max: int | None = None) -> Packed:
    """``body`` compressed once (a text is encoded as UTF-8 first); its plain bytes are
    kept too when it is no larger than ``keep_plain_max`` (default :data:`PLAIN_MAX`)."""
    text = isinstance(body, str)
    plain = body.encode() if isinstance(body, str) else body
    compress = zlib.compressobj(LEVEL, zlib.DEFLATED, 31)  # wbits 31: a gzip member
    gz = compress.compress(plain) + compress.flush()
    size = len(plain)
    limit = PLAIN_MAX if keep_plain_max is None else keep_plain_max
    return Packed(gz, plain if size <= limit else None, size, text)


def unpacked(body: str | bytes) -> Packed:
    """``body`` as it is, not compressed (to be sent once and not kept)."""
    plain = body.encode() if isinstance(body, str) else body
    return Packed(None, plain, len(plain), isinstance(body, str))


def accepts_gzip(request: Request) -> bool:
    return request.accept_encodings["gzip"] > 0


def encoded_etag(etag: str, gzipped: bool) -> str:
    """The strong ETag of one encoding of the body whose plain ETag is ``etag``."""
    return etag + GZIP_SUFFIX if gzipped else etag


def matching_etag(if_none_match: ETags, etag: str, gzipped: bool) -> str | None:
    """The ETag of the client's copy (If-None-Match) when it is current in either
    encoding, that of the encoding asked for first; else None. The 304 carries the tag
    matched, so that the client updates the copy it holds."""
    for tag in (encoded_etag(etag, gzipped), encoded_etag(etag, not gzipped)):
        if if_none_match.contains_weak(tag):
            return tag
    return None


def sends_gzip(body: Packed, accepted: bool) -> bool:
    """Whether ``body`` goes out in gzip to a client that ``accepted`` it or not."""
    return accepted and body.gz is not None


def send(response: R, body: Packed, gzipped: bool) -> R:
    """Give ``response`` the body, compressed when ``gzipped`` (see :func:`sends_gzip`;
    else inflated while sent if only the compressed copy is kept), with its length and
    ``Vary``."""
    if gzipped and body.gz is not None:
        response.set_data(body.gz)
        response.content_encoding = "gzip"
    elif body.plain is not None:
        response.set_data(body.plain)
    else:
        response.response = body.chunks()
        response.content_length = body.size
    response.vary.add("Accept-Encoding")
    return response
