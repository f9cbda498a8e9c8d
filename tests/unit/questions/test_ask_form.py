"""The ask form offers a short list of the asker's own zones and reaches any other zone typed
(issue 12): in an organisation of many zones the form never lists them all."""

from __future__ import annotations

import re

from tests.support.clients import form_csrf


def zone_options(html: str) -> list[str]:
    select = html.split('<select id="zone" name="zone"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option[^>]* value="([^"]*)"', select)


def test_the_ask_form_lists_a_few_own_zones_and_reaches_any_other_typed(
    api_as, browser_login, monkeypatch
):
    ann = api_as("ann")
    for n in range(4):
        assert ann.post("zones", {"slug": f"zone{n}", "name": f"Zone {n}"}).status_code == 201
    secret = {"slug": "geheim", "name": "Geheim", "visibility": "private"}
    assert ann.post("zones", secret).status_code == 201
    mo = browser_login("mo")
    for slug in ("zone0", "zone1", "zone2"):
        assert ann.post(f"zones/{slug}/members", {"username": "mo"}).status_code == 201
    monkeypatch.setattr("innovationzone.questions.views.ZONE_CHOICES", 2)
    form = mo.get("/questions/new").get_data(as_text=True)
    assert zone_options(form) == ["zone0", "zone1", ""]  # two of mo's three, then "another"
    assert 'data-picker="zones"' in form
    assert " selected" not in form.split('id="zone"')[1].split("</select>")[0]  # the first goes
    newcomer = browser_login("nel")  # in no zone yet: public zones fill the list
    assert zone_options(newcomer.get("/questions/new").get_data(as_text=True)) == [
        "zone0",
        "zone1",
        "",
    ]
    monkeypatch.setattr("innovationzone.questions.views.ZONE_CHOICES", 4)
    assert zone_options(mo.get("/questions/new").get_data(as_text=True)) == [
        "zone0",
        "zone1",
        "zone2",
        "zone3",  # mo's three, then one more mo may write in; never the private one
        "",
    ]
    monkeypatch.setattr("innovationzone.questions.views.ZONE_CHOICES", 2)
    linked = mo.get("/questions/new?zone=zone3").get_data(as_text=True)
    assert zone_options(linked) == ["zone0", "zone1", "zone3", ""]
    assert 'selected value="zone3"' in linked or 'value="zone3" selected' in linked
    assert zone_options(mo.get("/questions/new?zone=geheim").get_data(as_text=True)) == [
        "zone0",
        "zone1",
        "",
    ]

    def ask(zone: str, other: str):  # noqa: ANN202
        return mo.post(
            "/questions/new",
            data={
                "csrf_token": form_csrf(form),
                "zone": zone,
                "other_zone": other,
                "title": "Waar?",
                "body": "De sleutel.",
            },
        )

    typed = ask("", "Zone3")  # a public zone mo is not in, typed
    assert typed.status_code == 302
    assert api_as("mo").get("questions?limit=1").json["questions"][0]["zone"] == "zone3"
    assert ask("zone0", "zone2").status_code == 302  # the typed one wins
    assert api_as("mo").get("questions?limit=1").json["questions"][0]["zone"] == "zone2"
    refused = ask("", "geheim")  # private, and mo is not a member: as if it did not exist
    assert refused.status_code == 200 and "Waar?" in refused.get_data(as_text=True)
    empty = ask("", "")
    assert empty.status_code == 200 and "Choose a zone" in empty.get_data(as_text=True)
    assert len(api_as("mo").get("questions").json["questions"]) == 2
