"""Demo wiki pages: the kind of knowledge a Dutch retailer's teams write down together."""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.extensions import db
from innovationzone.wiki.models import Page
from innovationzone.wiki.services import save_page
from innovationzone.zones.models import Zone

PAGES = [
    # zone, path, title, author, body
    (
        "kassa-vernieuwing",
        "Onboarding/Kassa/Checklist",
        "Checklist nieuwe kassa",
        "chantal",
        """\
# Checklist nieuwe kassa

Voor elke winkel die overgaat op het nieuwe kassasysteem. Vragen? Zie [[Retourproces]] of vraag @karin.

## Voor de livegang

- [x] Netwerkpunt en voeding bij elke kassa getest
- [x] Pinautomaat gekoppeld (testbetaling van € 0,01)
- [ ] Bonprinter uitgelijnd
- [ ] Medewerkers hebben de e-learning afgerond

## Op de dag zelf

| Tijd  | Wie        | Wat                               |
|-------|------------|-----------------------------------|
| 07:30 | IT         | Kassa's aan, updates controleren  |
| 08:30 | Filiaal    | Kasopmaak en wisselgeld           |
| 09:00 | Iedereen   | Open!                             |

!!! warning "Let op"
    Zet de oude kassa pas uit als de dagafsluiting van gisteren verwerkt is.
""",
    ),
    (
        "kassa-vernieuwing",
        "Retourproces",
        "Retourproces aan de kassa",
        "karin",
        """\
# Retourproces aan de kassa

1. Scan de bon of zoek de aankoop op via het klantnummer.
2. Kies *Retour* en selecteer de artikelen.
3. Het bedrag gaat terug via hetzelfde betaalmiddel.

Online gekocht en in de winkel retour? Dat loopt via [[last-mile:Retouren_via_de_winkel|retouren via de winkel]].
Terug naar de [[Onboarding/Kassa/Checklist|checklist]].
""",
    ),
    (
        "last-mile",
        "Retouren_via_de_winkel",
        "Retouren via de winkel",
        "eva",
        """\
# Retouren via de winkel

Klanten mogen webshopbestellingen in elke winkel terugbrengen. De winkel scant het retourlabel;
het pakket gaat met de volgende rolcontainer naar het DC in Tilburg.

```text
webshop -> klant -> winkel (scan) -> rolcontainer -> DC Tilburg -> voorraad
```

Zie ook [[Bezorgopties]].
""",
    ),
    (
        "last-mile",
        "Bezorgopties",
        "Bezorgopties 2027",
        "farid",
        """\
# Bezorgopties

- **Standaard**: volgende werkdag, gratis vanaf € 20.
- **Avondlevering**: 18:00-22:00 in de Randstad.
- **Click & collect**: na 2 uur ophalen in de winkel.[^1]

[^1]: Alleen in winkels met een afhaalpunt; zie [[Retouren_via_de_winkel]].
""",
    ),
    (
        "omnichannel",
        "Klantreis/Webshop_naar_winkel",
        "From webshop to store",
        "anouk",
        """\
# From webshop to store

Customers browse online and buy in store (and the other way round). What we learned:

1. Show store stock on the product page.
2. Let staff see the customer's online wish list (with consent).

Related: [[last-mile:Bezorgopties]].
""",
    ),
]


def load(people: dict[str, User], zones: dict[str, Zone], pages: list | None = None) -> int:
    """Adds the pages (these, unless others are given) that are not there yet; answers how
    many it added."""
    added = 0
    for zone_slug, path, title, author, body in PAGES if pages is None else pages:
        zone = zones[zone_slug]
        if db.session.scalar(select(Page.id).where(Page.zone_id == zone.id, Page.path == path)):
            continue
        save_page(people[author], zone_slug, path, title, body, None, summary="Eerste versie")
        added += 1
    return added
