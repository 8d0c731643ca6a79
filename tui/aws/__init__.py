"""The SageMaker data layer: boto3 client construction, typed errors, paging, call counting.

Nothing under this package may import textual (a test enforces it): the headless commands use it too.
"""
