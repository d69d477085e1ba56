"""Fictional demo corpora packaged with praise, read through importlib.resources."""
