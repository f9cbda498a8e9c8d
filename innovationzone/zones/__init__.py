"""Innovation zones: the spaces where departments meet, public or private."""
