"""Backend Mentor's platform-neutral core: grammar, domain, content and the ports it needs."""
