"""Work done away from a listener's request: pre-generation on ingest (pregen) and batch runs over
stored articles (batch)."""
