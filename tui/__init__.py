"""sagemaker-tui: a terminal UI for Amazon SageMaker training jobs."""

__version__ = "0.1.0"

# Loggers come from tui.log, which gives the package its NullHandler (and costs a headless command
# answered from the cache nothing: it never imports logging).
