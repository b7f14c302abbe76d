"""Hypothesis strategies for hostile chat input: odd Unicode, platform markup, injections, commands with junk."""

from __future__ import annotations

from hypothesis import strategies as st

ODD_CHARACTERS = (
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width
    "\u202e\u202d\u2066\u2067"  # bidi overrides and isolates
    "\u0301\u0308\u20dd"  # combining marks
    "שלום مرحبا 你好 ß ǅ 𝔘 👩‍💻 🏳️‍🌈"
    "\x00\x07\x1b\r\n\t"
)
MARKUP = (
    "<!channel>", "<!here>", "<!everyone>", "<@U1>", "<@W123|bob>", "<#C1|general>", "<#C1>", "@everyone", "@here",
    "<@&123456>", "<@!42>", "<https://evil.example|click>", "`code`", "```block```", "*bold*", "~strike~",
)  # fmt: skip
INJECTIONS = (
    "'; DROP TABLE schedules; --", "\" OR 1=1 --", "%", "_", "\\", "../../etc/passwd", "/dev/null", "${HOME}",
    "{{7*7}}", "<script>alert(1)</script>", "a-" * 40, "x" * 300, "99999999999999999999", "-1", "0", "NaN", "1e309",
    "Mars/Olympus", "UTC+99", "Europe/Berlin", "25:61", "mon,xyz", "daily", "here", "<#C9>", "cancel", "back", "none",
)  # fmt: skip
COMMANDS = (
    "help", "ask", "topics", "topics databases", "tip", "plan", "plan reset", "plan picture", "done", "skip",
    "checkin on", "checkin off", "digest subscribe", "digest unsubscribe", "digest status", "digest preview",
    "digest now", "digest me on", "digest me off", "digest resend", "forget me", "forget me confirm",
    "forget me cancel", "team", "team map", "team share on", "team share off", "team summary on", "team summary off",
    "team on", "team off", "partners", "partners join", "partners leave", "partners snooze", "partners schedule",
    "partners met 1",
)  # fmt: skip

words = st.one_of(
    st.sampled_from(MARKUP),
    st.sampled_from(INJECTIONS),
    st.text(alphabet=st.sampled_from(ODD_CHARACTERS), max_size=8),
    st.text(max_size=12),
    st.integers(-(10**30), 10**30).map(str),
)
free_text = st.lists(words, max_size=8).map(" ".join)
command_text = st.tuples(st.sampled_from(COMMANDS), st.lists(words, max_size=5)).map(
    lambda parts: " ".join([parts[0], *parts[1]])
)
hostile_text = st.one_of(free_text, command_text, st.text(max_size=200))
