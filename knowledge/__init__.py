"""GEMMA knowledge: concept cards, reference data, ingestion, index and retrieval.

This package never imports ``assistant`` or ``ui``: it returns passages and references,
and the core maps them into the process model.
"""
