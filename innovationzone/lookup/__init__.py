"""Search-as-you-type for pickers: people by name, and content a topic can gather."""
