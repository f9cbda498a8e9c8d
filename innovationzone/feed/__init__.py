"""The home page's "what's new": wiki edits, posts, comments and chat highlights across zones."""
