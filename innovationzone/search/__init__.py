"""Full-text search behind one interface: Whoosh embedded, PostgreSQL full-text when scaled out."""
