"""Feedback on answers, follow-ups on the same topic, and a human mentor when the bot cannot help."""
