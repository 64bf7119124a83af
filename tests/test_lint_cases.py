"""Small cases as data: a snippet, the path it pretends to live at, and what must be
reported as "line:col matched->suggestion". One readable id per case."""
from __future__ import annotations

import pytest

from linter.lint import lint_source
from linter.lint.zones import words
from linter.policy import load_policy

POLICY = load_policy("permendag31")

CASES = [
    # id, path, source, expected
    ("json-commerce", "locales/id.json", '{"home": {"title": "Belanja di TikTok"}}', ["1:32 TikTok->TikTok Shop"]),
    ("json-tiktok-shop-ok", "locales/id.json", '{"home": "TikTok Shop"}', []),
    ("json-key-snake-payment", "locales/id.json", '{"checkout": {"pay_button": "TikTok"}}', ["1:30 TikTok->Tokopedia"]),
    ("json-key-camel-payment", "locales/id.json", '{"cartTitle": "TikTok"}', ["1:16 TikTok->Tokopedia"]),
    ("json-path-payment", "locales/id/checkout.json", '{"title": "TikTok Shop"}', ["1:12 TikTok Shop->Tokopedia"]),
    ("json-tokopedia-ok-in-payment", "locales/id/checkout.json", '{"t": "Bayar di Tokopedia"}', []),
    ("json-clitic", "locales/id.json", '{"a": "Belanja di TikToknya"}', ["1:19 TikTok->TikTok Shop"]),
    ("json-escape-before-mention", "locales/id.json", '{"a": "\\"x\\" \\u00e9 TikTok"}', ["1:21 TikTok->TikTok Shop"]),
    ("json-mention-is-escaped", "locales/id.json", '{"a": "\\u0054ikTok"}', ["1:8 TikTok->TikTok Shop"]),
    ("json-non-ascii-column", "locales/id.json", '{"a": "Ñandú 🛒 TikTok"}', ["1:16 TikTok->TikTok Shop"]),
    ("json-keys-are-not-text", "locales/id.json", '{"TikTok": "Belanja"}', []),
    ("json-second-line", "locales/id.json", '{\n  "a": "x",\n  "b": "y TikTok"\n}', ["3:11 TikTok->TikTok Shop"]),
    ("arb-metadata-skipped", "l10n/app_id.arb", '{"@a": {"description": "TikTok"}, "a": "ok"}', []),
    ("yaml-plain", "config/locales/id.yml", "id:\n  title: Belanja di TikTok\n", ["2:21 TikTok->TikTok Shop"]),
    ("yaml-double-quoted-escape", "config/locales/id.yml", 'id:\n  t: "caf\\u00e9 TikTok"\n', ["2:17 TikTok->TikTok Shop"]),
    ("yaml-literal-block", "config/locales/id.yml", "id:\n  t: |\n    baris satu\n    TikTok dua\n", ["4:5 TikTok->TikTok Shop"]),
    ("yaml-non-string-skipped", "config/locales/id.yml", "id:\n  n: 3\n", []),
    ("yaml-suppress-same-line", "config/locales/id.yml", "id:\n  t: TikTok  # brandlint-ignore\n", []),
    ("yaml-directive-in-value-is-not-a-comment", "config/locales/id.yml", "id:\n  t: 'TikTok brandlint-ignore'\n", ["2:7 TikTok->TikTok Shop"]),
    ("po-msgstr", "locale/id.po", 'msgid "Shop"\nmsgstr "Belanja di TikTok"\n', ["2:20 TikTok->TikTok Shop"]),
    ("po-msgid-not-checked-when-translated", "locale/id.po", 'msgid "TikTok"\nmsgstr "TikTok Shop"\n', []),
    ("po-msgid-checked-when-untranslated", "locale/id.po", 'msgid "Go to TikTok"\nmsgstr ""\n', ["1:14 TikTok->TikTok Shop"]),
    ("po-reference-payment", "locale/id.po", '#: src/checkout/pay.py:3\nmsgid "x"\nmsgstr "TikTok"\n', ["3:9 TikTok->Tokopedia"]),
    ("po-split-across-lines", "locale/id.po", 'msgid "x"\nmsgstr ""\n"Tik"\n"Tok"\n', ["3:2 TikTok->TikTok Shop"]),
    ("properties-colon", "messages_id.properties", "a.b: TikTok\n", ["1:6 TikTok->TikTok Shop"]),
    ("properties-comment-not-ui", "messages_id.properties", "# TikTok\n", []),
    ("strings-value-not-key", "id.lproj/Localizable.strings", '"TikTok" = "Toko";\n', []),
    ("strings-block-comment-suppress", "id.lproj/Localizable.strings", '/* brandlint-ignore-next-line */\n"a" = "TikTok";\n', []),
    ("strings-suppress-in-comment-continuation", "id.lproj/Localizable.strings",
     '/* Legal asked to keep this one.\n * brandlint-ignore-next-line */\n"a" = "TikTok";\n', []),
    ("android-string", "res/values/strings.xml", '<resources><string name="a">TikTok</string></resources>', ["1:29 TikTok->TikTok Shop"]),
    ("android-comment-not-ui", "res/values/strings.xml", '<resources><!-- TikTok --></resources>', []),
    ("html-split-inline", "t.html", "<p>Tik<b>Tok</b></p>", ["1:4 TikTok->TikTok Shop"]),
    ("html-br-reads-tiktok-shop", "t.html", "<p>TikTok<br>Shop</p>", []),
    ("html-blocks-do-not-join", "t.html", "<p>Tik</p><p>Tok</p>", []),
    ("html-entity-before", "t.html", "<p>&amp; &#169; TikTok</p>", ["1:17 TikTok->TikTok Shop"]),
    ("html-social-link", "t.html", '<p>Follow <a href="https://tiktok.com/@shop">TikTok</a></p>', []),
    ("html-social-context-attr", "t.html", '<div data-brand-context="social"><p>TikTok</p></div>', []),
    ("html-ignore", "t.html", '<div data-brandlint="ignore">TikTok</div>', []),
    ("html-zone-attr", "t.html", '<div data-brand-zone="payment"><p>TikTok Shop</p></div>', ["1:35 TikTok Shop->Tokopedia"]),
    ("html-script-style-comment", "t.html", "<script>'TikTok'</script><style>.tiktok{}</style><!-- TikTok -->", []),
    ("html-class-id-data-not-ui", "t.html", '<p class="tiktok" id="tiktok" data-x="TikTok">ok</p>', []),
    ("html-button-value", "t.html", '<input type="submit" value="Bayar TikTok">', ["1:35 TikTok->TikTok Shop"]),
    ("html-hidden-input-value", "t.html", '<input type="hidden" value="TikTok">', []),
    ("html-meta-og", "t.html", '<meta property="og:title" content="TikTok">', ["1:36 TikTok->TikTok Shop"]),
    ("html-next-line-suppress", "t.html", "<!-- brandlint-ignore-next-line -->\n<p>TikTok</p>", []),
    ("html-suppress-in-comment-continuation", "t.html",
     "<!-- A long note about the banner\n     brandlint-ignore-next-line -->\n<p>TikTok</p>", []),
    ("html-directive-after-comment-closed-is-text", "t.html",
     "<!-- note -->\n<p>brandlint-ignore TikTok</p>", ["2:21 TikTok->TikTok Shop"]),
    ("jinja-expression-not-checked", "t.html", "<p>{{ 'TikTok' }} {% trans %}x{% endtrans %}</p>", []),
    ("jinja-comment-suppress", "t.jinja", "<p>TikTok</p> {# brandlint-ignore #}", []),
    ("blade-directive-not-text", "v.blade.php", "@include('tiktok.banner')\n<p>TikTok</p>", ["2:4 TikTok->TikTok Shop"]),
    ("blade-comment-suppress", "v.blade.php", "{{-- brandlint-ignore-next-line --}}\n<p>TikTok</p>", []),
    ("vue-interpolation-not-checked", "C.vue", "<template><p>{{ 'TikTok' }}</p></template>", []),
    ("svelte-braces-not-checked", "P.svelte", "<p>{'TikTok'} ok</p>", []),
    ("jsx-text", "B.jsx", "const a = <p>Belanja di TikTok</p>;", ["1:25 TikTok->TikTok Shop"]),
    ("jsx-code-strings-not-checked", "B.jsx", 'const s = "TikTok"; const t = `TikTok ${x}`;', []),
    ("jsx-expression-not-checked", "B.jsx", "const a = <p>{'TikTok'}</p>;", []),
    ("jsx-nested-in-expression", "B.jsx", "const a = <div>{ok && <span>TikTok</span>}</div>;", ["1:29 TikTok->TikTok Shop"]),
    ("jsx-attr-string", "B.jsx", 'const a = <img alt="TikTok" />;', ["1:21 TikTok->TikTok Shop"]),
    ("jsx-classname-not-ui", "B.jsx", 'const a = <div className="tiktok" />;', []),
    ("tsx-generic-is-code", "B.tsx", "const [a] = useState<string>('TikTok');\nif (a < b && c > d) {}", []),
    ("jsx-regex-with-lt", "B.jsx", "const r = /<p>TikTok/; const a = <p>ok</p>;", []),
]


def _render(result) -> list[str]:
    return [f"{f.line}:{f.column} {f.matched}->{f.suggestion}" for f in result.findings]


@pytest.mark.parametrize("path,source,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_case(path, source, expected):
    result = lint_source(source, path, POLICY)
    assert not result.errors
    assert _render(result) == expected


@pytest.mark.parametrize("name,expected", [
    ("checkout.pay_button", ["checkout", "pay", "button"]),
    ("cartTitle", ["cart", "title"]),
    ("locales/id/checkout.json", ["locales", "id", "checkout", "json"]),
    ("HTMLPayButton", ["html", "pay", "button"]),
    ("order-history_v2", ["order", "history", "v", "2"]),
])
def test_key_words(name, expected):
    assert words(name) == expected


def test_ignore_keys_and_paths_from_policy(tmp_path):
    cfg = tmp_path / "brandlint.toml"
    cfg.write_text('extends = "permendag31"\n[ignore]\nkeys = ["legal.*"]\npaths = ["vendor/*"]\n', encoding="utf-8")
    policy = load_policy(cfg)
    src = '{"legal": {"name": "PT TikTok"}, "home": "TikTok"}'
    assert [f.key for f in lint_source(src, "locales/id.json", policy).findings] == ["home"]
    assert policy.ignore_paths == ("vendor/*",)


def test_unknown_ignore_key_is_still_rejected(tmp_path):
    from linter.errors import ConfigError
    cfg = tmp_path / "brandlint.toml"
    cfg.write_text('[ignore]\nfiles = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_policy(cfg)


def test_url_valued_meta_tags_are_not_text():
    from linter import lint_text
    html = ('<meta property="og:image" content="/img/tiktok-shop-og.svg">'
            '<meta property="og:url" content="https://tiktok.example/x">'
            '<meta property="og:title" content="Toko di TikTok">')
    assert [(f.matched, f.column) for f in lint_text(html, "templates/home.html")] == [("TikTok", html.index("TikTok") + 1)]
