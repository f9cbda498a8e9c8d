"""E-mail: notifications mailed instantly or as a daily digest, through an outbox and a worker."""
