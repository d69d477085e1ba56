"""Write the fictional Bluesky posts of the demo week (``corpus.json`` beside this file).

Everything here is invented: the handles (under ``.example`` domains), the DIDs and the posts. The posts
have the shape of the Bluesky API's ``app.bsky.feed.defs#postView`` with an ``app.bsky.feed.post`` record
(text, createdAt, langs, reply, embed and facets with UTF-8 byte ranges), as the atproto lexicons define
them, so the real atproto client and our normaliser read them as they would real ones.
Run ``python -m praise.demo_data.bluesky.generate`` after changing a post.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

OURS = {"did": "did:plc:stadtitdemo0000000000000", "handle": "stadtit.beispielstadt.example"}
PEOPLE = {
    "mira": ("did:plc:mira00000000000000000000", "mira.beispielstadt.example", "Mira (Stadtbibliothek)"),
    "ole": ("did:plc:ole000000000000000000000", "ole.example.org", "Ole"),
    "pia": ("did:plc:pia000000000000000000000", "pia-kita.example.net", "Pia, Kita Süd"),
    "ours": (OURS["did"], OURS["handle"], "IT-Referat Beispielstadt (Demo)"),
}

# (key, person, createdAt, text, langs, reply to key, quote of key, likes)
POSTS: list[tuple[str, str, str, str, list[str], str | None, str | None, int]] = [
    (
        "guide",
        "ours",
        "2026-11-16T08:00:00.000Z",
        "Neue Anleitung: VPN in drei Schritten, mit Kater Joey. https://intranet.beispielstadt.example/vpn",
        ["de"],
        None,
        None,
        30,
    ),
    (
        "thanks_reply",
        "mira",
        "2026-11-16T09:12:00.000Z",
        "Danke, endlich verständlich erklärt! 👍",
        ["de"],
        "guide",
        None,
        8,
    ),
    (
        "laptop",
        "ole",
        "2026-11-17T14:03:00.000Z",
        "Danke @stadtit.beispielstadt.example für den schnellen Laptop-Tausch! #DankeStadtIT",
        ["de"],
        None,
        None,
        11,
    ),
    (
        "joey",
        "pia",
        "2026-11-18T10:30:00.000Z",
        "Kater Joey hat heute wieder die Passwortregeln erklärt 😸\n#DankeStadtIT "
        "https://intranet.beispielstadt.example/joey",
        ["de"],
        None,
        None,
        25,
    ),
    (
        "phone",
        "ole",
        "2026-11-19T07:45:00.000Z",
        "Die Telefonanlage im Bürgeramt ist seit Stunden tot. @stadtit.beispielstadt.example",
        ["de"],
        None,
        None,
        2,
    ),
    (
        "english",
        "mira",
        "2026-11-20T16:10:00.000Z",
        "Huge thanks to the city IT team, Kater Joey is the best tutor #DankeStadtIT",
        ["en"],
        None,
        None,
        14,
    ),
    ("quote", "pia", "2026-11-21T11:00:00.000Z", "Genau so! Danke fürs Erklären.", ["de"], None, "guide", 6),
]


def _rkey(number: int) -> str:
    # Record keys are TIDs: 13 base32-sortable characters; these are fixed, fictional and in order.
    return f"3m7demo{number:06d}"


def _facets(text: str, handles: dict[str, str]) -> list[dict[str, Any]]:
    facets: list[dict[str, Any]] = []

    def span(match: re.Match[str]) -> dict[str, int]:
        start = len(text[: match.start()].encode("utf-8"))
        return {"byteStart": start, "byteEnd": start + len(match.group(0).encode("utf-8"))}

    for match in re.finditer(r"@([a-z0-9.-]+\.[a-z]+)", text):
        did = handles.get(match.group(1))
        if did:
            facets.append(
                {"index": span(match), "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}]}
            )
    for match in re.finditer(r"https://\S+", text):
        facets.append(
            {
                "index": span(match),
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": match.group(0)}],
            }
        )
    for match in re.finditer(r"#(\w+)", text):
        facets.append(
            {
                "index": span(match),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": match.group(1)}],
            }
        )
    return sorted(facets, key=lambda f: f["index"]["byteStart"])


def build() -> dict[str, Any]:
    handles = {handle: did for did, handle, _ in PEOPLE.values()}
    views: dict[str, dict[str, Any]] = {}
    for number, (key, person, created, text, langs, reply_to, quote_of, likes) in enumerate(POSTS, start=1):
        did, handle, name = PEOPLE[person]
        uri = f"at://{did}/app.bsky.feed.post/{_rkey(number)}"
        cid = f"bafyreidemo{number:04d}"
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": created,
            "langs": langs,
        }
        facets = _facets(text, handles)
        if facets:
            record["facets"] = facets
        view: dict[str, Any] = {
            "uri": uri,
            "cid": cid,
            "author": {"did": did, "handle": handle, "displayName": name, "labels": []},
            "record": record,
            "replyCount": 0,
            "repostCount": 0,
            "likeCount": likes,
            "quoteCount": 0,
            # The demo's posts are indexed a few seconds after they were written.
            "indexedAt": created.replace(".000Z", ".500Z"),
            "labels": [],
        }
        if reply_to:
            parent = views[reply_to]
            ref = {"uri": parent["uri"], "cid": parent["cid"]}
            record["reply"] = {"root": ref, "parent": ref}
            parent["replyCount"] += 1
        if quote_of:
            quoted = views[quote_of]
            record["embed"] = {
                "$type": "app.bsky.embed.record",
                "record": {"uri": quoted["uri"], "cid": quoted["cid"]},
            }
            view["embed"] = {
                "$type": "app.bsky.embed.record#view",
                "record": {
                    "$type": "app.bsky.embed.record#viewRecord",
                    "uri": quoted["uri"],
                    "cid": quoted["cid"],
                },
            }
            quoted["quoteCount"] += 1
        views[key] = view
    return {"account": OURS, "posts": list(views.values())}


def main() -> None:
    path = Path(__file__).with_name("corpus.json")
    path.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
