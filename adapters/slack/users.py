"""Who is asking: ``users.info`` read into a ``Profile`` (admin flag, time zone, locale), cached briefly."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.clients import API_ERRORS, error_code
from adapters.slack.inbound import Profile

log = logging.getLogger(__name__)

PROFILE_TTL_SECONDS = 300.0
MAX_CACHED = 10_000


class UserDirectory:
    """Profiles by user id. A failed lookup answers the safe default (not an admin) and is not cached."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        ttl: float = PROFILE_TTL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._ttl = ttl
        self._monotonic = monotonic
        self._cache: OrderedDict[str, tuple[float, Profile]] = OrderedDict()

    async def profile(self, user: str) -> Profile:
        now = self._monotonic()
        cached = self._cache.get(user)
        if cached and now - cached[0] < self._ttl:
            return cached[1]
        try:
            response = await self._client.users_info(user=user, include_locale=True)
        except API_ERRORS as exc:
            log.warning("users.info failed", extra={"user": user, "error": error_code(exc)})
            return Profile()
        profile = profile_from_user(response.get("user") or {})
        self._cache[user] = (now, profile)
        self._cache.move_to_end(user)
        while len(self._cache) > MAX_CACHED:
            self._cache.popitem(last=False)
        return profile


def profile_from_user(user: dict[str, Any]) -> Profile:
    """Workspace admins and owners count as admins; ``tz`` is an IANA name such as ``Europe/Berlin``."""
    names = user.get("profile") or {}
    return Profile(
        is_admin=any(bool(user.get(flag)) for flag in ("is_admin", "is_owner", "is_primary_owner")),
        display_name=str(names.get("display_name") or names.get("real_name") or user.get("name") or ""),
        timezone=user.get("tz") or None,
        locale=user.get("locale") or None,
    )
