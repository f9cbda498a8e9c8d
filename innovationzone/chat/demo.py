"""Demo chat: a room or two in the demo zones with a realistic conversation; safe to run twice."""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.chat import room_services, services
from innovationzone.chat.models import Room
from innovationzone.extensions import db
from innovationzone.zones.models import Zone

ROOMS = [
    # zone, slug, name, conversation (username, body)
    (
        "omnichannel",
        "algemeen",
        "Algemeen",
        [
            (
                "anouk",
                "Goedemorgen! De nieuwe **click & collect**-banner staat vanaf vandaag live op de homepage.",
            ),
            (
                "ilse",
                "Top. In de winkel in Utrecht vragen klanten er al naar, hebben we een instructie voor de balie?",
            ),
            (
                "gerda",
                "Klantenservice heeft een conceptantwoord, zie [[Click en collect FAQ]]. @ilse kun je even meelezen?",
            ),
            ("ilse", "Doe ik vanmiddag 👍"),
            (
                "bram",
                "Reminder: the campaign retro is Thursday 10:00, please add your numbers before then.",
            ),
        ],
    ),
    (
        "last-mile",
        "bezorging",
        "Bezorging vandaag",
        [
            (
                "eva",
                "Vertraging bij de hub in Tilburg: ongeveer 40 orders schuiven door naar morgen.",
            ),
            (
                "hugo",
                "Ik zet een standaardbericht klaar voor klanten die bellen. Wat is de nieuwe levertijd?",
            ),
            ("farid", "Morgen voor 12:00, de extra rit is bevestigd."),
            ("daan", "Track & trace is bijgewerkt, @hugo de status klopt nu ook in de app."),
        ],
    ),
]


def load(people: dict[str, User], zones: dict[str, Zone]) -> int:
    """Creates the rooms and their first messages once (fixed client ids make a rerun a no-op).

    Nobody sends more than the rate limit's burst, so the loader needs no way around it.
    """
    count = 0
    for zone_slug, slug, name, conversation in ROOMS:
        if zone_slug not in zones:
            continue
        room = db.session.scalar(
            select(Room).where(Room.zone_id == zones[zone_slug].id, Room.slug == slug)
        )
        if room is None:
            room = room_services.create_zone_room(
                people[conversation[0][0]], zone_slug, {"slug": slug, "name": name}
            )
        for n, (username, body) in enumerate(conversation):
            services.send_message(people[username], room.id, body, f"demo-{zone_slug}-{slug}-{n}")
            count += 1
    return count
