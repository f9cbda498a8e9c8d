"""Freshness: pages and topics with a review interval and a named owner who vouches for them."""
