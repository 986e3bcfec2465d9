"""Evaluation of summaries against hand labels (``gold.json``)."""
