"""Demo posts and comments: what colleagues in the demo zones write to each other.

Safe to run twice: a post whose title exists in its zone is not written again.
"""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.blog.comment_services import add_comment
from innovationzone.blog.models import Comment, Post
from innovationzone.blog.reaction_services import set_reaction
from innovationzone.blog.services import create_post
from innovationzone.extensions import db
from innovationzone.zones.models import Zone

# (commenter, body, index of the earlier comment it answers or None)
DemoComment = tuple[str, str, int | None]
# zone, author, title, tags, body, comments, [(user, reaction)]
DemoPost = tuple[str, str, str, str, str, list[DemoComment], list[tuple[str, str]]]

POSTS: list[DemoPost] = [
    (
        "omnichannel",
        "bram",
        "Click & collect: wat we leerden in de eerste maand",
        "click-collect, winkels",
        "Sinds 1 maart kunnen klanten in **12 winkels** hun online bestelling ophalen.\n\n"
        "- 68% haalt binnen 24 uur op\n- 1 op de 5 koopt iets extra in de winkel\n"
        "- De grootste klacht: de wachtrij bij de servicebalie\n\n"
        "@ilse, hoe gaat het ophaalpunt in Utrecht? En @gerda: krijgt Klantenservice hier vragen over?",
        [
            (
                "ilse",
                "In Utrecht staat het ophaalrek nu bij de ingang. Wachtrij is bijna weg!",
                None,
            ),
            (
                "gerda",
                "Vooral vragen over de ophaaltermijn. Kunnen we de mail duidelijker maken?",
                None,
            ),
            ("bram", "Goed punt @gerda, ik pak de tekst op met Marketing.", 1),
        ],
        [("anouk", "tada"), ("ilse", "thumbs_up"), ("joost", "bulb")],
    ),
    (
        "omnichannel",
        "chantal",
        "Customer journey mapping with the store teams",
        "journey, workshop",
        "We ran our first *journey mapping* workshop with two store managers and the web team.\n\n"
        "Biggest surprise: customers check stock online **while standing in the store**. "
        "Next step: show shelf location in the app. Thoughts, @joost?",
        [("joost", "Yes please. Half of my floor questions are 'where is X'.", None)],
        [("bram", "heart"), ("anouk", "bulb")],
    ),
    (
        "last-mile",
        "eva",
        "Retouren via de winkel: pilot in Eindhoven",
        "retour, pilot",
        "Vanaf deze week kunnen klanten online aankopen **in de winkel retourneren**.\n\n"
        "1. Klant scant de retourcode\n2. Winkel controleert het artikel\n3. Terugbetaling binnen 48 uur\n\n"
        "@farid, kunnen we de retourstroom naar het DC wekelijks bundelen?",
        [
            ("farid", "Wekelijks bundelen kan, op dinsdag met de reguliere rit mee.", None),
            ("lars", "Winkel Eindhoven is er klaar voor. Wel graag extra opslagruimte.", None),
            ("eva", "@lars ik regel twee extra rolcontainers.", 1),
        ],
        [("daan", "thumbs_up"), ("hugo", "tada")],
    ),
    (
        "kassa-vernieuwing",
        "karin",
        "Shortlist kassasystemen (vertrouwelijk)",
        "selectie, leveranciers",
        "Na de demo's houden we **drie leveranciers** over. Scorekaart volgt.\n\n"
        "| criterium | weging |\n|---|---|\n| offline werken | 30% |\n| integratie webshop | 25% |\n"
        "| kosten | 20% |\n| gebruiksgemak | 25% |\n\n@ilse en @joost: willen jullie de testdag in de winkel begeleiden?",
        [("joost", "Ja, graag op een doordeweekse ochtend.", None)],
        [("chantal", "thumbs_up")],
    ),
]


def load(people: dict[str, User], zones: dict[str, Zone]) -> int:
    """Writes the demo posts that are not there yet; answers how many it wrote."""
    written = 0
    for zone_slug, author, title, tags, body, comments, reactions in POSTS:
        zone = zones[zone_slug]
        if db.session.scalar(select(Post.id).where(Post.zone_id == zone.id, Post.title == title)):
            continue
        post = create_post(
            people[author],
            zone_slug,
            {"title": title, "body": body, "tags": tags, "status": "published"},
        )
        made: list[Comment] = []
        for commenter, text, reply_to in comments:
            parent = made[reply_to].id if reply_to is not None else None
            made.append(
                add_comment(people[commenter], post.id, {"body": text, "parent_id": parent})
            )
        for username, name in reactions:
            set_reaction(people[username], "post", post.id, name, True)
        written += 1
    return written
