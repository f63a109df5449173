"""Uploaded files get random names: nothing of the uploader's file name reaches the URL."""

import secrets
from pathlib import PurePath

from django.utils import timezone


def random_name(folder: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}{suffix}"


def news_image_path(instance, filename: str) -> str:
    return random_name("news/images", filename)


def news_attachment_path(instance, filename: str) -> str:
    return random_name("news/attachments", filename)
