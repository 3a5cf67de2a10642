"""The media storages: Django's own, except that a write which cannot happen says so.

A full disk, a read-only or forbidden MEDIA_ROOT, or a bucket that refuses the upload raises
core.errors.StorageUnavailable instead of whatever the layer below raised. Every save of
every app goes through here, so a request answers 503 saying storage is unavailable and a
job's error says the same (the runner retries it like any provider outage).
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import FileSystemStorage

from core.errors import StorageUnavailable, storage_error


class UnavailableOnFailedSave:
    """Storage mixin: `save` raises StorageUnavailable for the failures `unavailable` knows."""

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        try:
            return super().save(name, content, max_length=max_length)  # type: ignore[misc]
        except StorageUnavailable:
            raise
        except Exception as exc:
            error = self.unavailable(exc)
            if error is None:
                raise
            raise error from exc

    def unavailable(self, exc: Exception) -> StorageUnavailable | None:
        return storage_error(exc)


class MediaFileSystemStorage(UnavailableOnFailedSave, FileSystemStorage):
    """FileSystemStorage under MEDIA_ROOT. A read that fails because MEDIA_ROOT is not there as
    a readable directory is StorageUnavailable too, so a job reading its input retries; a file
    that is simply missing is still FileNotFoundError."""

    def _open(self, name: str, mode: str = "rb") -> Any:
        try:
            return super()._open(name, mode)
        except OSError as exc:
            error = storage_error(exc)
            if error is None:
                raise
            raise error from exc

    def url(self, name: str | None) -> str:
        # Like a V4 signed URL on Cloud Storage: the address works for a while, for its holder.
        from core.media import signed_path

        return signed_path(super().url(name))
