from claims.models.claims import Claim, Stance
from claims.models.comment_requests import CommentRequest
from claims.models.events import Event
from claims.models.parties import MAX_DEPTH, Party, Topic
from claims.models.public import PublicState, one_public_change
from claims.models.publishing import Precision, Status
from claims.models.reference import Conduit, DataLicence, Spelling
from claims.models.review import ReviewEntry, ReviewState
from claims.models.rules import ConcurrentEdit, PublishingRefused, acting_as
from claims.models.staff import StaffProfile
from claims.models.statements import Correction, Denial, Statement
from claims.models.stats import DenialTally, EventStats, PartyStats

__all__ = [
    "MAX_DEPTH",
    "Claim",
    "CommentRequest",
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
    "ReviewEntry",
    "ReviewState",
    "Spelling",
    "StaffProfile",
    "Stance",
    "Statement",
    "Status",
    "Topic",
    "acting_as",
    "one_public_change",
]
