"""The home page: gathers the feed with what topics, questions and reviews ask of the reader.

Its own package, above the features it gathers, because the feed itself sits below the content
features that record into it and so may not ask them anything."""
