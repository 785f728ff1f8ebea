"""The Textual-free core: record model, loading, validation, query, index and citation.

Nothing under this package may import textual, rich, httpx or subprocess; a test enforces it.
"""
