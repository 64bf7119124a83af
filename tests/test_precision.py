"""Precision without a browser: where an asset URL says a brand (the policy's ``[assets]``
rule) and share-card handles as a social context.

A user reads an asset's own file name (``tiktok-logo.png``) or a folder naming a brand
asset (``/brand/tiktok/``); a CDN host, a CDN transform suffix or an opaque storage path
is plumbing, never a mention.
"""
from __future__ import annotations

import textwrap

import pytest

from linter.errors import ConfigError
from linter.matcher import Matcher
from linter.policy import load_policy

MATCHER = Matcher(load_policy("permendag31"))

CASES = [
    ("https://shop.example/img/tiktok-logo.png", ["tiktok"]),
    ("https://shop.example/static/icon-tiktok.svg", ["tiktok"]),
    ("https://shop.example/img/tiktok-shop-logo.png", ["tiktok-shop"]),
    ("https://shop.example/brand/tiktok/mark.svg", ["tiktok"]),
    ("https://shop.example/assets/brands/tiktok-shop/mark.svg", ["tiktok-shop"]),
    ("https://shop.example/brand/tiktok/tiktok-logo.svg", ["tiktok"]),      # one asset, one mention
    ("https://p16-sign.tiktokcdn-eu.com/tos-maliva-avt-0068/0e9e270a~tplv-tiktokx-cropcenter:100:100.jpeg", []),
    ("https://p16-sign-sg.tiktokcdn.com/aweme/100x100/tiktok-obj/1664011041104897.jpeg", []),
    ("https://tiktok.example/img/banner.png", []),
    ("https://shop.example/tiktok/img/banner.png", []),                    # a folder, not a brand folder
    ("https://shop.example/img/", []),
]


@pytest.mark.parametrize("url,brands", CASES, ids=[c[0].rsplit("/", 2)[-2] + "/" + c[0].rsplit("/", 1)[-1] for c in CASES])
def test_asset_says_brand_by_file_name_or_brand_folder(url, brands):
    assert [m.brand for m in MATCHER.find_in_asset(url)] == brands


def test_offsets_point_into_the_decoded_path():
    from linter.matcher import url_path
    url = "https://shop.example/brand/TikTok/mark.svg"
    (m,) = MATCHER.find_in_asset(url)
    assert url_path(url)[m.start:m.end] == m.text == "TikTok"


def write(tmp_path, body):
    p = tmp_path / "brandlint.toml"
    p.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return p


def test_policy_may_count_the_whole_path(tmp_path):
    p = load_policy(write(tmp_path, """
        extends = "permendag31"
        [assets]
        says_brand_in = ["path"]
    """))
    url = "https://cdn.example/aweme/tiktok-obj/1664011041104897.jpeg"
    assert [m.brand for m in Matcher(p).find_in_asset(url)] == ["tiktok"]


def test_policy_brand_folders_are_data(tmp_path):
    p = load_policy(write(tmp_path, """
        extends = "permendag31"
        [assets]
        brand_folders = ["merek"]
    """))
    m = Matcher(p)
    assert [x.brand for x in m.find_in_asset("https://s.example/merek/tiktok/a.svg")] == ["tiktok"]
    assert m.find_in_asset("https://s.example/brand/tiktok/a.svg") == []


@pytest.mark.parametrize("body,key,words", [
    ('[assets]\nsays_brand_in = ["file-name", "host"]\n', "assets.says_brand_in", "unknown place 'host'"),
    ("[assets]\ntransform_suffixes = ['~(tplv']\n", "assets.transform_suffixes", "invalid regular expression"),
    ("[assets]\nfolders = ['brand']\n", "assets.folders", "unknown key"),
])
def test_asset_rule_errors_name_file_line_and_key(tmp_path, body, key, words):
    f = tmp_path / "brandlint.toml"
    f.write_text('extends = "permendag31"\n' + body, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_policy(f)
    msg = str(e.value)
    assert str(f) in msg and key in msg and words in msg and ":3" in msg


def test_share_card_handles_are_a_social_context():
    p = load_policy("permendag31")
    assert p.context_meta == {"social": ("twitter:site", "twitter:creator")}
    assert p.collector_config()["contextMeta"] == ["twitter:creator", "twitter:site"]


def test_share_card_handle_is_a_compliant_touchpoint():
    from linter.extract import candidates, touchpoints
    from linter.findings import evaluate
    raw = {"meta": [["twitter:site", "@tiktok_us"], ["twitter:title", "Promo TikTok"]]}
    tps = touchpoints(candidates(raw, MATCHER), {}, "https://shop.example/", MATCHER.policy)
    assert [(t.attribute, t.social) for t in tps] == [("twitter:site", "social"), ("twitter:title", None)]
    assert [f.attribute for _, f in evaluate(tps, MATCHER.policy) if f] == ["twitter:title"]
