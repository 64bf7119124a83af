"""URL canonicalisation (what counts as the same page) and templating (what counts as the
same *kind* of page, for fingerprints)."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|gclid|fbclid|msclkid|dclid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|ttclid|ref_src|spm)$",
    re.I)
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_HASH = re.compile(r"^(?=.*\d)[0-9a-f]{12,}$", re.I)
_NUM = re.compile(r"^\d+$")
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str, keep_fragment: bool = False) -> str:
    """Lower-case scheme and host, default port and fragment dropped, tracking parameters
    dropped, remaining query sorted, empty path made '/'. Hash routes (``#/route``) are kept
    when keep_fragment is set."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = parts.path or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not TRACKING_PARAMS.match(k)))
    fragment = parts.fragment if keep_fragment and parts.fragment.startswith("/") else ""
    return urlunsplit((scheme, netloc, path, query, fragment))


def _segment_template(seg: str) -> str:
    if _NUM.match(seg):
        return "{id}"
    if _UUID.match(seg):
        return "{uuid}"
    if _HASH.match(seg):
        return "{hash}"
    # product-slug-12345 -> product-slug-{id}
    return re.sub(r"(?<=[-_])\d{3,}$", "{id}", seg)


def _route_regex(route: str) -> re.Pattern:
    out = ""
    for piece in re.split(r"(\{[^}]+\})", route):
        out += "[^/]+" if piece.startswith("{") else re.escape(piece)
    return re.compile(out + "$")


def url_template(url: str, routes: tuple[str, ...] = ()) -> str:
    """The page's template: path of the canonical URL with ids, UUIDs and hashes replaced,
    or the first matching user route. Query values are templated; the host is kept so two
    sites do not share fingerprints but the port is not (local servers pick free ports)."""
    parts = urlsplit(canonical_url(url, keep_fragment=True))
    path = parts.path
    for route in routes:
        if _route_regex(route).match(path):
            path = route
            break
    else:
        path = "/".join(_segment_template(s) for s in path.split("/"))
    query = "&".join(f"{k}={{}}" if v else k for k, v in parse_qsl(parts.query, keep_blank_values=True))
    host = parts.hostname or ""
    if host in ("127.0.0.1", "localhost", "::1"):
        host = "localhost"
    tail = f"?{query}" if query else ""
    frag = f"#{parts.fragment}" if parts.fragment else ""
    return f"{host}{path}{tail}{frag}"


def same_origin(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.hostname, pa.port or DEFAULT_PORTS.get(pa.scheme)) == \
        (pb.scheme, pb.hostname, pb.port or DEFAULT_PORTS.get(pb.scheme))
