from .claims import Claim, Stance
from .events import Event
from .parties import MAX_DEPTH, Party, Topic
from .publishing import Precision, Status
from .rules import ConcurrentEdit, PublishingRefused, acting_as
from .statements import Correction, Denial, Statement

__all__ = [
    "MAX_DEPTH",
    "Claim",
    "ConcurrentEdit",
    "Correction",
    "Denial",
    "Event",
    "Party",
    "Precision",
    "PublishingRefused",
    "Stance",
    "Statement",
    "Status",
    "Topic",
    "acting_as",
]
