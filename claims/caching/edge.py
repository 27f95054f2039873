"""The edge caches in front of the app (Varnish with varnish-modules' xkey, see
``deploy/varnish.vcl``): told, on every public change, which keys to purge.

A page rendered just before a change commits may reach the edge just after the purge; so each
purge is sent twice: at once, and again ``AGAIN_SECONDS`` later (longer than any page takes to
render under the database's statement timeout). A purge that fails is logged: the edge then
keeps the page until its time is up (an hour at most, see the VCL).

A change that only edited or added (see ``claims.models.public``) is purged softly: the edge
keeps the old copy and serves it while it fetches the new one, so no reader waits for a page
to be rendered. A change that withdrew something is purged at once: its old copies are gone.
"""

import logging
import threading
import urllib.error
import urllib.request

from django.conf import settings

from claims.models.public import EVERYTHING

logger = logging.getLogger(__name__)

AGAIN_SECONDS = 5.0
HEADER = "xkey"
PURGE_HEADERS = {False: "xkey-purge", True: "xkey-softpurge"}  # by softness


def edge_keys(keys):
    """What the ``xkey`` header of a page that shows ``keys`` says: every page also answers
    to ``EVERYTHING``."""
    return " ".join(sorted({EVERYTHING, *keys}))


def purge(keys, soft=False, again=True):
    """Purge ``keys`` at every edge now (and once more, shortly); ``soft``: keep the old
    copies to serve while the new ones are fetched."""
    if not settings.NEWSDESK_EDGE_PURGE_URLS:
        return
    named = " ".join(sorted(set(keys)))
    for url in settings.NEWSDESK_EDGE_PURGE_URLS:
        _send(url, named, soft)
    if again:
        timer = threading.Timer(
            AGAIN_SECONDS, purge, args=(keys,), kwargs={"soft": soft, "again": False}
        )
        timer.start()  # not a daemon: a shell or a command that saved waits for it to exit


def _send(url, named, soft):
    request = urllib.request.Request(
        url + "/", method="PURGE", headers={PURGE_HEADERS[soft]: named}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            response.read()
    except (urllib.error.URLError, OSError) as error:
        logger.warning("Could not purge %s at the edge %s: %s", named, url, error)


def purge_on_change(sender=None, version=None, keys=(EVERYTHING,), withdrawn=True, **kwargs):
    """A receiver of ``public_content_changed``."""
    purge(keys, soft=not withdrawn)
