"""The OAuth install flow for a multi-workspace app (Bolt's ``AsyncOAuthSettings``) over our installation store.

``GET /slack/install`` redirects to Slack's consent page (with a one-time ``state`` and a browser cookie);
``GET /slack/oauth_redirect`` checks both, exchanges the code (``oauth.v2.access``), saves the installation and
shows Bolt's "installed" page. Bot scopes only: the app never asks for a user token.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_callback_options import AsyncCallbackOptions, AsyncFailureArgs, AsyncSuccessArgs
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse

from adapters.settings import Settings
from adapters.slack.installations import STATE_EXPIRATION_SECONDS, AsyncInstallations, AsyncOAuthStates, Installations

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"

WorkspaceEvent = Callable[[str], Awaitable[None]]


def bot_scopes(settings: Settings) -> list[str]:
    return [scope.strip() for scope in settings.slack_scopes.split(",") if scope.strip()]


def oauth_settings(
    settings: Settings, installations: Installations, on_installed: WorkspaceEvent | None = None
) -> AsyncOAuthSettings:
    """The install flow: ``/slack/install`` redirects to Slack, ``/slack/oauth_redirect`` exchanges the code
    (``oauth.v2.access``) and saves the installation; ``on_installed(team_id)`` is awaited after each install."""

    async def success(args: AsyncSuccessArgs) -> BoltResponse:
        team = args.installation.team_id or ""
        log.info("slack app installed", extra={"team": team})
        if on_installed is not None and team:
            try:
                await on_installed(team)
            except Exception:  # the installation is saved: the installer still gets the success page
                log.exception("after-install work failed", extra={"team": team})
        return await args.default.success(args)

    async def failure(args: AsyncFailureArgs) -> BoltResponse:
        log.warning("slack install failed", extra={"reason": args.reason})
        return await args.default.failure(args)

    secret = settings.slack_client_secret.get_secret_value() if settings.slack_client_secret else None
    oauth = AsyncOAuthSettings(
        client_id=installations.client_id,
        client_secret=secret,
        scopes=bot_scopes(settings),
        user_scopes=[],
        install_path=INSTALL_PATH,
        install_page_rendering_enabled=False,
        redirect_uri_path=REDIRECT_PATH,
        callback_options=AsyncCallbackOptions(success=success, failure=failure),
        installation_store=AsyncInstallations(installations.store),
        state_store=AsyncOAuthStates(installations.states),
        state_expiration_seconds=STATE_EXPIRATION_SECONDS,
        logger=logging.getLogger("slack_bolt.oauth"),
    )
    if isinstance(oauth.authorize, AsyncInstallationStoreAuthorize):
        oauth.authorize.cache_enabled = True  # one auth.test per bot token, not one per request
    return oauth
