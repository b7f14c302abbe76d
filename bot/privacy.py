"""`forget me`: confirm, then erase everything stored about the person."""

from __future__ import annotations

from bot.messages import Button, Incoming, Paragraph, Reply, dm_destination
from bot.ports import Store


def forget_me(store: Store, incoming: Incoming, confirmed: bool | None) -> Reply:
    if confirmed is None:
        return Reply(
            heading="Erase your data?",
            blocks=(
                Paragraph(
                    "This deletes everything I keep about you: your plan and progress, the assessment, check-ins, "
                    "your DM digest, the tips you were shown, the questions you asked, your team sharing, learning "
                    "partners and the summaries you set up for yourself. Channel subscriptions you created stay, "
                    "without your name. This cannot be undone."
                ),
            ),
            buttons=(Button("Yes, erase my data", "forget me confirm"), Button("Keep my data", "forget me cancel")),
        )
    if not confirmed:
        return Reply(blocks=(Paragraph("Nothing was erased."),))
    erased = store.privacy.erase_user(
        incoming.platform, incoming.workspace, incoming.user, dm_destination(incoming).key
    )
    return Reply(blocks=(Paragraph(f"Done: {erased} record(s) about you were erased. Nothing about you is left."),))
