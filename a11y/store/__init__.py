"""Where articles, their narration scripts and their audio states are kept."""

from a11y.store.sqlite import AudioRecord, Store, StoredArticle

__all__ = ["AudioRecord", "Store", "StoredArticle"]
