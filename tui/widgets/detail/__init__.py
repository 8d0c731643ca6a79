"""Widgets of the job detail screen: the header and one module per tab.

Each tab module keeps its content-building in plain functions of a ``JobView`` and a
``RenderContext`` returning Rich renderables, so they can be tested (and fuzzed) without an app;
the Textual widgets around them only place and update those renderables.
"""
