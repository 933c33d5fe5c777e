"""Great-expectations Data Docs for one run, built on demand (``newswatch validation-report``).

The verdicts are events (ArticleRejected with each failed expectation, ArticleBatchValidated with
each GX run's summary, FeedBatchValidated with each feed's batch statistics). This command
re-runs the same suites, as code, over exactly what the run judged (the articles as discovered,
the run's reference time, the feeds' recorded statistics) in a file-backed GX project under the
output directory, and renders its Data Docs there, so an engineer can look at a run's quality in
a browser. Nothing is written to the store.

The pages work offline: GX points them at CDNs (bootstrap, jQuery, bootstrap-table, Font Awesome),
which an air-gapped desk cannot reach, and its index table is drawn by those scripts, so the page
would stay blank. ``make_offline`` copies the vendored copies (``newswatch/data/datadocs``) next
to the pages and rewrites every reference to them.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newswatch import events as ev
from newswatch.errors import NewswatchError
from newswatch.model import Article
from newswatch.store import EventStore


@dataclass(frozen=True, slots=True)
class Report:
    index: Path  # the Data Docs site's index.html
    run_id: str
    batches: int
    articles: int
    feeds: int
    # Recorded (accepted, rejected) vs re-validated: equal unless the suite changed since.
    recorded: tuple[int, int]
    revalidated: tuple[int, int]


def latest_run(store: EventStore) -> str | None:
    with store.transaction() as cur:
        cur.execute("SELECT run_id FROM newswatch.proj_validation_runs ORDER BY validated_at DESC, run_id DESC LIMIT 1")
        row = cur.fetchone()
    return row[0] if row else None


def build_report(store: EventStore, run_id: str, output: Path) -> Report:
    """Render Data Docs for ``run_id`` under ``output``; raises NewswatchError for an unknown run."""
    batches = [e.data for e in store.read_stream(ev.validation_stream(run_id))
               if e.type == ev.ARTICLE_BATCH_VALIDATED]
    feeds = _feed_batches(store, run_id)
    if not batches and not feeds:
        raise NewswatchError(f"no validation results recorded for run {run_id!r}")

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    from newswatch.screen import feed_quality, validation

    validation.quiet_gx_logging()
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.data_context.types.base import ProgressBarsConfig

    output.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(output))
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_or_update_pandas(name="newswatch")

    def suite_for(name: str, checks: Any) -> Any:
        suite = gx.ExpectationSuite(name=name)
        for expectation in validation.expectations_for(checks):
            suite.add_expectation(expectation)
        return context.suites.add_or_update(suite)

    def validate(asset: str, suite: Any, label: str, frame: Any, parameters: dict) -> Any:
        names = {a.name for a in source.assets}
        data = source.get_asset(asset) if asset in names else source.add_dataframe_asset(name=asset)
        batch_def = data.add_batch_definition_whole_dataframe(name=label)
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=label, data=batch_def, suite=suite))
        checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(
            name=label, validation_definitions=[definition], actions=[UpdateDataDocsAction(name="data_docs")],
            result_format={"result_format": "COMPLETE"}))
        return checkpoint.run(batch_parameters={"dataframe": frame}, expectation_parameters=parameters)

    recorded = [0, 0]
    revalidated = [0, 0]
    articles = 0
    if batches:
        suite = suite_for(validation.SUITE_NAME, validation.CHECKS)
        for n, batch in enumerate(batches, 1):
            judged = _articles(store, batch["article_ids"])
            frame = validation.articles_frame(judged)
            now = datetime.fromisoformat(batch["validated_at"])
            result = validate("articles", suite, f"{run_id} articles batch {n}", frame,
                              validation.suite_parameters(now))
            bad = set()
            for outcome in result.run_results.values():
                for r in outcome.results:
                    bad.update(r.result.get("unexpected_index_list") or [])
            articles += len(judged)
            recorded[0] += batch["statistics"]["accepted"]
            recorded[1] += batch["statistics"]["rejected"]
            revalidated[0] += len(judged) - len(bad)
            revalidated[1] += len(bad)
    if feeds:
        import pandas as pd

        suite = suite_for(feed_quality.SUITE_NAME, feed_quality.CHECKS)
        frame = pd.DataFrame(
            {c: pd.Series([f["statistics"].get(c) for f in feeds], dtype=object) for c in feed_quality.COLUMNS},
            index=pd.RangeIndex(len(feeds)))
        validate("feed_batches", suite, f"{run_id} feed batches", frame, {})
    site = context.build_data_docs()
    index = Path(next(iter(site.values())).removeprefix("file://"))
    make_offline(index.parent)
    return Report(index, run_id, len(batches), articles, len(feeds), tuple(recorded), tuple(revalidated))


def _articles(store: EventStore, ids: list[str]) -> list[Any]:
    with store.transaction() as cur:
        cur.execute(
            """SELECT a.article_id::text, e.data FROM newswatch.proj_articles a
               JOIN newswatch.events e ON e.global_position = a.discovered_position
               WHERE a.article_id = ANY(%s::uuid[])""",
            (ids,),
        )
        found = dict(cur.fetchall())
    # In the batch's own order, so row numbers in the docs match the recorded batch.
    return [Article.from_data(found[i]) for i in ids if i in found]


def _feed_batches(store: EventStore, run_id: str) -> list[dict]:
    with store.transaction() as cur:
        cur.execute(
            """SELECT data FROM newswatch.events WHERE type = %s AND data ->> 'run_id' = %s
               ORDER BY global_position""",
            (ev.FEED_BATCH_VALIDATED, run_id),
        )
        return [row[0] for row in cur.fetchall()]


VENDORED = Path(__file__).resolve().parents[1] / "data" / "datadocs"
# The last part of each CDN URL GX's templates use -> the vendored file under static/vendor/.
_ASSETS = {
    "jquery-3.7.1.min.js": "jquery.min.js",
    "bootstrap.min.css": "bootstrap.min.css",
    "bootstrap.min.js": "bootstrap.min.js",
    "popper.min.js": "popper.min.js",
    "bootstrap-table.min.js": "bootstrap-table.min.js",
    "bootstrap-table.min.css": "bootstrap-table.min.css",
    "bootstrap-table-filter-control.min.js": "bootstrap-table-filter-control.min.js",
    "bootstrap-table-filter-control.css": "bootstrap-table-filter-control.min.css",
    "bootstrap-table-filter-control.min.css": "bootstrap-table-filter-control.min.css",
    "bootstrap-datepicker.min.js": "bootstrap-datepicker.min.js",
    "bootstrap-datepicker.min.css": "bootstrap-datepicker.min.css",
    "all.min.css": "fontawesome/css/all.min.css",
    "bootstrap-prefers-dark.css": "bootstrap-prefers-dark.min.css",
}
# GX's logo comes from its web-assets bucket; the site ships the same logo in static/images.
_LOGOS = ("logo-long.png", "full_logo_dark.png")
# Charts only (distribution expectations, which newswatch's suites do not use): not vendored.
_DROPPED = ("/vega@", "/vega-lite@", "/vega-embed@")
_TAG = re.compile(r"<(script|link|img)\b[^>]*?\b(?:src|href)=\"(https?://[^\"]+)\"[^>]*>(\s*</script>)?", re.I)
_CSS_URL = re.compile(r"url\((['\"]?)(https?://[^)'\"]+)\1\)")
_CDN_ONLY_ATTRIBUTES = re.compile(r'\s(?:integrity|crossorigin)="[^"]*"')


class OfflineRewriteError(NewswatchError):
    """A Data Docs page refers to a remote asset that has no vendored copy."""


def make_offline(site: Path) -> None:
    """Point every page and stylesheet of the Data Docs ``site`` at local copies of its assets."""
    vendor = site / "static" / "vendor"
    shutil.copytree(VENDORED, vendor, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    logo = site / "static" / "images" / "logo-long.png"
    # Pages carry inline <style> blocks too, so both kinds of file get both rewrites. Links
    # (<a href>) to GX's web site stay: they load nothing.
    for file in [*site.rglob("*.html"), *(site / "static" / "styles").glob("*.css")]:
        text = _TAG.sub(lambda m, f=file: _local_tag(m, f, vendor, logo), file.read_text())
        text = _CSS_URL.sub(lambda m, f=file: f"url({m.group(1)}{_local(m.group(2), f, vendor, logo)}{m.group(1)})",
                            text)
        file.write_text(text)


def _local(url: str, referrer: Path, vendor: Path, logo: Path) -> str:
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    if name in _ASSETS:
        target = vendor / _ASSETS[name]
    elif name in _LOGOS:
        target = logo
    else:
        raise OfflineRewriteError(f"Data Docs page {referrer.name} loads {url}, which has no offline copy")
    return os.path.relpath(target, referrer.parent)


def _local_tag(match: re.Match, page: Path, vendor: Path, logo: Path) -> str:
    tag, url = match.group(0), match.group(2)
    if any(marker in url for marker in _DROPPED):
        return ""
    # Subresource-integrity hashes and CORS modes belong to the CDN copies; a local file needs neither.
    return _CDN_ONLY_ATTRIBUTES.sub("", tag.replace(url, _local(url, page, vendor, logo)))
