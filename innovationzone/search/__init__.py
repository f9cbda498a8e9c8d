"""Full-text search behind one interface: SQLite FTS5 embedded (Whoosh as an option), PostgreSQL
full-text when scaled out."""
