"""Composes scheduled digest issues for a batch of destinations and records the tips once sent."""

from __future__ import annotations

from bot.content import Content
from bot.delivery.dispatcher import Composed
from bot.digests.issue import issue_reply
from bot.digests.rotation import Rotation
from bot.messages import Destination, Reply
from bot.ports import Clock, Delivery, PostedTip, Store


class DigestComposer:
    def __init__(self, content: Content, store: Store, clock: Clock) -> None:
        self.content = content
        self.store = store
        self.clock = clock
        # Issues rendered for scheduled sends, by (tip, to a channel): content is fixed for the process's life, and
        # batches are small, so each issue is rendered once per process rather than once per batch.
        self._issues: dict[tuple[str, bool], Reply] = {}
        self._rotation = Rotation(content.tips)

    def next_issue(self, destination: Destination, *, private: bool = False) -> tuple[Reply, PostedTip]:
        """The next issue for a destination, without recording it."""
        history = self.store.tips.posted([destination.key]).get(destination.key, [])
        return self._issue(destination, self._rotation.next(history, destination.key), private)

    def record(self, destination: Destination, posted: PostedTip) -> None:
        self.store.tips.record([(destination.key, posted)], self.clock.now())

    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        keys = [d.destination.key for d in deliveries]
        histories = self.store.tips.posted(keys)
        composed = {}
        issues = self._issues
        for delivery in deliveries:
            key = delivery.destination.key
            posted = self._rotation.next(histories.get(key, []), key)
            shape = (posted.tip_id, delivery.destination.channel is not None)
            if shape not in issues:
                issues[shape], _ = self._issue(delivery.destination, posted, private=False)
            composed[delivery.id] = Composed(issues[shape], f"{posted.cycle}:{posted.tip_id}")
        return composed

    def given(self, items: list[tuple[Delivery, Composed]]) -> list[tuple[str, PostedTip]]:
        entries = []
        for delivery, composed in items:
            cycle, _, tip_id = (composed.payload or "").partition(":")
            entries.append((delivery.destination.key, PostedTip(tip_id, int(cycle))))
        return entries

    def _issue(self, destination: Destination, posted: PostedTip, private: bool) -> tuple[Reply, PostedTip]:
        tip = self.content.tip(posted.tip_id)
        if tip is None:  # the rotation only returns live tips
            raise LookupError(posted.tip_id)
        return issue_reply(self.content, tip, to_channel=destination.channel is not None, private=private), posted
