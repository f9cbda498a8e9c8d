"""People: accounts, login sessions, API tokens, the first-admin setup."""
