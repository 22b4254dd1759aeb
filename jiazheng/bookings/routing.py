"""WebSocket routes of bookings (wired into jiazheng/asgi.py)."""

from django.urls import path

from jiazheng.bookings.consumers import DispatchConsumer

websocket_urlpatterns = [
    path("ws/dispatch/", DispatchConsumer.as_asgi()),
]
