"""Offline classification of posts: language, sentiment, praise, irony and topics.

Pure: text in, labels and scores out; nothing here imports storage, reports, flows or collectors.
Start with :class:`analysis.classifier.Classifier`; the shipped weights and their model card are in
``analysis/models/``.
"""
