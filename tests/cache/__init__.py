"""Tests of the persistent cache (tui/cache)."""
