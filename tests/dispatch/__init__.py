"""Tests of monthly dispatch: metrics, workflow, pages and API."""
