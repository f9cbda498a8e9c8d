"""Administration: users, departments, all zones, and the audit log of admin and curator actions."""
