"""`praise review`: the web workspace where people approve the digest, curate highlights and read the report."""
