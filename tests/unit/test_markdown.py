"""The shared renderer: sanitised output, wiki links and mentions, and a time limit that holds."""

from __future__ import annotations

from html.parser import HTMLParser

from innovationzone import markdown
from innovationzone.markdown import LinkContext, extract_mentions, extract_wikilinks, render


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict]]:
    collector = _Collect()
    collector.feed(html)
    return collector.tags


def test_hostile_html_is_inert():
    html = render(
        '<script>alert(1)</script><img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'
        '<iframe src="https://evil.example"></iframe><svg onload=alert(1)></svg>'
        "[click](javascript:alert(2)) ![i](data:image/svg+xml;base64,PHN2Zz4=)"
    )
    for tag, attrs in parse(html):
        assert tag not in ("script", "iframe", "svg", "style")
        assert not any(name.startswith("on") for name in attrs)
        for value in attrs.values():
            assert not (value or "").lower().startswith(("javascript:", "data:"))


def test_markdown_features_survive_sanitising():
    html = render(
        "# Kop\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] klaar\n\n```python\nprint(1)\n```\n\n"
        "!!! note\n    Let op\n\ntekst[^1]\n\n[^1]: voetnoot"
    )
    tags = {tag for tag, _ in parse(html)}
    assert {"h1", "table", "input", "pre", "sup"} <= tags
    assert (
        'class="admonition note"' in html
        and 'type="checkbox"' in html
        and 'class="highlight"' in html
    )


def test_wikilinks_and_mentions_resolve_against_what_exists():
    context = LinkContext(zone="omni", existing_pages={("omni", "Retourproces")}, users={"ann"})
    html = render(
        "[[Retourproces]] [[Nieuw idee|idee]] [[last-mile:Bezorging]] @ann @nobody", context
    )
    links = [attrs for tag, attrs in parse(html) if tag == "a"]
    assert links[0]["href"] == "/z/omni/wiki/Retourproces" and links[0]["class"] == "wikilink"
    assert links[1]["href"] == "/z/omni/wiki/Nieuw_idee/edit" and "missing" in links[1]["class"]
    assert links[2]["href"] == "/z/last-mile/wiki/Bezorging/edit"
    assert links[3]["href"] == "/u/ann" and links[3]["class"] == "mention"
    assert "@nobody" in html and len(links) == 4


def test_extractors():
    assert [
        (link.zone, link.target, link.label) for link in extract_wikilinks("[[a / b c|L]] [[z:Q]]")
    ] == [
        (None, "a/b_c", "L"),
        ("z", "Q", "Q"),
    ]
    assert extract_mentions("hoi @Ann, mail a@b.nl of @bob_1.") == {"ann", "bob_1"}
    # only an @ that starts the text or follows something other than a letter, digit, _, @ or /
    assert extract_mentions("@cas (@dik) é@eva _@fem @@gus /@hal 1@ivo\n@jan") == {
        "cas",
        "dik",
        "jan",
    }


def test_pathological_input_falls_back_to_escaped_text_in_time_and_pool_recovers():
    html = render("[a" * 8000 + "<script>x</script>", timeout=0.5)
    assert html.startswith('<pre class="render-fallback">') and "<script>" not in html
    assert render("*weer* normaal") == "<p><em>weer</em> normaal</p>"


def test_table_column_alignment_survives_and_nothing_else_does():
    html = render(
        "| Artikel | Prijs | Status |\n|:--|--:|:-:|\n| Bon | 0,01 | ok |\n\n"
        '<table><tr><td align="justify" style="color:red">x</td>'
        '<td align="right" style="text-align: right">y</td></tr></table>'
    )
    cells = [(tag, attrs) for tag, attrs in parse(html) if tag in ("th", "td")]
    assert [attrs.get("align") for _tag, attrs in cells] == [
        *["left", "right", "center"] * 2,
        None,  # a value outside left/center/right is dropped
        "right",
    ]
    assert all("style" not in attrs for _tag, attrs in cells)


def test_code_stylesheet_colours_the_classes_the_renderer_emits(client):
    html = render("```python\nimport os  # kassa\n```")
    classes = {cls for _tag, attrs in parse(html) for cls in (attrs.get("class") or "").split()}
    response = client.get("/code.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    for token in {"kn", "nn", "c1"} & classes:
        assert f".highlight .{token} {{ color: #" in css
    assert {"kn", "c1"} <= classes


def test_task_checkboxes_are_named_by_their_text():
    html = render("- [x] Pinautomaat **gekoppeld**\n- [ ] Bon\n    - [ ] Printer\n")
    assert (
        '<label><input type="checkbox" disabled="" checked=""> Pinautomaat <strong>gekoppeld</strong></label>'
        in html
    )
    assert '<label><input type="checkbox" disabled=""> Bon</label><ul' in html
    assert html.count("<label>") == 3


def test_a_text_rendered_again_with_the_same_links_is_not_sent_to_a_worker(monkeypatch):
    sent: list[str] = []
    send = markdown._pool.render

    def counting(text: str, context: LinkContext, timeout: float):  # noqa: ANN202
        sent.append(text)
        return send(text, context, timeout)

    monkeypatch.setattr(markdown._pool, "render", counting)
    text = "Zie [[Kassa]] en @ann, *nu* (cache-test)"
    missing = render(text, LinkContext(zone="winkels"))
    assert render(text, LinkContext(zone="winkels")) == missing and len(sent) == 1
    # the page now exists: the same text renders again, with the link no longer missing
    found = render(text, LinkContext(zone="winkels", existing_pages={("winkels", "Kassa")}))
    assert len(sent) == 2 and 'class="wikilink"' in found and "missing" not in found
    mentioned = render(text, LinkContext(zone="winkels", users={"ann"}))
    assert len(sent) == 3 and 'class="mention"' in mentioned


def test_a_fallback_is_not_kept_so_the_text_gets_another_try(monkeypatch):
    answers = iter([None, (True, "<p>gelukt</p>")])  # an overrun, then a calm render
    monkeypatch.setattr(markdown._pool, "render", lambda *_args: next(answers))
    assert render("*later* beter").startswith('<pre class="render-fallback">')
    assert render("*later* beter") == "<p>gelukt</p>"


def test_a_teaser_keeps_its_blocks_apart():
    """A list, a heading or a paragraph ran on into the next in a teaser: the demo's post read
    "68% haalt binnen 24 uur op 1 op de 5 koopt iets extra in de winkel De grootste klacht".
    Blocks are kept apart by a dot where their own text does not end a sentence."""
    rendered = render(
        "# Kop\n\nSinds maart **12 winkels**.\n\n- 68% haalt op\n- 1 op de 5 koopt extra\n\n"
        "Klaar? Ja\n\n> citaat",
        LinkContext(),
    )
    assert markdown.teaser(rendered, 300) == (
        "Kop · Sinds maart 12 winkels. 68% haalt op · 1 op de 5 koopt extra · Klaar? Ja · citaat"
    )
    assert markdown.teaser("<p>Een <em>zin</em> &amp; nog wat</p>", 300) == "Een zin & nog wat"
