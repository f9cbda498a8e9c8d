"""A small, realistic demo organisation: a Dutch retailer's e-competence center.

Each feature adds its content in load_demo() through a loader of its own that takes the
people and zones made here and is safe to run twice.
"""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.accounts.services import create_user
from innovationzone.blog.demo import load as load_blog_demo
from innovationzone.chat import demo as chat_demo
from innovationzone.extensions import db
from innovationzone.zones.models import Zone
from innovationzone.zones.services import add_member, create_zone

DEMO_PASSWORD = "demo-wachtwoord"

PEOPLE = [
    # username, display name, department, admin
    ("anouk", "Anouk de Vries", "Marketing", True),
    ("bram", "Bram Jansen", "Marketing", False),
    ("chantal", "Chantal Bakker", "IT", False),
    ("daan", "Daan Visser", "IT", False),
    ("eva", "Eva Smit", "Logistiek", False),
    ("farid", "Farid El Amrani", "Logistiek", False),
    ("gerda", "Gerda Mulder", "Klantenservice", False),
    ("hugo", "Hugo de Boer", "Klantenservice", False),
    ("ilse", "Ilse Meijer", "Winkels", False),
    ("joost", "Joost van Dijk", "Winkels", False),
    ("karin", "Karin Bos", "IT", False),
    ("lars", "Lars Vos", "Winkels", False),
]

ZONES = [
    # slug, name, description, visibility, curator, members
    (
        "omnichannel",
        "Omnichannel klantreis",
        "Van webshop tot winkelvloer: hoe klanten tussen kanalen bewegen en wat dat van ons vraagt.",
        "public",
        "anouk",
        ["bram", "chantal", "gerda", "ilse", "joost"],
    ),
    (
        "last-mile",
        "Last mile & bezorging",
        "Bezorgopties, retourstromen en click & collect: logistiek en IT samen aan tafel.",
        "public",
        "eva",
        ["farid", "daan", "hugo", "lars"],
    ),
    (
        "kassa-vernieuwing",
        "Kassa-vernieuwing 2027",
        "Besloten project: selectie en uitrol van het nieuwe kassasysteem in alle winkels.",
        "private",
        "chantal",
        ["karin", "ilse", "joost", "daan"],
    ),
]


def _people() -> dict[str, User]:
    people = {}
    for username, display_name, department, is_admin in PEOPLE:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = create_user(
                None,
                {
                    "username": username,
                    "password": DEMO_PASSWORD,
                    "display_name": display_name,
                    "department": department,
                    "is_admin": is_admin,
                },
            )
        people[username] = user
    return people


def _zones(people: dict[str, User]) -> dict[str, Zone]:
    zones = {}
    for slug, name, description, visibility, curator, members in ZONES:
        zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
        if zone is None:
            zone = create_zone(
                people[curator],
                {
                    "slug": slug,
                    "name": name,
                    "description": description,
                    "visibility": visibility,
                },
            )
            for username in members:
                add_member(people[curator], slug, {"username": username, "role": "member"})
        zones[slug] = zone
    return zones


def load_demo() -> str:
    """Fill an empty installation with a small demo organisation; answers a summary that says how
    to sign in."""
    from innovationzone.questions import demo as questions_demo
    from innovationzone.reviews import demo as reviews_demo
    from innovationzone.topics import demo as topics_demo
    from innovationzone.wiki import demo as wiki_demo
    from innovationzone.wiki.demo_library import PAGES as LIBRARY_PAGES

    people = _people()
    zones = _zones(people)
    load_blog_demo(people, zones)
    wiki_demo.load(people, zones)
    wiki_demo.load(people, zones, LIBRARY_PAGES)
    chat_messages = chat_demo.load(people, zones)
    topics_demo.load(people, zones)
    reviews_demo.load(people, zones)
    questions_demo.load(people, zones)
    departments = sorted({user.department for user in people.values()})
    return (
        f"Demo loaded: {len(people)} people in {len(departments)} departments "
        f"({', '.join(departments)}), {len(zones)} zones, {chat_messages} chat messages. "
        f"Sign in as any of them (e.g. 'anouk', an admin) with the password '{DEMO_PASSWORD}'."
    )
