"""The persistent describe/list cache: SQLite storage, exact codec, scopes and refresh policy.

No textual import here (checked by the layering test); see :mod:`tui.cache.store` to start.
"""
