"""Screening: article validation (great-expectations), exact and near-duplicate detection, feed batch
quality checks, and the screen stage that gives each discovered article one verdict."""
