"""The period in which the documents support a certification as in force, from what they state.

A decision is in force on a day only when a document supports it: the decision was surely taken by then, and
either a document states it in force on that day or later, or its validity (stated by its source, or derived from
its scheme's rule) surely still ran. Past the last such day, the site says "no later information", never
"in force"; past the latest day its validity can end, the validity has ended.

Dates are ``PartialDate``s ("avril 2018" runs from 1 to 30 April): the period is built from their bounds, so that
an imprecise date never stretches it. Pure functions: ``Certification.refresh_validity`` stores their result,
and ``CertificationQuerySet.with_standing_on`` reads the stored days.
"""

import dataclasses
import datetime

from unicancer_site.core.dates import PartialDate


@dataclasses.dataclass(frozen=True)
class SupportedPeriod:
    """What the documents support about one decision, in days.

    ``known_from``: the earliest day a document can place the decision (before it, the site knows nothing of it).
    ``in_force_from`` .. ``in_force_until``: the days on which the documents support it in force (empty when
    ``in_force_from`` > ``in_force_until``). ``validity_ends_from`` .. ``validity_ends_by``: the earliest and
    latest day its validity can end, None when no document gives the validity.
    """

    known_from: datetime.date
    in_force_from: datetime.date
    in_force_until: datetime.date
    validity_ends_from: datetime.date | None
    validity_ends_by: datetime.date | None


def validity_end(
    *, decided: PartialDate | None, stated_end: PartialDate | None, years: int | None
) -> PartialDate | None:
    """When the validity ends, as precisely as the documents allow: the stated end, else the decision plus the
    validity's duration in years (stated, or the scheme's rule), else None."""
    if stated_end is not None:
        return stated_end
    if decided is not None and years:
        return decided.add_years(years)
    return None


def supported_period(
    *,
    decided: PartialDate | None,
    visited: PartialDate | None,
    statements: list[PartialDate],
    stated_end: PartialDate | None,
    years: int | None,
) -> SupportedPeriod:
    """The days the documents support a decision in force.

    ``decided``: when the decision was taken; ``visited``: the assessment visit, which came before it;
    ``statements``: the dates on which documents state it in force; ``stated_end``: the end of its validity as its
    source states it; ``years``: its validity's duration (stated by the source or the scheme's rule).
    Raises ValueError when there is neither a decision date nor a statement (the model requires one).
    """
    if decided is None and not statements:
        raise ValueError("A decision needs its date or a date on which a document states it in force.")
    points = [decided, *statements] if decided is not None else list(statements)
    # Surely taken (and in force) by the end of the earliest dated period; at least until the start of the latest.
    in_force_from = min(point.last_day for point in points)
    known_from = min(point.first_day for point in points)
    # The decision came after the visit and cannot come after the first day it is surely in force.
    earliest_decision = decided.first_day if decided else (visited.first_day if visited else None)
    latest_decision = min(decided.last_day, in_force_from) if decided else in_force_from

    ends_from = ends_by = None
    if stated_end is not None:
        ends_from, ends_by = stated_end.first_day, stated_end.last_day
    elif years:
        ends_by = PartialDate(latest_decision).add_years(years).first_day
        if earliest_decision is not None:
            ends_from = PartialDate(earliest_decision).add_years(years).first_day
    in_force_until = max([point.first_day for point in points] + ([ends_from] if ends_from else []))
    return SupportedPeriod(
        known_from=known_from,
        in_force_from=in_force_from,
        in_force_until=in_force_until,
        validity_ends_from=ends_from,
        validity_ends_by=ends_by,
    )
