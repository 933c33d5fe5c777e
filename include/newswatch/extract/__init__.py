"""Event extraction: article text -> dated, located, attributed PLOVER events (rules, no model).

``extract_events`` is the entry point (``extract_many`` codes a batch of articles, parsing their
sentences together); dictionaries ship in ``newswatch/data/extract`` (hand-curated
YAML, plus PETRARCH2 actors and CAMEO verbs converted to JSON, MIT notice in LICENSE.petrarch2) and
analysts add their own in the directory named by ``NEWSWATCH_DICTIONARY_DIR``. ``newswatch extract``
and ``newswatch timex`` (``commands.py``) run it over files.
"""

from .coder import EXTRACTOR_VERSION, extract_events, extract_many
from .dictionaries import DICTIONARY_DIR_ENV, DictionaryError
from .sentences import Sentence, split_sentences
from .timex import Timex, find_timexes

__all__ = [
    "DICTIONARY_DIR_ENV",
    "EXTRACTOR_VERSION",
    "DictionaryError",
    "Sentence",
    "Timex",
    "extract_events",
    "extract_many",
    "find_timexes",
    "split_sentences",
]
