-- One row per great-expectations run over a batch of articles.
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.validation_runs AS
SELECT run_id, validated_at, suite, articles, accepted, rejected, evaluated, unsuccessful,
       batch_failures, batch_id
FROM newswatch.proj_validation_runs;

COMMENT ON VIEW newswatch.validation_runs IS 'One row per great-expectations run over a batch of articles.';
