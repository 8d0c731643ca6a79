"""Typed views and derived figures over raw SageMaker responses. Pure: no textual, no boto3 calls."""
