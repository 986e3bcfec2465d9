"""The evidence rules: how strong the main deal claim is, from who says it, its status and its hedges.

Pure code, no model. The grade is the contract's NATO/Admiralty scale; the table (also in the README):

| case (first that applies)                                        | grade            |
| ---------------------------------------------------------------- | ---------------- |
| no deal found                                                    | cannot_be_judged |
| status denied, and only unnamed sources or outlets back the deal | improbable       |
| status denied                                                    | doubtful         |
| both sides speak on the record, or state it jointly (a joint     | confirmed        |
| statement, declaration or memorandum of both in the title or lead) |                  |
| one side, or an on-record official or government body            | probably_true    |
| only unnamed sources, other outlets or documents                 | possibly_true    |
| no source at all                                                 | possibly_true    |

A hedge (allegedly, reportedly, unconfirmed, ...) in the sentence that states the status moves a grade above
possibly_true one step down.
"""

from __future__ import annotations

from dataclasses import dataclass

GRADES = ("confirmed", "probably_true", "possibly_true", "doubtful", "improbable")
_ON_RECORD_KINDS = {"official", "government_body"}
_WEAK_KINDS = {"anonymous", "news_media", "document"}


@dataclass(frozen=True)
class SourceFact:
    """What the rules need to know of one source."""

    name: str
    kind: str
    on_record: bool
    is_party: bool  # the source is a side of the deal, or speaks for one


@dataclass(frozen=True)
class Grade:
    strength: str
    rationale: str


def grade_evidence(
    *, has_deal: bool, status: str, sources: list[SourceFact], hedges: list[str], sides: int = 2, joint: bool = False
) -> Grade:
    """The evidence grade and a one-sentence rationale, by the table in this module's docstring."""
    if not has_deal:
        return Grade("cannot_be_judged", "The article reports no deal, so there is no deal claim to judge.")
    parties = {s.name for s in sources if s.is_party and s.on_record}
    official = [s for s in sources if not s.is_party and s.on_record and s.kind in _ON_RECORD_KINDS]
    weak = [s for s in sources if s.kind in _WEAK_KINDS or not s.on_record]
    if status == "denied":
        if not official and not parties:
            return Grade("improbable", "The deal is denied and only unnamed sources or other outlets report it.")
        return Grade("doubtful", "The deal is reported on the record but denied.")
    if len(parties) >= sides:
        grade, why = "confirmed", "Both sides of the deal speak to it on the record."
    elif joint:
        grade, why = "confirmed", "The sides state the deal together, on the record (a joint statement)."
    elif parties:
        grade, why = "probably_true", f"{_names(parties)} speaks to the deal on the record; the other side does not."
    elif official:
        who = _names({s.name for s in official})
        grade, why = "probably_true", f"On-record claim by {who}, not confirmed by either side."
    elif weak:
        grade, why = "possibly_true", "The claim rests on unnamed sources, other outlets or documents."
    else:
        grade, why = "possibly_true", "The article attributes the claim to no source."
    if hedges and GRADES.index(grade) < GRADES.index("possibly_true"):
        grade = GRADES[GRADES.index(grade) + 1]
        why += f" The text hedges it ({', '.join(dict.fromkeys(hedges))})."
    return Grade(grade, why)


def _names(names: set[str]) -> str:
    ordered = sorted(names)
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " and " + ordered[-1]
