"""Composes a scheduled digest issue for a destination and records the tip once it was sent."""

from __future__ import annotations

from bot.content import Content
from bot.delivery.dispatcher import Composed
from bot.digests.issue import issue_reply
from bot.digests.rotation import next_tip
from bot.messages import Destination, Reply
from bot.ports import Clock, Delivery, PostedTip, Store


class DigestComposer:
    def __init__(self, content: Content, store: Store, clock: Clock) -> None:
        self.content = content
        self.store = store
        self.clock = clock

    def next_issue(self, destination: Destination, *, private: bool = False) -> tuple[Reply, PostedTip]:
        """The next issue for a destination, without recording it."""
        posted = next_tip(self.content.tips, self.store.tips.posted(destination.key), destination.key)
        tip = self.content.tip(posted.tip_id)
        assert tip is not None  # next_tip only returns live tips
        return issue_reply(self.content, tip, to_channel=destination.channel is not None, private=private), posted

    def record(self, destination: Destination, posted: PostedTip) -> None:
        self.store.tips.record(destination.key, posted, self.clock.now())

    def compose(self, delivery: Delivery) -> Composed | None:
        reply, posted = self.next_issue(delivery.destination)
        return Composed(reply, f"{posted.cycle}:{posted.tip_id}")

    def sent(self, delivery: Delivery, composed: Composed) -> None:
        cycle, _, tip_id = (composed.payload or "").partition(":")
        self.record(delivery.destination, PostedTip(tip_id, int(cycle)))
