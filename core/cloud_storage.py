"""What went wrong with Google Cloud Storage, said so that a deployer can fix it.

Shared by the start-up check (core.checks) and `manage.py providers_check`. Google's libraries
are imported only inside functions: without GS_BUCKET_NAME nothing here runs.
"""

from __future__ import annotations

from typing import Any

# A name that is signed, never written: signing needs no object.
PROBE_NAME = "reverie-start-up-check/probe.txt"

# Storage Object Admin has storage.objects.* but not storage.buckets.get, which the bucket
# check needs; Storage Legacy Bucket Reader adds it (storage.buckets.get, storage.objects.list).
BUCKET_ROLES = ("Grant the service account Storage Object Admin (roles/storage.objectAdmin) "
                "and Storage Legacy Bucket Reader (roles/storage.legacyBucketReader) on the "
                "bucket, or Storage Admin (roles/storage.admin) on it.")
IAM_SIGNING = ("Set GS_IAM_SIGN_BLOB=true to sign through the IAM signBlob API (the signing "
               "service account then needs Service Account Token Creator, "
               "roles/iam.serviceAccountTokenCreator, on itself), or set "
               "GOOGLE_APPLICATION_CREDENTIALS (or GS_CREDENTIALS) to a service-account key "
               "file.")


def storage_problem(exc: Exception) -> tuple[str, str]:
    """(what happened, what to do) for an exception of a bucket or object call."""
    from google.api_core import exceptions as api
    from google.auth import exceptions as auth

    if isinstance(exc, api.Forbidden):
        return "these credentials may not use the bucket.", BUCKET_ROLES
    if isinstance(exc, api.NotFound):
        return ("the bucket does not exist.",
                "Create it, or set GS_BUCKET_NAME (and GS_PROJECT_ID) to an existing bucket.")
    if isinstance(exc, api.Unauthorized | auth.RefreshError):
        return ("Google Cloud did not accept these credentials.",
                "Check the key file that GOOGLE_APPLICATION_CREDENTIALS (or GS_CREDENTIALS) "
                "names: it may be revoked or belong to a deleted service account.")
    if isinstance(exc, auth.DefaultCredentialsError):
        return ("no Google Cloud credentials were found.",
                "Set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run "
                "where Application Default Credentials exist.")
    # Transport errors differ by library; all mean "unreachable".
    return (f"Google Cloud Storage could not be reached ({type(exc).__name__}).",
            "Check the network, STORAGE_EMULATOR_HOST if you use the emulator, and "
            "GOOGLE_APPLICATION_CREDENTIALS.")


def signing_problem(exc: Exception) -> tuple[str, str]:
    """(what happened, what to do) for an exception raised while signing a URL."""
    from google.auth import exceptions as auth

    text = str(exc)
    if isinstance(exc, AttributeError) and "private key" in text:
        return "these credentials cannot sign URLs: they hold no private key.", IAM_SIGNING
    if isinstance(exc, AttributeError) and "service_account_email" in text:
        return ("signing through IAM needs the signing service account's e-mail, and these "
                "credentials do not name one.",
                "Set GS_SA_EMAIL to the service account that signs the URLs (it needs Service "
                "Account Token Creator, roles/iam.serviceAccountTokenCreator, granted to these "
                "credentials' identity).")
    if isinstance(exc, auth.TransportError) and "IAM sign" in text:
        return ("the IAM signBlob API refused to sign a URL.",
                "Grant Service Account Token Creator (roles/iam.serviceAccountTokenCreator) on "
                "the signing service account (GS_SA_EMAIL, or the credentials' own) and enable "
                "the IAM Service Account Credentials API on the project.")
    return storage_problem(exc)


def sign_probe(storage: Any) -> tuple[str, str] | None:
    """None if the storage can sign a media URL, else (what happened, what to do)."""
    try:
        storage.url(PROBE_NAME)
    except Exception as exc:  # whatever the signer raised, the URLs would be a 500
        return signing_problem(exc)
    return None
