"""Notifications: mentions, replies, comments and watched pages, delivered live over /chat."""
