"""Messages the bot starts itself (digests, check-ins): schedules, what is due, the ledger and the sender."""
