"""The media storage on Google Cloud Storage (django-storages), saying when it cannot write."""

from __future__ import annotations

from google.api_core.exceptions import GoogleAPIError
from google.auth.exceptions import GoogleAuthError
from google.cloud.storage.exceptions import DataCorruption, InvalidResponse
from requests.exceptions import RequestException
from storages.backends.gcloud import GoogleCloudStorage

from core.errors import StorageUnavailable
from core.storage import UnavailableOnFailedSave

# What an upload that the bucket refused, or could not be reached for, raises.
UPLOAD_FAILURES = (GoogleAPIError, GoogleAuthError, InvalidResponse, DataCorruption,
                   RequestException)


class GoogleCloudMediaStorage(UnavailableOnFailedSave, GoogleCloudStorage):
    def unavailable(self, exc: Exception) -> StorageUnavailable | None:
        if isinstance(exc, UPLOAD_FAILURES):
            return StorageUnavailable()
        return super().unavailable(exc)
