"""sagemaker-tui: a terminal UI for Amazon SageMaker training jobs."""

import logging

__version__ = "0.1.0"

# The app's warnings reach the user once, in its own words (a notification, or one prefixed line
# from a headless command); without a handler Python's last-resort one would also print every
# logged warning raw onto stderr (under the TUI, onto the screen). --debug adds the file handler.
logging.getLogger(__name__).addHandler(logging.NullHandler())
