from .claims import Claim, Stance
from .events import Event
from .parties import MAX_DEPTH, Party, Topic
from .public import PublicState, one_public_change
from .publishing import Precision, Status
from .reference import Conduit, DataLicence, Spelling
from .rules import ConcurrentEdit, PublishingRefused, acting_as
from .statements import Correction, Denial, Statement
from .stats import DenialTally, EventStats, PartyStats

__all__ = [
    "MAX_DEPTH",
    "Claim",
    "Conduit",
    "DataLicence",
    "ConcurrentEdit",
    "Correction",
    "Denial",
    "DenialTally",
    "Event",
    "EventStats",
    "Party",
    "PartyStats",
    "Precision",
    "PublicState",
    "PublishingRefused",
    "Spelling",
    "Stance",
    "Statement",
    "Status",
    "Topic",
    "acting_as",
    "one_public_change",
]
