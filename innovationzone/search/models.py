from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from innovationzone.db import utcnow
from innovationzone.extensions import Model


class SearchOutbox(Model):
    """Objects whose search entry must be refreshed, written in the same transaction as the change.

    A crash between commit and indexing loses nothing: the row waits for the next drain.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
