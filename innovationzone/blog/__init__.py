"""Blogs: posts in a zone, threaded comments, reactions, mentions and Atom feeds."""
