"""What the model layer announces; the layers above listen (they are never imported here).

* ``public_content_changing`` — sent inside the write's transaction, once per public change
  (once per ``one_public_change`` batch), with the ids of the ``parties`` and ``events`` whose
  public figures it can move (``ALL``: any). The maintained figures listen
  (``claims/models/stats.py``), so they change in the same transaction as the content.
* ``public_content_changed`` — sent once the write has committed, with the new public
  ``version`` (``PublicState.public_version()``), the ``keys`` it changed and whether it
  ``withdrew`` anything (see ``claims/models/public.py``). The page cache and the edge
  listen (``claims/caching``), so no page that shows the change outlives it, and no other
  page is emptied.
* ``review_stepped`` — sent after a statement's or a denial's review entries are written, with
  the ``row`` and its new ``entries``; ``comment_request_saved`` — after a request for
  comment is saved, with the ``request``. The desk's e-mail alerts listen (``claims/alerts.py``).
"""

from django.dispatch import Signal

public_content_changing = Signal()  # parties, events
public_content_changed = Signal()  # version, keys, withdrawn
review_stepped = Signal()  # row, entries
comment_request_saved = Signal()  # request
