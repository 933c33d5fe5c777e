"""Tests that start a real Airflow scheduler (marked `scheduler`)."""
