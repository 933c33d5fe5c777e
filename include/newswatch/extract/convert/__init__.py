"""Converters from public dictionaries (PETRARCH2 actors and CAMEO verbs) into newswatch's data files."""
