"""What one running desk holds: its settings, reader pool, templates, form secret and the watch
topics file in use."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.templating import Jinja2Templates

from newswatch import config
from newswatch.desk.db import ReaderPool
from newswatch.desk.settings import DeskSettings
from newswatch.errors import NewswatchError
from newswatch.model import WatchTopic


@dataclass
class TopicsFile:
    """The watch topics in use, re-read when the file changes; a broken file is reported on the
    pages that need it, never a failed page."""

    path: Path = field(default_factory=config.topics_file)
    _stamp: float | None = None
    _topics: dict[str, WatchTopic] = field(default_factory=dict)
    error: str | None = None

    def current(self) -> dict[str, WatchTopic]:
        from newswatch.alerts.topics import load_topics

        try:
            stamp = os.stat(self.path).st_mtime
        except OSError:
            self._topics, self.error, self._stamp = {}, f"{self.path}: no such file", None
            return self._topics
        if stamp != self._stamp:
            try:
                self._topics = {t.name: t for t in load_topics(self.path).topics}
                self.error = None
            except NewswatchError as e:
                self._topics, self.error = {}, str(e).splitlines()[0]
            self._stamp = stamp
        return self._topics


@dataclass
class Desk:
    settings: DeskSettings
    pool: ReaderPool
    templates: Jinja2Templates
    secret: str  # signs the forms' CSRF tokens
    topics: TopicsFile
    _url: str | None = None

    def database_url(self) -> str:
        if self._url is None:
            self._url = self.settings.resolve_url()
        return self._url


def desk_of(request) -> Desk:
    return request.app.state.desk
