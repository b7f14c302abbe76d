"""`forget me` (confirm, then erase everything stored about the person) and `export me` (all of it, as one file)."""

from __future__ import annotations

import json
from datetime import datetime

from bot.messages import Button, FileAttachment, Incoming, Paragraph, Reply, dm_destination
from bot.ports import PersonalFiles, Store

EXPORT_NAME = "mentor-export.json"


def forget_me(store: Store, files: PersonalFiles | None, incoming: Incoming, confirmed: bool | None) -> Reply:
    if confirmed is None:
        return Reply(
            heading="Erase your data?",
            blocks=(
                Paragraph(
                    "This deletes everything I keep about you: your plan and progress, the assessment, check-ins, "
                    "your DM digest, quizzes and reviews, the tips you were shown, the questions you asked, the "
                    "files I saved for you, your team sharing, learning partners and the summaries you set up for "
                    "yourself. Channel subscriptions you created stay, without your name; a workspace you installed "
                    "me in keeps me, without your name. This cannot be undone. `export me` first gives you a copy."
                ),
            ),
            buttons=(Button("Yes, erase my data", "forget me confirm"), Button("Keep my data", "forget me cancel")),
        )
    if not confirmed:
        return Reply(blocks=(Paragraph("Nothing was erased."),))
    key = dm_destination(incoming).key
    erased = store.privacy.erase_user(incoming.platform, incoming.workspace, incoming.user, key)
    erased += files.erase(key) if files is not None else 0
    return Reply(blocks=(Paragraph(f"Done: {erased} record(s) about you were erased. Nothing about you is left."),))


def export_me(store: Store, files: PersonalFiles | None, incoming: Incoming, now: datetime) -> Reply:
    """Everything stored about the person as one JSON file, sent to their DM (a saved file at the console)."""
    key = dm_destination(incoming).key
    tables = store.privacy.export_user(incoming.platform, incoming.workspace, incoming.user, key)
    document = {
        "exported_at": now.isoformat(),
        "person": {"platform": incoming.platform, "workspace": incoming.workspace, "user": incoming.user},
        "tables": tables,
        "files": files.names(key) if files is not None else [],
    }
    data = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()
    records = sum(len(rows) for rows in tables.values())
    return Reply(
        heading="Your data",
        blocks=(
            Paragraph(
                f"Everything I keep about you ({records} record(s)) is in the attached file `{EXPORT_NAME}`. "
                "`forget me` erases it all."
            ),
        ),
        files=(FileAttachment(EXPORT_NAME, data, "Everything Backend Mentor stores about you, as JSON"),),
        to_dm=True,
    )
