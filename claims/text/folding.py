"""Text folded for comparison: lower case, no accents ("Céréales" → "cereales", "Kyïv" → "kyiv").

One definition for search (``models/search.py``, ``models/reference.py``), the highlighting of
search terms (``marking.py``) and article intake (``intake/naming.py``).
"""

import unicodedata


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
