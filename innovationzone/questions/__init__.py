"""Questions with a named person answerable for them, answers, acceptance and escalation."""
