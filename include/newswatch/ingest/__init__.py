"""Ingestion: the feed list, poll scheduling and shards, HTTP fetch, full text, parsing (RSS/Atom and
JSON Feed), normalisation into articles, language identification, and the poll stage."""
