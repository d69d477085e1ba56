"""The shared kernel: record types, errors, ISO weeks, settings and the source registry.

It imports nothing of ours, so every other package may import it and no arrow points back up.
"""
