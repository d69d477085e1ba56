"""The fictional X demo corpus (`corpus.json`) and the script that writes it (`generate.py`)."""
