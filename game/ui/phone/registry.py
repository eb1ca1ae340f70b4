"""Which view draws which channel: one line per channel. A new channel is one new module beside
these and one line here (as `in_person` was)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .app import AppView
from .bank_transfer import BankTransferView
from .base import ChannelView
from .call import CallView
from .chat import ChatView
from .email import EmailView
from .in_person import InPersonView
from .search_ad import SearchAdView
from .sms import SmsView
from .web import WebView

CHANNEL_VIEWS: Mapping[str, ChannelView] = MappingProxyType({
    "search_ad": SearchAdView(),
    "chat": ChatView(),
    "sms": SmsView(),
    "call": CallView(),
    "web": WebView(),
    "app": AppView(),
    "bank_transfer": BankTransferView(),
    "email": EmailView(),
    "in_person": InPersonView(),
})

#: Before the first message of a scenario there is no channel yet: a plain screen.
BLANK = ChannelView()
