"""The back end on the wire: the requests a page or journey state made, as touchpoints.

Pure: the browser records the requests (``browser/netlog.py``), this module decides which
of them are payment-flow facts. Like a form or iframe endpoint, a request is a touchpoint
only in a zone that lists ``legacy_hosts`` and only when it goes to one of them (a request
to any other host says nothing about the brand). The same method and URL sent twice is one
touchpoint (a poll must not become fifty findings); a request for the very URL an endpoint
touchpoint of the page already names (the document of a legacy iframe) is that endpoint,
not a second finding.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from .model import Touchpoint


def request_line(entry: dict) -> str:
    return f"{entry['method']} {entry['url']}"


def request_touchpoints(requests: list[dict], page_url: str, zone_id: str, policy,
                        endpoints: set[str] = frozenset()) -> list[Touchpoint]:
    hosts = policy.zones[zone_id].legacy_hosts
    if not hosts:
        return []
    out: dict[str, Touchpoint] = {}
    for entry in requests:
        if not entry.get("url") or entry["url"] in endpoints:
            continue
        host = (urlsplit(entry["url"]).hostname or "").lower()
        if not any(host == h or host.endswith("." + h) for h in hosts):
            continue
        line = request_line(entry)
        if line in out:
            out[line].detail["count"] += 1
            continue
        out[line] = Touchpoint(
            kind="request", brand=None, matched=line, context=line, zone=zone_id, url=page_url,
            landmark=f"request:{entry.get('type', '')}", attribute=entry.get("type"),
            frame_url=entry.get("initiator"), visible=True,
            detail={"request": line, "status": entry.get("status"), "failure": entry.get("failure"),
                    "type": entry.get("type"), "by": entry.get("by"), "page": page_url,
                    "initiator": entry.get("initiator"), "count": 1})
    return list(out.values())
