"""What the problems tests share: file contents of each kind the uploads check, and page helpers."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tuijin.core.models import User

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03" + b"\x00" * 64


def page(client: Client, url: str, **kwargs: Any) -> str:
    """The HTML of a page that must answer 200."""
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
