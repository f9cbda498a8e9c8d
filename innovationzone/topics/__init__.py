"""Curated topics: curators gather wiki pages, blog posts and chat rooms around one theme."""
