"""The Slack adapter: Bolt (Socket Mode or HTTP) in, Block Kit out, and the Messenger port for scheduled sends.

Entry point: ``await run_slack(app)`` with the ``App`` from ``adapters.bootstrap.build_app``. One workspace with
``SLACK_BOT_TOKEN``, or any number with ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` (the OAuth install flow, each
workspace's token in the database: ``Installations``).
"""

from adapters.slack.app import build_slack_app
from adapters.slack.installations import Installations
from adapters.slack.membership import ChannelCheck, SlackChannelAccess, is_member
from adapters.slack.messenger import SlackMessenger
from adapters.slack.server import build_asgi, run_slack

__all__ = [
    "ChannelCheck",
    "Installations",
    "SlackChannelAccess",
    "SlackMessenger",
    "build_asgi",
    "build_slack_app",
    "is_member",
    "run_slack",
]
