from .claims import Claim, Stance
from .events import Event
from .parties import MAX_DEPTH, Party, Topic
from .publishing import Precision, Status
from .statements import Correction, Denial, Statement

__all__ = [
    "MAX_DEPTH",
    "Claim",
    "Correction",
    "Denial",
    "Event",
    "Party",
    "Precision",
    "Stance",
    "Statement",
    "Status",
    "Topic",
]
