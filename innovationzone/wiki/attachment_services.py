"""Files attached to pages, stored under IZ_DATA_DIR with random names.

Only an allow-list of types is accepted. Images must really be images (their first bytes are
checked) and are the only files shown inline; everything else, SVG included (it can carry
script), is served as a download with a neutral type, so no upload ever runs in our origin.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.utils import secure_filename

from innovationzone.accounts.models import User
from innovationzone.db import utcnow, write_transaction
from innovationzone.errors import NotFound, TooLarge, ValidationError
from innovationzone.events import on_commit
from innovationzone.extensions import db
from innovationzone.permissions import WRITE, require
from innovationzone.wiki.models import Attachment
from innovationzone.wiki.queries import get_page

IMAGES = {  # extension: (Content-Type, accepted first bytes)
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", (b"RIFF",)),
}
DOWNLOADS = {  # Werkzeug adds "; charset=utf-8" to text/* itself
    "pdf": "application/pdf",
    "txt": "text/plain",
    "md": "text/plain",
    "csv": "text/csv",
    "zip": "application/zip",
    "svg": "application/octet-stream",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def storage_dir() -> Path:
    """Where attachment files live (under IZ_DATA_DIR, outside the static folder, so every
    download passes the permission check)."""
    folder = Path(current_app.config["IZ_DATA_DIR"]) / "wiki-files"
    folder.mkdir(exist_ok=True)
    return folder


def clean_filename(raw: str) -> tuple[str, str]:
    """(safe file name, lowercased extension), or a ValidationError naming the allowed types."""
    name = secure_filename(raw or "")[-150:]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in IMAGES and extension not in DOWNLOADS:
        allowed = ", ".join(sorted({*IMAGES, *DOWNLOADS}))
        raise ValidationError(
            _l("Files of this type cannot be attached. Allowed: %(allowed)s.", allowed=allowed),
            field="file",
        )
    return name, extension


def _read_limited(stream: IO[bytes]) -> bytes:
    limit = current_app.config.get("WIKI_MAX_ATTACHMENT_BYTES", 10_000_000)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(_l("Attachments are limited to %(mb)s MB.", mb=limit // 1_000_000))
    return data


def attach(user: User, zone_slug: str, path: str, filename: str, stream: IO[bytes]) -> Attachment:
    """Adds a file to the page, replacing one of the same name."""
    page = get_page(user, zone_slug, path)
    require(user, WRITE, page)
    name, extension = clean_filename(filename)
    data = _read_limited(stream)
    if extension in IMAGES and not data.startswith(IMAGES[extension][1]):
        raise ValidationError(
            _l("This file is not a real .%(extension)s image.", extension=extension), field="file"
        )
    stored = uuid.uuid4().hex
    (storage_dir() / stored).write_bytes(data)
    with write_transaction() as session:
        attachment = session.scalar(
            select(Attachment).where(Attachment.page_id == page.id, Attachment.filename == name)
        )
        if attachment is None:
            attachment = Attachment(
                page_id=page.id, filename=name, stored_name=stored, size=len(data)
            )
            session.add(attachment)
        else:
            old = storage_dir() / attachment.stored_name
            on_commit(lambda: old.unlink(missing_ok=True))
            attachment.stored_name, attachment.size = stored, len(data)
        attachment.uploaded_by_id, attachment.created_at = user.id, utcnow()
    return attachment


def open_attachment(
    user: User, zone_slug: str, path: str, name: str
) -> tuple[Attachment, Path, str, bool]:
    """(attachment, file on disk, Content-Type, inline?) for serving a download."""
    page = get_page(user, zone_slug, path)
    attachment = db.session.scalar(
        select(Attachment).where(Attachment.page_id == page.id, Attachment.filename == name)
    )
    if attachment is None:
        raise NotFound(_l("No such attachment."))
    file = storage_dir() / attachment.stored_name
    if not os.path.exists(file):
        raise NotFound(_l("No such attachment."))
    extension = name.rsplit(".", 1)[-1].lower()
    if extension in IMAGES:
        return attachment, file, IMAGES[extension][0], True
    return attachment, file, DOWNLOADS.get(extension, "application/octet-stream"), False
