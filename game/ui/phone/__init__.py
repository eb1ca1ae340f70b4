"""The simulated phone: `PhoneView` (frame, status bar, tabs, scrolling, hit targets) and one
view per channel, chosen from `CHANNEL_VIEWS`."""

from .registry import CHANNEL_VIEWS
from .view import PhoneView

__all__ = ["CHANNEL_VIEWS", "PhoneView"]
