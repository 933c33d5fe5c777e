"""Is a world event a new development for a watch topic, and why? Judged against everything the
topic knows about the event's story, however old: the topic's earlier alerts (each with the world
event's state it was raised on) and the earlier world events of the story that pass the topic's
filters (history recounted as background included: it is known, just not news).

A story is an event type between an actor pair (directed, or either order for symmetric types
such as CONSULT); AID and AGREE with a military context are one story, an arms transfer, so a
promise and its delivery are two stages of one story. What can make a report new, most important
first (PRECEDENCE; an alert keeps every kind that applied, its `novelty_kind` is the first):

  claim status          the story firms up to confirmed (alleged -> reported is not firming up);
                        with a topic's `alert_on_denials`, also a denial by an accused party
  stage change          an arms transfer moves on: planned -> agreed -> delivered (a suspected
                        delivery counts as a delivery: its firming up is the claim's business);
                        any other event: planned -> took place
  new weapon class      a weapon class never reported for the pair
  new supplier          arms for a known recipient from a supplier never seen with it
  new recipient         a known supplier's arms for a recipient never seen with it
  quantity escalation   a quantity at least ten times the largest reported before
  first report          nothing known about the story
  first in a long while nothing changed, but nothing was reported for `novelty_window_days`

Claim status, stage and quantity compare with the facts about the same transfer: for arms, those
that share a weapon class with the report (or name none); for other events, the same world event
or one dated within the quiet spell of it (a summit planned for June and the June summit).
Not new: history recounted as background (the event ended more than the quiet spell before it
was first reported), and a repeat (nothing changed and the story was reported within the spell).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from newswatch import ontology
from newswatch.model import WatchTopic
from newswatch.worldevents.same_event import (
    CLAIM_RANK,
    SYMMETRIC_TYPES,
    actor_pair,
    confirmed_classes,
    date_range,
    quantity_value,
    weapon_classes,
)

PRECEDENCE = ("claim status", "stage change", "new weapon class", "new supplier", "new recipient",
              "quantity escalation", "first report", "first in a long while")
# The kinds that introduce a story (or a world event) rather than say what changed in it.
_FIRST_KINDS = frozenset({"new supplier", "new recipient", "first report", "first in a long while"})
ARMS_TYPES = ontology.shipped().arms_transfer_types
ARMS_CONTEXT = ontology.shipped().arms_transfer_context
# Novelty's own stage order: a suspected delivery is a delivery whose claim is not yet firm.
_ARMS_STAGES = {"planned": 0, "agreed": 1, "delivered": 2}
_EVENT_STAGES = {"planned": 0, "took place": 1}
ESCALATION = 10  # an order of magnitude


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing a topic knows about a story: an earlier alert (the state it was raised on) or an
    earlier world event (its current state)."""

    kind: str  # "alert" | "world event"
    id: str  # the alert's or the world event's id
    world_event_id: str
    event_type: str
    actor1_code: str
    actor2_code: str | None
    contexts: tuple[str, ...]
    event_date: date
    date_precision: str
    date_basis: str
    claim_status: str
    claimed_by: str | None
    stage: str | None
    weapon_classes: tuple[str, ...]
    quantity: str | None
    denied_by: tuple[str, ...]
    at: datetime  # when it was last known: the alert raised, the world event last reported
    first_reported_at: datetime | None = None  # the world event's first report (None: unknown)
    novelty_kind: str | None = None  # an alert's
    confirmed_classes: tuple[str, ...] = ()  # the weapon classes a report has confirmed

    @property
    def deniers(self) -> set[str]:
        """Accused parties known to deny the story in this fact."""
        own = {self.claimed_by} if self.claim_status == "denied" and self.claimed_by else set()
        return set(self.denied_by) | own

    def describe(self) -> str:
        if self.kind == "alert":
            return f"alert {self.id} ({self.novelty_kind or 'new'}, raised {self.at.date()})"
        return f"world event {self.id} ({self.claim_status}, last reported {self.at.date()})"


@dataclass(frozen=True, slots=True)
class Novelty:
    """Why a world event is a new development for a topic."""

    kind: str  # the most important of reasons (PRECEDENCE)
    reason: str  # readable, one line
    key: str = ""  # which development of the world event this is ("" for its first alert)
    reasons: tuple[str, ...] = ()  # every kind that applied, most important first


@dataclass(frozen=True, slots=True)
class Judgement:
    """A topic's decision on a world event: a development (``novelty``), or why not."""

    novelty: Novelty | None
    outcome: str  # "alerted" | "repeat" | "background"
    explanation: str
    repeat_of: tuple[Fact, ...] = ()


# -- facts -------------------------------------------------------------------------------------

def is_arms(event_type: str, contexts: Sequence[str] | None) -> bool:
    return event_type in ARMS_TYPES and ARMS_CONTEXT in (contexts or ())


def story_key(event_type: str, contexts: Sequence[str] | None, actor1: str | None,
              actor2: str | None) -> tuple[str, str, str]:
    """The story an event belongs to: its type (an arms transfer for AID/AGREE military) and pair."""
    family = "arms" if is_arms(event_type, contexts) else event_type
    return (family, *actor_pair(event_type, actor1, actor2))


def novelty_stage(event_type: str, claim_status: str, arms_stage: str | None,
                  contexts: Sequence[str] | None) -> str | None:
    """How far the event has gone, in novelty's terms (a promise is never a delivery)."""
    if is_arms(event_type, contexts):
        if arms_stage == "planned" or (claim_status == "planned" and event_type != "AGREE"):
            return "planned"
        if event_type == "AGREE":
            return "agreed"
        return "agreed" if arms_stage == "agreed" else "delivered"
    return "planned" if claim_status == "planned" else "took place"


def _stage_rank(stage: str) -> int:
    return _ARMS_STAGES.get(stage, _EVENT_STAGES.get(stage, -1))


def alert_state(event: Mapping[str, Any], denied_by: Sequence[str] = ()) -> dict[str, Any]:
    """The parts of a world event novelty compares, as recorded with each alert."""
    arms = event.get("arms") or {}
    contexts = list(event.get("contexts") or [])
    actor1, actor2 = event["actor1_code"], event.get("actor2_code")
    if is_arms(event["event_type"], contexts) and arms.get("supplier") and arms.get("recipient") \
            and {arms["supplier"], arms["recipient"]} == {actor1, actor2}:
        # an arms story runs from supplier to recipient, whoever signed ("Algeria signs a deal for
        # Russian jets" is Russia's transfer to Algeria)
        actor1, actor2 = arms["supplier"], arms["recipient"]
    return {"event_type": event["event_type"], "actor1_code": actor1,
            "actor2_code": actor2, "event_date": event["event_date"],
            "date_precision": event.get("date_precision"), "date_basis": event.get("date_basis"),
            "claim_status": event["claim_status"], "claimed_by": event.get("claimed_by"),
            "contexts": contexts, "transfer_stage": arms.get("stage"),
            "stage": novelty_stage(event["event_type"], event["claim_status"], arms.get("stage"), contexts),
            "weapon_classes": weapon_classes(arms), "quantity": arms.get("quantity"),
            "confirmed_classes": confirmed_classes(arms, event["claim_status"]),
            "denied_by": sorted(set(denied_by))}


def fact_from_world_event(row: Mapping[str, Any]) -> Fact:
    """A world event (a proj_world_events row) as a fact."""
    s = alert_state(row)
    return Fact("world event", str(row["world_event_id"]), str(row["world_event_id"]), s["event_type"],
                s["actor1_code"], s["actor2_code"], tuple(s["contexts"]), row["event_date"],
                row["date_precision"], row["date_basis"], s["claim_status"], s["claimed_by"], s["stage"],
                tuple(s["weapon_classes"]), s["quantity"], (), row["last_reported_at"], row["first_reported_at"],
                confirmed_classes=tuple(s["confirmed_classes"]))


def fact_from_alert(row: Mapping[str, Any]) -> Fact:
    """An alert as a fact: ``row`` has the alert's id, world event id, raised_at, novelty_kind and the
    recorded state's keys (alert_state; older alerts lack some, and take their world event's)."""
    contexts = tuple(row.get("contexts") or ())
    stage = row.get("stage") or novelty_stage(row["event_type"], row["claim_status"], row.get("transfer_stage"),
                                              contexts)
    day = row["event_date"]
    classes = tuple(row.get("weapon_classes") or ())
    kept = {"confirmed_classes": row["confirmed_classes"]} if "confirmed_classes" in row else {}
    confirmed = tuple(confirmed_classes({"weapon_classes": list(classes), **kept}, row["claim_status"]))
    return Fact("alert", str(row["alert_id"]), str(row["world_event_id"]), row["event_type"], row["actor1_code"],
                row.get("actor2_code"), contexts, day if isinstance(day, date) else date.fromisoformat(str(day)[:10]),
                row.get("date_precision") or "day", row.get("date_basis") or "text", row["claim_status"],
                row.get("claimed_by"), stage, classes, row.get("quantity"),
                tuple(row.get("denied_by") or ()), row["raised_at"], row.get("first_reported_at"),
                row.get("novelty_kind"), confirmed)


# -- the judgement -----------------------------------------------------------------------------

def event_latest(event: Mapping[str, Any]) -> date:
    """The last day the event can have happened on: the end of its date's range, of its stated
    period (``event_date_end``), or never for an open period ("since August", ``date_open``)."""
    if event.get("date_open"):
        return date.max
    _, latest = date_range(event["event_date"], event["date_precision"], event["date_basis"])
    end = event.get("event_date_end")
    return max(latest, end) if end else latest


def _near(f: Fact, me: Fact, window: timedelta) -> bool:
    lo1, hi1 = date_range(f.event_date, f.date_precision, f.date_basis)
    lo2, hi2 = date_range(me.event_date, me.date_precision, me.date_basis)
    return max(lo2 - hi1, lo1 - hi2, timedelta(0)) <= window


def _relevant(f: Fact, me: Fact, window: timedelta) -> bool:
    """Is ``f`` about the same transfer or occurrence as ``me`` (see the module docstring)?"""
    if f.world_event_id == me.world_event_id:
        return True
    if is_arms(me.event_type, me.contexts):
        return not f.weapon_classes or not me.weapon_classes or bool(set(f.weapon_classes) & set(me.weapon_classes))
    return _near(f, me, window)


def _who(me: Fact) -> str:
    arrow = "<->" if me.event_type in SYMMETRIC_TYPES else "->"
    what = "arms transfer" if is_arms(me.event_type, me.contexts) else me.event_type
    return f"{what} {me.actor1_code}{arrow}{me.actor2_code}" if me.actor2_code else f"{what} {me.actor1_code}"


def judge(topic: WatchTopic, event: Mapping[str, Any], facts: Sequence[Fact],
          denials: Sequence[str] = ()) -> Judgement:
    """The topic's decision on ``event`` (a proj_world_events row that passed its filters).

    ``facts``: what the topic knows, from before this decision: its alerts on the actors' stories
    (any age, this world event's own included) and earlier world events passing its filters that
    share an actor. ``denials``: accused parties that deny the event in its mentions."""
    window = timedelta(days=topic.novelty_window_days)
    first = event["first_reported_at"]
    latest = event_latest(event)
    if latest < first.date() - window:
        return Judgement(None, "background", f"history recounted as background: the event ended by {latest}, "
                                             f"{(first.date() - latest).days} days before its first report "
                                             f"({first.date()}; quiet spell {topic.novelty_window_days} days)")
    me = fact_from_world_event(event)
    key = story_key(me.event_type, me.contexts, me.actor1_code, me.actor2_code)
    # What was known before this event's first report (and what was alerted on it): facts from
    # the same report (another event coded from the same article, alerted a moment ago) make the
    # story known but are no baseline for a change.
    def known_before(f: Fact) -> bool:
        return f.world_event_id == me.world_event_id or f.first_reported_at is None or f.first_reported_at < first

    before = [f for f in facts if known_before(f)]
    story = [f for f in facts if story_key(f.event_type, f.contexts, f.actor1_code, f.actor2_code) == key]
    if not story and is_arms(me.event_type, me.contexts) and not me.actor2_code:
        # "tanks promised by Poland have arrived": a report that names one side of a transfer belongs
        # to the known transfers of that party in those weapons; it is news only if it changes them
        story = [f for f in facts if is_arms(f.event_type, f.contexts) and me.actor1_code in (f.actor1_code, f.actor2_code)
                 and (not f.weapon_classes or not me.weapon_classes or set(f.weapon_classes) & set(me.weapon_classes))]
    baseline = [f for f in story if known_before(f)]
    own = [f for f in story if f.kind == "alert" and f.world_event_id == me.world_event_id]
    found: list[tuple[str, str, str]] = []  # (kind, readable, key value)
    if baseline:
        found += _changes(topic, event, me, baseline, window, denials)
        if not found and not own and len(baseline) == len(story):
            last = max(baseline, key=lambda f: f.at)
            if last.at < first - window:
                found.append(("first in a long while", f"first report of the {_who(me)} since {last.at.date()} "
                              f"({(first - last.at).days} days; quiet spell {topic.novelty_window_days} days)", ""))
    elif not story:
        found += _newcomers(me, before)
        found.append(("first report", f"first report of the {_who(me)} for {topic.name}", ""))
    if not found:
        recent = tuple(sorted(story, key=lambda f: f.at, reverse=True)[:5])
        why = ("nothing new since this world event's alert" if own else
               f"nothing new, and the story was reported within the quiet spell ({topic.novelty_window_days} days)")
        return Judgement(None, "repeat", f"a repeat: {why}; known: {_known(story)}; latest: "
                                         + "; ".join(f.describe() for f in recent), recent)
    found.sort(key=lambda c: PRECEDENCE.index(c[0]))
    kinds = tuple(dict.fromkeys(c[0] for c in found))
    first_alert = not own and set(kinds) <= _FIRST_KINDS
    novelty = Novelty(kinds[0], "; ".join(c[1] for c in found),
                      "" if first_alert else "|".join(f"{k}={v}" for k, _, v in found if k not in _FIRST_KINDS),
                      kinds)
    return Judgement(novelty, "alerted", novelty.reason)


_PROMISED = frozenset(["agreed", "planned"])  # arms stages before anything moved


def _changes(topic: WatchTopic, event: Mapping[str, Any], me: Fact, story: Sequence[Fact],
             window: timedelta, denials: Sequence[str]) -> list[tuple[str, str, str]]:
    """What ``me`` changes in what the story knew."""
    out: list[tuple[str, str, str]] = []
    relevant = [f for f in story if _relevant(f, me, window)]
    # Firming up is about a report that something happened (alleged, reported, denied): a plan
    # that is confirmed moves on a stage, not a claim; so does a promise (an AGREE to supply is a
    # reported fact about the promise, not a report that the goods moved).
    claimed = [f for f in relevant if f.claim_status != "planned" and f.stage not in _PROMISED]
    if me.claim_status == "confirmed" and claimed and all(f.claim_status != "confirmed" for f in claimed):
        firmest = max(claimed, key=lambda f: CLAIM_RANK.get(f.claim_status, 0)).claim_status
        who = event.get("claimed_by_text") or event.get("claimed_by")
        out.append(("claim status", f"claim status: {firmest} -> confirmed" + (f" (by {who})" if who else ""),
                    "confirmed"))
    elif me.claim_status == "confirmed" and claimed and is_arms(me.event_type, me.contexts):
        # one transfer, several weapon classes: the shells confirmed long ago, the missiles alleged
        # since; a report confirming the missiles firms up the claim about them
        known = {w for f in claimed for w in f.confirmed_classes}
        reported = {w for f in claimed for w in f.weapon_classes}
        firmed = [w for w in me.confirmed_classes if w in reported and w not in known]
        if firmed:
            firmest = max((f.claim_status for f in claimed if set(f.weapon_classes) & set(firmed)),
                          key=lambda c: CLAIM_RANK.get(c, 0))
            who = event.get("claimed_by_text") or event.get("claimed_by")
            out.append(("claim status", f"claim status: {', '.join(firmed)} {firmest} -> confirmed"
                        + (f" (by {who})" if who else ""), "confirmed:" + ",".join(firmed)))
    if topic.alert_on_denials:
        accused = {me.actor1_code, me.actor2_code} - {None}
        deniers = (set(denials) | me.deniers) & accused
        fresh = sorted(deniers - {d for f in relevant for d in f.deniers})
        if fresh:
            out.append(("claim status", f"claim status: denied by {', '.join(fresh)}", "denied:" + ",".join(fresh)))
    staged = [f for f in relevant if f.stage and _stage_rank(f.stage) >= 0]
    if me.stage and staged:
        furthest = max(staged, key=lambda f: _stage_rank(f.stage or "")).stage or ""
        if _stage_rank(me.stage) > _stage_rank(furthest):
            out.append(("stage change", f"stage change: {furthest} -> {me.stage}", me.stage))
    known = {w for f in story for w in f.weapon_classes}
    added = [w for w in me.weapon_classes if w not in known]
    if added:
        out.append(("new weapon class", f"new weapon class: {', '.join(added)}"
                    + (f" (known: {', '.join(sorted(known))})" if known else ""), ",".join(added)))
    value = quantity_value(me.quantity)
    stated = [(q, f.quantity) for f in relevant if f.quantity and (q := quantity_value(f.quantity))]
    if value and stated:
        top, text = max(stated, key=lambda s: s[0] or 0)
        if top and value >= ESCALATION * top:
            out.append(("quantity escalation", f"quantity escalation: {text} -> {me.quantity}", str(me.quantity)))
    return out


def _newcomers(me: Fact, facts: Sequence[Fact]) -> list[tuple[str, str, str]]:
    """For a pair never seen in an arms transfer: a known recipient's new supplier, a known
    supplier's new recipient."""
    if not is_arms(me.event_type, me.contexts) or not me.actor2_code:
        return []
    arms = [f for f in facts if is_arms(f.event_type, f.contexts)]
    suppliers = sorted({f.actor1_code for f in arms if f.actor2_code == me.actor2_code and f.actor1_code != me.actor1_code})
    recipients = sorted({f.actor2_code for f in arms
                         if f.actor1_code == me.actor1_code and f.actor2_code and f.actor2_code != me.actor2_code})
    out = []
    if suppliers:
        out.append(("new supplier", f"new supplier {me.actor1_code} of {me.actor2_code} "
                                    f"(known suppliers: {', '.join(suppliers)})", ""))
    if recipients:
        out.append(("new recipient", f"new recipient {me.actor2_code} of {me.actor1_code} "
                                     f"(known recipients: {', '.join(recipients)})", ""))
    return out


def _known(story: Sequence[Fact]) -> str:
    claims = max((f.claim_status for f in story), key=lambda c: CLAIM_RANK.get(c, 0))
    stages = [f.stage for f in story if f.stage]
    parts = [f"firmest claim {claims}"]
    if stages:
        parts.append(f"furthest stage {max(stages, key=_stage_rank)}")
    classes = sorted({w for f in story for w in f.weapon_classes})
    if classes:
        parts.append(f"weapon classes {', '.join(classes)}")
    quantities = [f.quantity for f in story if quantity_value(f.quantity)]
    if quantities:
        parts.append(f"largest quantity {max(quantities, key=lambda q: quantity_value(q) or 0)}")
    return ", ".join(parts)


def assess_novelty(topic: WatchTopic, event: Mapping[str, Any], facts: Sequence[Fact]) -> Novelty | None:
    """Why ``event`` is a new development for ``topic`` (see judge), or None."""
    return judge(topic, event, facts).novelty
