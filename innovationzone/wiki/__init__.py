"""The wiki: Markdown pages per zone with history, merges, backlinks and attachments."""
